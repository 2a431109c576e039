package conversation

import (
	"fmt"
	"strings"
	"testing"
)

type recordingLogger struct{ lines []string }

func (r *recordingLogger) record(msg string, kv []any) {
	r.lines = append(r.lines, fmt.Sprint(msg, kv))
}
func (r *recordingLogger) Debug(msg string, kv ...any) { r.record(msg, kv) }
func (r *recordingLogger) Info(msg string, kv ...any)  { r.record(msg, kv) }
func (r *recordingLogger) Warn(msg string, kv ...any)  { r.record(msg, kv) }
func (r *recordingLogger) Error(msg string, kv ...any) { r.record(msg, kv) }

func TestLoggedErrorsHoldNoPhoneNumbers(t *testing.T) {
	rec := &recordingLogger{}
	log := Scrubbed(rec)
	for _, number := range []string{"+15005550006", "+48 601 234 567", "(415) 555-0100", "380501234567"} {
		log.Warn("Frontdesk: send failed", "post_id", "pA", "err", "permanent (21211): The 'To' number "+number+" is not a valid phone number.")
		log.Error("x", "reason", "wa_id "+number+" unknown")
		log.Info("x", "err", number)
	}
	for _, line := range rec.lines {
		if strings.ContainsAny(strings.NewReplacer("21211", "").Replace(line), "0123456789") {
			t.Errorf("a number reached the log: %s", line)
		}
	}
	if !strings.Contains(rec.lines[0], "post_id pA") || !strings.Contains(rec.lines[0], "(21211)") {
		t.Errorf("ids and provider codes must stay: %s", rec.lines[0])
	}
}
