package history

import (
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"
)

// Info is what a report shows of a commit.
type Info struct {
	Hash  string // full hex hash
	Short string // the first 7 hex digits
	// Date is the author date, the date `git log` shows: when the change
	// was written.
	Date time.Time
	// CommitDate is the committer date, by which [Repo.Walk] orders
	// commits: when the change landed (after a rebase or a merge queue, it
	// can be later than Date).
	CommitDate time.Time
	Author     string // author name
	Subject    string // the first paragraph of the message on one line, as git's %s
}

// CommitInfo returns the display information of c.
func CommitInfo(c *object.Commit) Info {
	h := c.Hash.String()
	return Info{
		Hash:       h,
		Short:      h[:7],
		Date:       c.Author.When,
		CommitDate: c.Committer.When,
		Author:     c.Author.Name,
		Subject:    subject(c.Message),
	}
}

// subject returns the first paragraph of msg with its lines joined by
// spaces, as git's %s does.
func subject(msg string) string {
	var lines []string
	for line := range strings.Lines(strings.TrimLeft(msg, " \t\r\n")) {
		line = strings.TrimRight(line, " \t\r\n")
		if strings.TrimSpace(line) == "" {
			break
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, " ")
}
