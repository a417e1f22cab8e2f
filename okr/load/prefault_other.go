//go:build !linux

package load

// adviseHuge does nothing outside Linux.
func adviseHuge(b []byte) {}
