package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/tree"
)

// TreeFormats are the formats of `okr tree`; the first is the default.
var TreeFormats = []string{"text", "markdown", "mermaid", "json"}

// Tree writes an alignment tree in format:
//
//   - text: one line per objective, indented under the objective it aligns
//     to (ref, period, title, score, grade, status, forecast), then the
//     unsupported objectives.
//   - markdown: the same as a nested list, with a grade emoji.
//   - mermaid: a `flowchart TD` (TreeMermaid), in a ```mermaid fence is
//     what GitHub renders; written bare here, as `mmdc` reads it.
//   - json: the Tree.
func Tree(w io.Writer, format string, t *tree.Tree) error {
	switch format {
	case "text", "":
		return treeText(w, t)
	case "markdown":
		return treeMarkdown(w, t)
	case "mermaid":
		return TreeMermaid(w, t)
	case "json":
		return JSON(w, t) // numbers rounded to 12 significant digits by JSON
	}
	return UnknownFormat(format, TreeFormats)
}

// treeFacts is "0.30 red, off-track, forecast 0.45" (no forecast part
// without one).
func treeFacts(n *tree.Node) string {
	// Grades and statuses are okr's words, not repository text.
	s := scScore(n.Score) + " " + n.Grade + ", " + n.Status
	if n.ForecastScore != nil {
		s += ", forecast " + scScore(*n.ForecastScore)
	}
	return s
}

func treeText(w io.Writer, t *tree.Tree) error {
	var b strings.Builder
	fmt.Fprintf(&b, "as of %s\n", t.AsOf)
	if len(t.Roots) == 0 {
		b.WriteString("no objectives\n")
	}
	var line func(n *tree.Node, prefix, branch string)
	line = func(n *tree.Node, prefix, branch string) {
		fmt.Fprintf(&b, "%s%s%s (%s): %s — %s\n", prefix, branch, Text(n.Ref), Text(n.Period), Text(n.Title), treeFacts(n))
		switch branch {
		case "├── ":
			prefix += "│   "
		case "└── ":
			prefix += "    "
		}
		for i, c := range n.Children {
			br := "├── "
			if i == len(n.Children)-1 {
				br = "└── "
			}
			line(c, prefix, br)
		}
	}
	for _, r := range t.Roots {
		line(r, "", "")
	}
	if len(t.Unsupported) > 0 {
		b.WriteString("\nunsupported (company and department objectives that nothing aligns to):\n")
		for _, ref := range t.Unsupported {
			fmt.Fprintf(&b, "  %s\n", Text(ref))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func treeMarkdown(w io.Writer, t *tree.Tree) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Alignment as of %s\n\n", t.AsOf)
	if len(t.Roots) == 0 {
		b.WriteString("No objectives.\n")
	}
	t.Walk(func(n *tree.Node, depth int) {
		fmt.Fprintf(&b, "%s- %s %s (%s) %s — %s\n", strings.Repeat("  ", depth), scEmoji(n.Grade),
			MarkdownCode(n.Ref), Markdown(n.Period), Markdown(n.Title), treeFacts(n))
	})
	if len(t.Unsupported) > 0 {
		b.WriteString("\n**Unsupported** (company and department objectives that nothing aligns to):\n\n")
		for _, ref := range t.Unsupported {
			fmt.Fprintf(&b, "- %s\n", MarkdownCode(ref))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// TreeMermaid writes t as a Mermaid `flowchart TD`: a node per objective
// (n1, n2, … in the order of the tree) labelled with its ref, title and
// score, an arrow from each objective to those that align to it, and the
// nodes coloured by grade. Labels go through MermaidLabel. Put it in a
// ```mermaid fence for GitHub to draw it.
func TreeMermaid(w io.Writer, t *tree.Tree) error {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	ids := map[*tree.Node]string{}
	grades := map[string][]string{}
	t.Walk(func(n *tree.Node, depth int) {
		id := "n" + strconv.Itoa(len(ids)+1)
		ids[n] = id
		fmt.Fprintf(&b, "  %s[\"%s<br/>%s<br/>%s\"]\n", id, MermaidLabel(n.Ref+" · "+n.Period), MermaidLabel(n.Title), MermaidLabel(treeFacts(n)))
		grades[n.Grade] = append(grades[n.Grade], id)
	})
	t.Walk(func(n *tree.Node, depth int) {
		for _, c := range n.Children {
			fmt.Fprintf(&b, "  %s --> %s\n", ids[n], ids[c])
		}
	})
	for _, g := range []struct{ name, style string }{
		{"green", "fill:#d9f2de,stroke:#1a7f37,color:#0b3d1a"},
		{"yellow", "fill:#fff3c4,stroke:#9a6700,color:#3d2b00"},
		{"red", "fill:#ffdcd7,stroke:#cf222e,color:#4d0a0f"},
	} {
		if len(grades[g.name]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  classDef %s %s\n", g.name, g.style)
		fmt.Fprintf(&b, "  class %s %s\n", strings.Join(grades[g.name], ","), g.name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MermaidLabel makes repository text safe inside a double-quoted Mermaid
// node label: Text first (control characters as visible escapes), then
// every character that Mermaid or the HTML it renders to could read as
// syntax (quotes, brackets, braces, parentheses, <, >, &, #, |, `) as a
// Mermaid entity code (#quot;, #35;, …), and a backslash as the look-alike
// ⧵ (Mermaid reads \n as a line break), so that a title can neither end the
// label, add nodes, links or lines, nor inject HTML.
func MermaidLabel(s string) string {
	s = Text(s)
	if !strings.ContainsAny(s, mermaidSpecial) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune(mermaidSpecial, r) {
			switch r {
			case '"':
				b.WriteString("#quot;")
			case '\\':
				// Mermaid reads \n in a label as a line break, even from
				// #92;n: a look-alike keeps Text's escapes visible.
				b.WriteString("⧵")
			default:
				fmt.Fprintf(&b, "#%d;", r)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

const mermaidSpecial = "\"'`#&<>[](){}|\\"
