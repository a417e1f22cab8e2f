package digest

import (
	"net/url"
	"strings"
)

// links builds the addresses of the pages okr site writes under the
// dashboard's address (--link); every method returns "" without one.
type links string

// page is the address of a page of the site.
func (l links) page(name string) string {
	if l == "" {
		return ""
	}
	return string(l) + "/" + url.PathEscape(name)
}

// owner is the address of an owner's page for a period, at anchor when
// not "".
func (l links) owner(owner, period, anchor string) string {
	u := l.page("owner-" + owner + "-" + period + ".html")
	if u != "" && anchor != "" {
		u += "#" + url.PathEscape(anchor)
	}
	return u
}

// keyResult is the address of a key result's section (okr site's
// anchor kr-<objective>.<kr>).
func (l links) keyResult(owner, period, objective, kr string) string {
	return l.owner(owner, period, KeyResultAnchor(objective, kr))
}

// ref is the address of what a ref names in a period: an owner's page,
// or the section of an objective or key result on it.
func (l links) ref(ref, period string) string {
	parts := strings.Split(ref, "/")
	switch len(parts) {
	case 1:
		return l.owner(parts[0], period, "")
	case 2:
		return l.owner(parts[0], period, "")
	}
	return l.keyResult(parts[0], period, parts[1], parts[2])
}

// KeyResultAnchor is the anchor okr site gives a key result's section:
// kr-<objective>.<kr> (SPEC §5).
func KeyResultAnchor(objective, kr string) string {
	return "kr-" + objective + "." + kr
}

// ParseLink checks a --link address: an absolute http or https URL, with
// no query or fragment (the pages' names follow it). The trailing '/' is
// dropped.
func ParseLink(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#") {
		return "", &LinkError{s}
	}
	return strings.TrimRight(s, "/"), nil
}

// LinkError is a --link that is not an http or https address.
type LinkError struct{ Link string }

func (e *LinkError) Error() string {
	return "--link " + e.Link + " is not a web address: give the dashboard's address, such as https://acme.github.io/okrs/ (no ? or #)"
}
