package harness

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sampleLog is lines of a real server's mattermost.log (ids as logged; a path shortened): the
// plugin's key-value pairs are top-level fields beside msg and plugin_id.
const sampleLog = `{"timestamp":"2026-11-30 21:32:44.520 Z","level":"info","msg":"Server is initializing...","caller":"platform/service.go:178","go_version":"go1.26.8"}
{"timestamp":"2026-11-30 21:32:51.647 Z","level":"debug","msg":"starting plugin","caller":"plugin/hclog_adapter.go:52","plugin_id":"frontdesk","wrapped_extras":"path/srv/plugins/frontdesk/server/dist/plugin-linux-amd64"}
{"timestamp":"2026-11-30 21:32:53.213 Z","level":"debug","msg":"Frontdesk: outcome","caller":"app/plugin_api.go:1119","plugin_id":"frontdesk","outcome":"claimed","connection_id":"urce3yy897r8ipqpq4jdb3z1uc","conversation_id":"4a66i35akpdyfpi11md5pr5puy"}
{"timestamp":"2026-11-30 21:32:53.382 Z","level":"debug","msg":"Frontdesk: outcome","caller":"app/plugin_api.go:1119","plugin_id":"frontdesk","outcome":"posted","connection_id":"urce3yy897r8ipqpq4jdb3z1uc","conversation_id":"4a66i35akpdyfpi11md5pr5puy","post_id":"bykk944jpjf1tdtrxxuxyuez6w"}
{"timestamp":"2026-11-30 21:32:53.597 Z","level":"debug","msg":"Frontdesk: outcome","caller":"app/plugin_api.go:1119","plugin_id":"frontdesk","outcome":"refused","connection_id":"urce3yy897r8ipqpq4jdb3z1uc","conversation_id":"4a66i35akpdyfpi11md5pr5puy"}
{"timestamp":"2026-11-30 21:33:13.967 Z","level":"warn","msg":"Frontdesk: send failed","caller":"app/plugin_api.go:1131","plugin_id":"frontdesk","conversation_id":"6hfqy39u4trpb8cfbp3nxob8mc","post_id":"qs43kh8xffy8xrq481e9ibguoa","channel_kind":"messenger","outcome":"window_closed","code":"10/2018278"}
{"timestamp":"2026-11-30 21:33:24.580 Z","level":"debug","msg":"Frontdesk: outcome","caller":"app/plugin_api.go:1119","plugin_id":"frontdesk","outcome":"duplicate","connection_id":"zz1ugzn3d7n5ikeqosr9dcuyea","conversation_id":"e5yyozcbypgkxkw9xbb561zidw"}
{"timestamp":"2026-11-30 21:33:26.917 Z","level":"debug","msg":"Frontdesk: outcome","caller":"app/plugin_api.go:1119","plugin_id":"frontdesk","outcome":"status_applied","connection_id":"ckko4dq58fdrmkzrwta949qpjw"}
`

func TestParseOutcomeReadsRealLogLines(t *testing.T) {
	var got []Outcome
	for line := range strings.Lines(sampleLog) {
		if o, ok := parseOutcome([]byte(line)); ok {
			got = append(got, o)
		}
	}
	const conn = "urce3yy897r8ipqpq4jdb3z1uc"
	const conv = "4a66i35akpdyfpi11md5pr5puy"
	want := []Outcome{
		{Outcome: "claimed", ConnectionID: conn, ConversationID: conv},
		{Outcome: "posted", ConnectionID: conn, ConversationID: conv, PostID: "bykk944jpjf1tdtrxxuxyuez6w"},
		{Outcome: "refused", ConnectionID: conn, ConversationID: conv},
		{Outcome: "duplicate", ConnectionID: "zz1ugzn3d7n5ikeqosr9dcuyea", ConversationID: "e5yyozcbypgkxkw9xbb561zidw"},
		{Outcome: "status_applied", ConnectionID: "ckko4dq58fdrmkzrwta949qpjw"},
	}
	// The warning's "outcome" field is a failure class, not a core outcome: only the message counts.
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parsed\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseOutcomeSkipsLookalikes(t *testing.T) {
	for _, line := range []string{
		`{"level":"debug","msg":"Frontdesk: outcome","plugin_id":"another","outcome":"sent","connection_id":"c"}`,
		`{"level":"debug","msg":"Frontdesk: outcome of something","plugin_id":"frontdesk","outcome":"sent","connection_id":"c"}`,
		`{"level":"debug","msg":"Frontdesk: outcome","plugin_id":"frontdesk","connection_id":"c"}`,
		`{"level":"debug","msg":"Frontdesk: outcome","plugin_id":"frontdesk","outcome":"sent"`, // cut short
		`not json, but it says Frontdesk: outcome`,
	} {
		if o, ok := parseOutcome([]byte(line)); ok {
			t.Errorf("parsed %+v from %s", o, line)
		}
	}
	// A field of an unexpected type does not lose the entry.
	o, ok := parseOutcome([]byte(`{"msg":"Frontdesk: outcome","plugin_id":"frontdesk","outcome":"sent","connection_id":"c","post_id":7}`))
	if !ok || o.Outcome != "sent" || o.ConnectionID != "c" {
		t.Errorf("entry with a numeric post_id: %+v %v", o, ok)
	}
}

// The log is read in pieces as the server writes it: a line cut by a read is counted once it
// ends, bytes already read are not read again, and a rotated file is read from its start.
func TestOutcomeLogFollowsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), debugLog)
	l := &outcomeLog{path: path}
	count := func(conn, outcome string) int {
		t.Helper()
		if err := l.scan(); err != nil {
			t.Fatal(err)
		}
		return len(l.matching(conn, outcome))
	}
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", ""); n != 0 {
		t.Fatalf("no file yet: %d outcomes", n)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cut := strings.Index(sampleLog, `"outcome":"posted"`)
	write := func(s string) {
		t.Helper()
		if _, err := f.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	write(sampleLog[:cut])
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", ""); n != 1 {
		t.Fatalf("after the first piece: %d outcomes, want the claim only", n)
	}
	write(sampleLog[cut:])
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", ""); n != 3 {
		t.Fatalf("after the rest: %d outcomes, want 3", n)
	}
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", "posted"); n != 1 {
		t.Fatalf("posted counted %d times, want once", n)
	}
	if n := count("zz1ugzn3d7n5ikeqosr9dcuyea", "duplicate"); n != 1 {
		t.Fatalf("duplicate of the other connection: %d", n)
	}

	// Rotation: the old file moves aside and the server starts a new one, which may have grown
	// past the old one's size before the next look.
	f.Close()
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat(strings.SplitAfter(sampleLog, "\n")[0], 20)
	line := `{"level":"debug","msg":"Frontdesk: outcome","plugin_id":"frontdesk","outcome":"sent","connection_id":"urce3yy897r8ipqpq4jdb3z1uc"}` + "\n"
	if len(filler) <= len(sampleLog) {
		t.Fatal("the new file must be longer than the old one")
	}
	if err := os.WriteFile(path, []byte(line+filler), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", "sent"); n != 1 {
		t.Fatalf("after rotation: %d sent, want 1", n)
	}
	if n := count("urce3yy897r8ipqpq4jdb3z1uc", ""); n != 4 {
		t.Fatalf("after rotation: %d outcomes in all, want 4", n)
	}
}
