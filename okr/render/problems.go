package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// ProblemFormats are the formats of `okr validate`.
var ProblemFormats = []string{"text", "json", "github", "sarif", "junit", "gitlab", "markdown"}

// Summary is what a problems writer needs besides the problems.
type Summary struct {
	Files     int      // OKR files read
	Color     bool     // ANSI colour (text only)
	FileNames []string // the OKR files read, relative to the root (junit: a testsuite each)
	// Prefix is put before every file name in the CI formats (github,
	// sarif, junit, gitlab): the root's path from the top of the git work
	// tree, "/"-terminated ("okrs/"), or "" when the root is that top or
	// not in a work tree.
	Prefix  string
	Version string // okr's version, for SARIF's driver ("" is "devel")
}

// ProblemWriter writes validation problems in one format.
type ProblemWriter interface {
	Write(w io.Writer, ps []model.Problem, s Summary) error
}

// NewProblemWriter returns the writer for format.
func NewProblemWriter(format string) (ProblemWriter, error) {
	switch format {
	case "text", "":
		return textProblems{}, nil
	case "json":
		return jsonProblems{}, nil
	case "github":
		return githubProblems{}, nil
	case "sarif":
		return sarifProblems{}, nil
	case "junit":
		return junitProblems{}, nil
	case "gitlab":
		return gitlabProblems{}, nil
	case "markdown":
		return markdownProblems{}, nil
	}
	return nil, UnknownFormat(format, ProblemFormats)
}

// UnknownFormat is the error for a format a command does not write.
func UnknownFormat(format string, allowed []string) error {
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(allowed, ", "))
}

type textProblems struct{}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiBold   = "\x1b[1m"
	ansiReset  = "\x1b[0m"
)

func (textProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	var b strings.Builder
	for _, p := range ps {
		sev := string(p.Severity)
		if s.Color {
			c := ansiYellow
			if p.Severity == model.Error {
				c = ansiRed
			}
			sev = c + sev + ansiReset
		}
		b.WriteString(problemLine(p, sev))
		b.WriteByte('\n')
		if p.Hint != "" {
			fmt.Fprintf(&b, "    hint: %s\n", Text(p.Hint))
		}
	}
	errs, warns := model.Count(ps)
	if errs == 0 && warns == 0 {
		fmt.Fprintf(&b, "ok: %s, no problems\n", plural(s.Files, "file"))
	} else {
		fmt.Fprintf(&b, "%s, %s in %s\n", plural(errs, "error"), plural(warns, "warning"), plural(s.Files, "file"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ProblemLine is a problem as one line of text, without its hint:
// file:line:col: severity: message [rule], the repository's text in it
// through Text.
func ProblemLine(p model.Problem) string {
	return problemLine(p, string(p.Severity))
}

func problemLine(p model.Problem, sev string) string {
	pos := p.Pos
	pos.File = LinePath(pos.File)
	return fmt.Sprintf("%s: %s: %s [%s]", pos, sev, Text(p.Message), Text(p.Rule))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

type jsonProblem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonProblems struct{}

func (jsonProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	errs, warns := model.Count(ps)
	out := struct {
		Valid    bool          `json:"valid"`
		Errors   int           `json:"errors"`
		Warnings int           `json:"warnings"`
		Files    int           `json:"files"`
		Problems []jsonProblem `json:"problems"`
	}{Valid: errs == 0, Errors: errs, Warnings: warns, Files: s.Files, Problems: []jsonProblem{}}
	for _, p := range ps {
		out.Problems = append(out.Problems, jsonProblem{p.File, p.Line, p.Column, string(p.Severity), p.Rule, p.Message, p.Hint})
	}
	return JSON(w, out)
}

// JSON writes v as indented JSON with a trailing newline, without escaping
// <, > and &. Numbers carry 12 significant digits (SPEC §2: 0.76, not
// 0.7599999999999995). Control characters in strings are escaped:
// encoding/json escapes U+0000–U+001F, U+2028 and U+2029, and JSON escapes
// DEL and the C1 controls U+0080–U+009F too, which a terminal may obey.
//
// A float64 that is not finite (NaN, ±Inf), which JSON cannot carry, is
// written as null rather than failing the whole output (jsonfinite.go).
func JSON(w io.Writer, v any) error {
	err := encodeJSON(w, v, nil)
	var unsupported *json.UnsupportedValueError
	if !errors.As(err, &unsupported) {
		return err // an Encoder writes nothing for a value it refuses
	}
	c, null := nullSentinel(v)
	return encodeJSON(w, c, null)
}

// encodeJSON writes v through a jsonWriter that writes the number token
// null, when not nil, as null.
func encodeJSON(w io.Writer, v any, null []byte) error {
	enc := json.NewEncoder(jsonWriter{w: w, null: null})
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonWriter rewrites the JSON text that an Encoder writes: a number with
// more than 12 significant digits is rounded to 12, and DEL and
// U+0080–U+009F in strings are written as \u007f … \u009f (in valid UTF-8,
// which encoding/json writes, they are the byte 0x7f and the pairs 0xc2
// 0x80–0x9f). An Encoder writes each value in one Write, so that no token
// is split between two.
type jsonWriter struct {
	w    io.Writer
	null []byte // a number token written as null (JSON's sentinel); nil for none
}

func (j jsonWriter) Write(p []byte) (int, error) {
	var out []byte // the text rewritten so far, from p[:last]; nil while p needs no change
	last := 0
	flush := func() error { // write out once it is large, so that it stays small
		if len(out) < 64<<10 {
			return nil
		}
		_, err := j.w.Write(out)
		out = out[:0]
		return err
	}
	inString := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case inString && c == '\\':
			i++ // the escaped character
		case inString && c == '"':
			inString = false
		case inString && (c == 0x7f || c == 0xc2 && i+1 < len(p) && p[i+1] >= 0x80 && p[i+1] <= 0x9f):
			out = append(out, p[last:i]...)
			if c == 0xc2 {
				i++
				c = p[i]
			}
			out = append(out, `\u00`...)
			out = append(out, hex2(c)...)
			last = i + 1
		case inString:
		case c == '"':
			inString = true
		case c == '-' || c >= '0' && c <= '9':
			k := i + 1
			for k < len(p) && strings.IndexByte("0123456789.eE+-", p[k]) >= 0 {
				k++
			}
			if tok := p[i:k]; j.null != nil && bytes.Equal(tok, j.null) {
				out = append(out, p[last:i]...)
				out = append(out, "null"...)
				last = k
			} else if sigDigits(tok) > SignificantDigits {
				if v, err := strconv.ParseFloat(string(tok), 64); err == nil {
					out = append(out, p[last:i]...)
					out = appendJSONNum(out, v)
					last = k
				}
			}
			i = k - 1
		default:
			continue
		}
		if out != nil {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if out == nil {
		return j.w.Write(p)
	}
	out = append(out, p[last:]...)
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
