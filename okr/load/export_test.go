package load

// The loader's steps under the names the tests use.

type File = file

var (
	Discover   = discover
	ParseAfter = parseAfter
	ParseBytes = parseBytes
)
