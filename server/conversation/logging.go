package conversation

import "regexp"

// Logger logs with fixed keys; never message text, phone numbers or tokens.
type Logger interface {
	Debug(msg string, keyValuePairs ...any)
	Info(msg string, keyValuePairs ...any)
	Warn(msg string, keyValuePairs ...any)
	Error(msg string, keyValuePairs ...any)
}

// A provider's error can quote the customer's number ("The 'To' number +15005550006 is not a
// valid phone number."); the logs must not hold it.
var phoneLike = regexp.MustCompile(`\+?\d[\d ().-]{5,}\d`)

// Scrubbed masks phone-like numbers in the error texts a logger writes. Ids and other values pass
// unchanged: they are Frontdesk's and Mattermost's own.
func Scrubbed(l Logger) Logger {
	if s, ok := l.(scrubbedLogger); ok {
		return s
	}
	return scrubbedLogger{l}
}

type scrubbedLogger struct{ Logger }

func (l scrubbedLogger) Debug(msg string, kv ...any) { l.Logger.Debug(msg, scrub(kv)...) }
func (l scrubbedLogger) Info(msg string, kv ...any)  { l.Logger.Info(msg, scrub(kv)...) }
func (l scrubbedLogger) Warn(msg string, kv ...any)  { l.Logger.Warn(msg, scrub(kv)...) }
func (l scrubbedLogger) Error(msg string, kv ...any) { l.Logger.Error(msg, scrub(kv)...) }

func scrub(kv []any) []any {
	out := append([]any(nil), kv...)
	for i := 0; i+1 < len(out); i += 2 {
		if key, _ := out[i].(string); key == "err" || key == "reason" {
			if text, ok := out[i+1].(string); ok {
				out[i+1] = phoneLike.ReplaceAllString(text, "<number>")
			}
		}
	}
	return out
}
