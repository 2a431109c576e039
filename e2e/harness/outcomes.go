package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	// debugLog is the server's JSON log file; it is written at DEBUG level
	// (see environment), so it holds the plugin's debug entries too.
	debugLog = "mattermost.log"
	// outcomeMsg is the message of every entry the core logs when it ends one
	// piece of work; the entry's fields name the outcome and the ids.
	outcomeMsg = "Frontdesk: outcome"
	// OutcomeTimeout bounds WaitOutcome: long enough for a send retried by the
	// periodic job after a few backoffs on a busy machine.
	OutcomeTimeout = 90 * time.Second
	outcomePoll    = 50 * time.Millisecond
)

// Outcome is one "Frontdesk: outcome" log entry: how the core ended one
// webhook event or one piece of worker work. Empty fields were not logged.
type Outcome struct {
	Outcome        string `json:"outcome"`
	ConnectionID   string `json:"connection_id"`
	ConversationID string `json:"conversation_id"`
	PostID         string `json:"post_id"`
}

// parseOutcome reads one JSON log line. Mattermost writes a plugin's
// key-value pairs as top-level fields next to msg and plugin_id.
func parseOutcome(line []byte) (Outcome, bool) {
	if !bytes.Contains(line, []byte(outcomeMsg)) {
		return Outcome{}, false // the cheap exit: most lines are Mattermost's own
	}
	var e struct {
		Msg      string `json:"msg"`
		PluginID string `json:"plugin_id"`
		Outcome
	}
	// A field of another type fails only that field; the others are still set.
	_ = json.Unmarshal(line, &e)
	if e.Msg != outcomeMsg || e.PluginID != PluginID || e.Outcome.Outcome == "" {
		return Outcome{}, false
	}
	return e.Outcome, true
}

// outcomeLog follows the log file, reading only what was appended since the
// last look, and keeps every outcome entry seen.
type outcomeLog struct {
	path string

	mu      sync.Mutex
	file    os.FileInfo // the file last read, to notice a rotation
	offset  int64
	partial []byte // a line not yet ended by its newline
	seen    []Outcome
}

// scan reads what was appended since the last scan.
func (l *outcomeLog) scan() error {
	f, err := os.Open(l.path)
	if os.IsNotExist(err) {
		return nil // the server has not logged yet
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if l.file != nil && !os.SameFile(l.file, st) || st.Size() < l.offset {
		// Rotated: the file was renamed aside and a new one begun.
		l.offset, l.partial = 0, nil
	}
	l.file = st
	if st.Size() == l.offset {
		return nil
	}
	data, err := io.ReadAll(io.NewSectionReader(f, l.offset, st.Size()-l.offset))
	if err != nil {
		return err
	}
	l.offset += int64(len(data))
	l.feed(data)
	return nil
}

// feed parses complete lines and keeps an unfinished last line for later.
func (l *outcomeLog) feed(data []byte) {
	data = append(l.partial, data...)
	end := bytes.LastIndexByte(data, '\n')
	if end < 0 {
		l.partial = data
		return
	}
	l.partial = append([]byte(nil), data[end+1:]...)
	for line := range bytes.Lines(data[:end+1]) {
		if o, ok := parseOutcome(line); ok {
			l.seen = append(l.seen, o)
		}
	}
}

func (l *outcomeLog) matching(connectionID, outcome string) []Outcome {
	var out []Outcome
	for _, o := range l.seen {
		if o.ConnectionID == connectionID && (outcome == "" || o.Outcome == outcome) {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) outcomes() *outcomeLog {
	s.outcomeOnce.Do(func() { s.outcomeLog = &outcomeLog{path: s.DebugLogPath()} })
	return s.outcomeLog
}

// DebugLogPath is the server's JSON log file at DEBUG level, where the
// core's outcome entries are written (the console log stays at INFO).
func (s *Server) DebugLogPath() string { return filepath.Join(s.Home, "logs", debugLog) }

// Outcomes returns the outcome entries logged so far for a connection; an
// empty outcome matches every outcome.
func (s *Server) Outcomes(connectionID, outcome string) ([]Outcome, error) {
	l := s.outcomes()
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.scan(); err != nil {
		return nil, fmt.Errorf("read %s: %w", l.path, err)
	}
	return l.matching(connectionID, outcome), nil
}

// CountOutcomes counts the entries with that outcome logged so far for a
// connection. After WaitOutcome it asserts "exactly n": everything logged
// before the wait returned has been read.
func (s *Server) CountOutcomes(t testing.TB, connectionID, outcome string) int {
	t.Helper()
	got, err := s.Outcomes(connectionID, outcome)
	if err != nil {
		t.Fatal(err)
	}
	return len(got)
}

// WaitOutcome waits until at least n entries with that outcome have been
// logged for the connection and returns them in log order. After
// OutcomeTimeout it fails the test with what the connection logged and the
// tail of the plugin's log.
func (s *Server) WaitOutcome(t testing.TB, connectionID, outcome string, n int) []Outcome {
	t.Helper()
	return s.WaitOutcomeWithin(t, OutcomeTimeout, connectionID, outcome, n)
}

// WaitOutcomeWithin is WaitOutcome with its own time limit.
func (s *Server) WaitOutcomeWithin(t testing.TB, within time.Duration, connectionID, outcome string, n int) []Outcome {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got, err := s.Outcomes(connectionID, outcome)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			all, _ := s.Outcomes(connectionID, "")
			t.Fatalf("timed out after %s waiting for %d %q outcomes of connection %s (have %d); its outcomes: %v\n"+
				"--- plugin lines at the end of %s ---\n%s",
				within, n, outcome, connectionID, len(got), names(all), s.DebugLogPath(), s.PluginLogTail(40))
		}
		time.Sleep(outcomePoll)
	}
}

func names(os []Outcome) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Outcome
	}
	return out
}

// PluginLogTail returns the last n of the plugin's lines in the debug log.
func (s *Server) PluginLogTail(n int) string {
	data, err := os.ReadFile(s.DebugLogPath())
	if err != nil {
		return "(no debug log: " + err.Error() + ")"
	}
	var lines []string
	for line := range strings.Lines(string(data)) {
		if strings.Contains(line, `"plugin_id":"`+PluginID+`"`) {
			lines = append(lines, line)
		}
	}
	return tailLines(strings.Join(lines, ""), n)
}
