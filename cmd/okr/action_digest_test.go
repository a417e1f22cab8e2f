package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// webhookServer stands in for Slack's and Teams' webhooks on 127.0.0.1:
// it records each request it receives and answers each path from a
// script of answers, the last one repeated.
type webhookServer struct {
	*httptest.Server
	mu       sync.Mutex
	answers  map[string][]answer
	received []received
}

type answer struct {
	status     int
	retryAfter string
	body       string
}

type received struct {
	path, contentType string
	body              []byte
}

func newWebhookServer(t *testing.T, answers map[string][]answer) *webhookServer {
	s := &webhookServer{answers: answers}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.received = append(s.received, received{r.URL.Path, r.Header.Get("Content-Type"), b})
		a := answer{status: 200, body: "ok"}
		if as := s.answers[r.URL.Path]; len(as) > 0 {
			a = as[0]
			if len(as) > 1 {
				s.answers[r.URL.Path] = as[1:]
			}
		}
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *webhookServer) got() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// Webhook paths with the secret part an address holds.
const (
	slackPath = "/services/T0AAAAAAA/B0BBBBBBB/slacksecret0123456789abcd"
	teamsPath = "/workflows/teams0secret/triggers/manual/paths/invoke"
)

// digestStepOutput is everything the digest step printed, with the
// ::add-mask:: lines (which the runner swallows) left out.
func digestStepOutput(r *actionRun) string {
	s := r.step("Post the digest")
	var kept []string
	for _, l := range strings.Split(s.stdout+s.stderr, "\n") {
		if !strings.HasPrefix(l, "::add-mask::") {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}

// checkMasked: every webhook address is masked, and appears nowhere else
// in the step's output, the job summary or the outputs.
func checkMasked(t *testing.T, r *actionRun, hooks ...string) {
	t.Helper()
	s := r.step("Post the digest")
	out := digestStepOutput(r)
	for _, h := range hooks {
		if !strings.Contains(s.stdout, "::add-mask::"+h+"\n") {
			t.Errorf("%s is not masked", h)
		}
		for _, secret := range []string{h, strings.TrimPrefix(h, "http://")} {
			if strings.Contains(out, secret) || strings.Contains(r.summary.String(), secret) {
				t.Errorf("the webhook address shows in the output or summary:\n%s", out)
			}
		}
	}
	for _, v := range r.outputs {
		for _, h := range hooks {
			if strings.Contains(v, h) {
				t.Errorf("an output holds the webhook address: %q", v)
			}
		}
	}
}

func digestCase(inputs map[string]string) actionCase {
	in := map[string]string{"working-directory": "okrs", "checks": "digest"}
	for k, v := range inputs {
		in[k] = v
	}
	return actionCase{inputs: in, event: "schedule"}
}

// TestActionDigestPosts: the Slack and Teams bodies arrive as JSON, parse
// as the digest's payloads, and the markdown digest is in the job summary.
func TestActionDigestPosts(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go", "curl")
	srv := newWebhookServer(t, nil)
	slack, teams := srv.URL+slackPath, srv.URL+teamsPath
	ws := prRepo(t, lowered(), false)
	r, _ := runAction(t, ws, digestCase(map[string]string{"slack-webhook": slack, "teams-webhook": teams, "digest-link": "https://acme.example/okrs"}))
	if r.failed {
		t.Fatal("the job failed")
	}
	wantOutcomes(t, r, map[string]string{"Post the digest": "success", "Validate": "skipped", "Diff the goals": "skipped"})
	got := srv.got()
	if len(got) != 2 || got[0].path != slackPath || got[1].path != teamsPath {
		t.Fatalf("received %d requests: %+v", len(got), got)
	}
	for _, g := range got {
		if g.contentType != "application/json" {
			t.Errorf("%s: Content-Type %q", g.path, g.contentType)
		}
	}
	var sl struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(got[0].body, &sl); err != nil || !strings.HasPrefix(sl.Text, "OKR digest: Acme, as of ") || len(sl.Blocks) < 2 || sl.Blocks[0].Type != "header" {
		t.Errorf("slack body (%v): %s", err, got[0].body)
	}
	var tm struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Type    string           `json:"type"`
				Version string           `json:"version"`
				Body    []map[string]any `json:"body"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(got[1].body, &tm); err != nil || tm.Type != "message" || len(tm.Attachments) != 1 ||
		tm.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" || tm.Attachments[0].Content.Version != "1.4" ||
		len(tm.Attachments[0].Content.Body) < 2 {
		t.Errorf("teams body (%v): %s", err, got[1].body)
	}
	if !strings.Contains(r.summary.String(), "## OKR digest: Acme, as of ") {
		t.Errorf("job summary:\n%s", r.summary.String())
	}
	if f := r.outputs["digest-file"]; !strings.HasSuffix(f, "okr-digest.markdown") {
		t.Errorf("digest-file output %q", f)
	}
	if out := digestStepOutput(r); !strings.Contains(out, "okr: posted the digest to Slack (HTTP 200)") || !strings.Contains(out, "okr: posted the digest to Teams (HTTP 200)") {
		t.Errorf("step output:\n%s", out)
	}
	checkMasked(t, r, slack, teams)
}

// TestActionDigestRetries: a 429 is retried once after its Retry-After,
// then succeeds.
func TestActionDigestRetries(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go", "curl")
	srv := newWebhookServer(t, map[string][]answer{slackPath: {{status: 429, retryAfter: "1", body: "rate limited"}, {status: 200, body: "ok"}}})
	slack := srv.URL + slackPath
	ws := prRepo(t, lowered(), false)
	r, _ := runAction(t, ws, digestCase(map[string]string{"slack-webhook": slack}))
	if r.failed {
		t.Fatalf("the job failed:\n%s", digestStepOutput(r))
	}
	got := srv.got()
	if len(got) != 2 || string(got[0].body) != string(got[1].body) {
		t.Errorf("received %d requests, want the same body twice", len(got))
	}
	if out := digestStepOutput(r); !strings.Contains(out, "okr: Slack answered HTTP 429: retrying in 1 s") || !strings.Contains(out, "posted the digest to Slack (HTTP 200)") {
		t.Errorf("step output:\n%s", out)
	}
	checkMasked(t, r, slack)

	// A second 5xx after the retry fails the step; no third try.
	srv2 := newWebhookServer(t, map[string][]answer{teamsPath: {{status: 503, retryAfter: "0", body: "down"}, {status: 502, body: "still down"}}})
	teams := srv2.URL + teamsPath
	r, _ = runAction(t, ws, digestCase(map[string]string{"teams-webhook": teams}))
	if !r.failed || len(srv2.got()) != 2 {
		t.Errorf("failed %v after %d requests, want a failure after 2", r.failed, len(srv2.got()))
	}
	if out := digestStepOutput(r); !strings.Contains(out, "::error title=okr digest::Teams answered HTTP 502: still down") {
		t.Errorf("step output:\n%s", out)
	}
	checkMasked(t, r, teams)
}

// TestActionDigestFails: a 400 fails the step with the status and the
// first 300 characters of the answer (which here quotes the address:
// cut out), and is not retried.
func TestActionDigestFails(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go", "curl")
	srv := newWebhookServer(t, nil)
	slack := srv.URL + slackPath
	long := "invalid_blocks " + slack + " " + strings.Repeat("x", 400) + "\n::error::forged"
	srv.answers = map[string][]answer{slackPath: {{status: 400, body: long}}}
	ws := prRepo(t, lowered(), false)
	r, _ := runAction(t, ws, digestCase(map[string]string{"slack-webhook": slack}))
	if !r.failed || r.step("Post the digest").exit != 1 {
		t.Fatalf("failed %v, exit %d", r.failed, r.step("Post the digest").exit)
	}
	if n := len(srv.got()); n != 1 {
		t.Errorf("%d requests, want 1 (no retry on 400)", n)
	}
	out := digestStepOutput(r)
	// The answer with the address cut out: "invalid_blocks *** xxx…",
	// its first 300 characters (15 + 3 + 1 + 281 x), on one line.
	want := "::error title=okr digest::Slack answered HTTP 400: invalid_blocks *** " + strings.Repeat("x", 281) + "\n"
	if !strings.Contains(out+"\n", want) {
		t.Errorf("step output:\n%s\nwant the line:\n%s", out, want)
	}
	if strings.Contains(out, "forged") {
		t.Errorf("more than the answer's first 300 characters:\n%s", out)
	}
	checkMasked(t, r, slack)
}

// TestActionDigestWithoutWebhooks: neither webhook set: success, the
// digest in the job summary, and a notice naming the two secrets.
func TestActionDigestWithoutWebhooks(t *testing.T) {
	requireTools(t, "bash", "git", "jq", "go")
	ws := prRepo(t, lowered(), false)
	r, _ := runAction(t, ws, digestCase(nil))
	if r.failed {
		t.Fatal("the job failed")
	}
	out := digestStepOutput(r)
	if !strings.Contains(out, "::notice title=okr digest::") || !strings.Contains(out, "OKR_SLACK_WEBHOOK") || !strings.Contains(out, "OKR_TEAMS_WEBHOOK") {
		t.Errorf("step output:\n%s", out)
	}
	if !strings.Contains(r.summary.String(), "## OKR digest: Acme") {
		t.Errorf("job summary:\n%s", r.summary.String())
	}
	// digest-owner narrows the digest; a digest-since okr refuses fails
	// the step (exit 2).
	r, _ = runAction(t, ws, digestCase(map[string]string{"digest-owner": "nobody"}))
	if r.failed || !strings.Contains(r.summary.String(), "0 owners") {
		t.Errorf("digest-owner nobody: failed %v, summary:\n%s", r.failed, r.summary.String())
	}
	r, _ = runAction(t, ws, digestCase(map[string]string{"digest-since": "yesterday"}))
	if s := r.step("Post the digest"); !r.failed || s.exit != 2 || !strings.Contains(s.stderr, "yesterday") {
		t.Errorf("digest-since yesterday: failed %v, exit %d, stderr %q", r.failed, s.exit, s.stderr)
	}
	// A webhook input that is not an address is refused before anything.
	r, _ = runAction(t, ws, digestCase(map[string]string{"slack-webhook": "hooks.slack.com/services/x"}))
	if !r.failed || r.step("Post the digest").exit != 2 || strings.Contains(digestStepOutput(r), "hooks.slack.com") {
		t.Errorf("failed %v, output:\n%s", r.failed, digestStepOutput(r))
	}
}
