package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-as-code/okr/okr/model"
)

// The CI formats of `okr validate` (SPEC §3): github, sarif, junit and
// gitlab name files from the top of the git work tree (Summary.Prefix), and
// markdown is a job summary.

// ciFile is a problem's file as the CI formats name it.
func ciFile(s Summary, file string) string { return s.Prefix + file }

// totals is the summary line: "3 errors, 2 warnings in 3 files".
func totals(ps []model.Problem, files int) string {
	errs, warns := model.Count(ps)
	if errs == 0 && warns == 0 {
		return fmt.Sprintf("ok: %s, no problems", plural(files, "file"))
	}
	return fmt.Sprintf("%s, %s in %s", plural(errs, "error"), plural(warns, "warning"), plural(files, "file"))
}

// errorsFirst returns ps with its errors before its warnings, each in file
// order.
func errorsFirst(ps []model.Problem) []model.Problem {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b model.Problem) int {
		ea, eb := a.Severity == model.Error, b.Severity == model.Error
		switch {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		}
		return 0
	})
	return out
}

type githubProblems struct{}

// Write writes GitHub workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// the errors, then the warnings, then one notice with the totals, since
// GitHub shows only the first ten annotations of each kind on a pull
// request.
func (githubProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	var b strings.Builder
	for _, p := range errorsFirst(ps) {
		cmd := "error"
		if p.Severity == model.Warning {
			cmd = "warning"
		}
		props := []string{"file=" + GitHubProperty(ciFile(s, p.File))}
		if p.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", p.Line))
		}
		if p.Column > 0 {
			props = append(props, fmt.Sprintf("col=%d", p.Column))
		}
		props = append(props, "title="+GitHubProperty("okr "+p.Rule))
		msg := p.Message
		if p.Hint != "" {
			msg += "\nhint: " + p.Hint
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), GitHubData(msg))
	}
	note := totals(ps, s.Files)
	if len(ps) > 10 {
		note += " (a pull request shows the first 10 errors and 10 warnings; the job log lists them all)"
	}
	fmt.Fprintf(&b, "::notice title=okr validate::%s\n", GitHubData(note))
	_, err := io.WriteString(w, b.String())
	return err
}

type sarifProblems struct{}

// Write writes a SARIF 2.1.0 log that GitHub code scanning accepts as it
// is (Sarif.Multitool validate with its GitHub rules finds no error):
// every rule okr can report in the driver, with its descriptions, help and
// default level; every result with its rule's index, a level, a region
// from line 1 and a fingerprint that does not change when the problem
// moves to another line.
func (sarifProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	type msg struct {
		Text string `json:"text"`
	}
	type help struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type props struct {
		Tags []string `json:"tags"`
	}
	type rule struct {
		ID                   string `json:"id"`
		ShortDescription     msg    `json:"shortDescription"`
		FullDescription      msg    `json:"fullDescription"`
		Help                 help   `json:"help"`
		HelpURI              string `json:"helpUri"`
		DefaultConfiguration config `json:"defaultConfiguration"`
		Properties           props  `json:"properties"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           region   `json:"region"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type result struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             msg               `json:"message"`
		Locations           []location        `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	var used []string
	for _, p := range ps {
		used = append(used, p.Rule)
	}
	ids := ruleIDs(used)
	index := map[string]int{}
	rules := make([]rule, 0, len(ids))
	for i, id := range ids {
		index[id] = i
		r := ruleOf(id)
		tag := "okr"
		if r.Level == "warning" {
			tag = "okr-practice"
		}
		rules = append(rules, rule{
			ID:               id,
			ShortDescription: msg{sentence(r.Short)}, FullDescription: msg{r.Full},
			Help:    help{Text: r.Help, Markdown: Markdown(r.Help) + "\n\nSee [okr validate](" + RulesHelpURI + ")."},
			HelpURI: RulesHelpURI, DefaultConfiguration: config{r.Level}, Properties: props{Tags: []string{tag}},
		})
	}
	results := []result{}
	seen := map[string]int{}
	for _, p := range ps {
		file := ciFile(s, p.File)
		text := Text(p.Message)
		if p.Hint != "" {
			text += " (hint: " + Text(p.Hint) + ")"
		}
		// The fingerprint leaves the line out, so that a problem keeps it
		// when lines above it are added; the same problem twice in a file
		// is told apart by its count.
		key := p.Rule + "\x00" + file + "\x00" + p.Message
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		reg := region{StartLine: max(p.Line, 1), StartColumn: p.Column}
		if p.Line == 0 {
			reg.StartColumn = 0
		}
		results = append(results, result{
			RuleID: p.Rule, RuleIndex: index[p.Rule], Level: string(p.Severity), Message: msg{sentence(text)},
			Locations:           []location{{PhysicalLocation: physical{ArtifactLocation: artifact{URI: fileURI(file)}, Region: reg}}},
			PartialFingerprints: map[string]string{"okrProblem/v1": hex.EncodeToString(sum[:16])},
		})
	}
	// SARIF wants a version that starts with a number: v1.2.3 is 1.2.3, and
	// a build without one is 0.0.0-devel.
	version := strings.TrimPrefix(s.Version, "v")
	if version == "" || version[0] < '0' || version[0] > '9' {
		version = "0.0.0-" + cmpOr(version, "devel")
	}
	type driver struct {
		Name           string `json:"name"`
		Version        string `json:"version"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	type tool struct {
		Driver driver `json:"driver"`
	}
	type run struct {
		Tool       tool     `json:"tool"`
		ColumnKind string   `json:"columnKind"`
		Results    []result `json:"results"`
	}
	log := struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []run{{
			Tool:       tool{Driver: driver{Name: "okr", Version: version, InformationURI: "https://github.com/okr-as-code/okr", Rules: rules}},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	}
	return JSON(w, log)
}

// sentence ends s with a period (unless it ends with one, ? or !), as
// SARIF wants its messages.
func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// fileURI writes a repository path as a relative URI reference (RFC 3986):
// each segment percent-encoded, ':' included so that no segment reads as a
// scheme.
func fileURI(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}

type junitProblems struct{}

// Write writes JUnit XML: a testsuites root, a testsuite per file read (and
// per other file a problem names), a testcase per problem with a failure
// for each error, and one passing testcase for a file without problems.
func (junitProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type testsuite struct {
		Name      string     `xml:"name,attr"`
		Tests     int        `xml:"tests,attr"`
		Failures  int        `xml:"failures,attr"`
		Errors    int        `xml:"errors,attr"`
		Skipped   int        `xml:"skipped,attr"`
		Testcases []testcase `xml:"testcase"`
	}
	type testsuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Suites   []testsuite `xml:"testsuite"`
	}
	byFile := map[string][]model.Problem{}
	files := slices.Clone(s.FileNames)
	for _, p := range ps {
		if _, ok := byFile[p.File]; !ok && !slices.Contains(files, p.File) {
			files = append(files, p.File)
		}
		byFile[p.File] = append(byFile[p.File], p)
	}
	slices.Sort(files)
	files = slices.Compact(files)
	out := testsuites{Name: "okr validate", Suites: []testsuite{}}
	for _, f := range files {
		name := Text(ciFile(s, f))
		suite := testsuite{Name: name}
		for _, p := range byFile[f] {
			pos := p.Pos
			pos.File = name
			line := ProblemLine(model.Problem{Pos: pos, Severity: p.Severity, Rule: p.Rule, Message: p.Message})
			if p.Hint != "" {
				line += "\nhint: " + Text(p.Hint)
			}
			// "schema at 12:9": the rule and the position in the file.
			at := strings.TrimPrefix(strings.TrimPrefix(pos.String(), name), ":")
			tc := testcase{Name: Text(p.Rule), Classname: name}
			if at != "" {
				tc.Name += " at " + at
			}
			if p.Severity == model.Error {
				tc.Failure = &failure{Message: Text(p.Message), Type: Text(p.Rule), Text: line}
				suite.Failures++
			} else {
				tc.SystemOut = line
			}
			suite.Testcases = append(suite.Testcases, tc)
		}
		if len(suite.Testcases) == 0 {
			suite.Testcases = append(suite.Testcases, testcase{Name: "no problems", Classname: name})
		}
		suite.Tests = len(suite.Testcases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}
	b, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, b)
	return err
}

type gitlabProblems struct{}

// Write writes a GitLab Code Quality report
// (https://docs.gitlab.com/ci/testing/code_quality/): a JSON array of
// issues, each with a description, check_name, a fingerprint unique in the
// report, severity (major for an error, minor for a warning) and its
// location's path and first line.
func (gitlabProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := []issue{}
	seen := map[string]bool{}
	for _, p := range ps {
		file := ciFile(s, p.File)
		desc := Text(p.Message)
		if p.Hint != "" {
			desc += " (hint: " + Text(p.Hint) + ")"
		}
		sev := "major"
		if p.Severity == model.Warning {
			sev = "minor"
		}
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s\x00%s", p.Rule, file, p.Line, p.Column, p.Severity, p.Message)
		var fp string
		for n := 0; ; n++ {
			sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
			if fp = hex.EncodeToString(sum[:16]); !seen[fp] {
				break
			}
		}
		seen[fp] = true
		out = append(out, issue{Description: desc, CheckName: p.Rule, Fingerprint: fp, Severity: sev,
			Location: location{Path: Text(file), Lines: lines{Begin: max(p.Line, 1)}}})
	}
	return JSON(w, out)
}

type markdownProblems struct{}

// Write writes a job summary: a heading with the totals, then a table of
// the problems (none when there are none).
func (markdownProblems) Write(w io.Writer, ps []model.Problem, s Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## okr validate: %s\n", totals(ps, s.Files))
	if len(ps) > 0 {
		b.WriteString("\n| File | Line | Severity | Rule | Message |\n| --- | ---: | --- | --- | --- |\n")
	}
	for _, p := range ps {
		line := ""
		if p.Line > 0 {
			line = strconv.Itoa(p.Line)
			if p.Column > 0 {
				line += ":" + strconv.Itoa(p.Column)
			}
		}
		sev := "⚠️ warning"
		if p.Severity == model.Error {
			sev = "❌ error"
		}
		msg := Markdown(p.Message)
		if p.Hint != "" {
			msg += "<br>hint: " + Markdown(p.Hint)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", MarkdownCode(p.File), line, sev, MarkdownCode(p.Rule), msg)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
