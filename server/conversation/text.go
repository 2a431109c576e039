package conversation

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes text from outside storable: a NUL character, which PostgreSQL refuses in text and
// jsonb, is dropped, and invalid UTF-8 becomes U+FFFD. One poisoned message must not fail its
// claim, or the provider retries the whole delivery forever.
func CleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}
