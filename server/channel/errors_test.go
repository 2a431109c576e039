package channel_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// A provider's Retry-After is honoured up to MaxRetryAfter: a huge or overflowing value must not
// park a conversation for years (or wrap round to a negative wait).
func TestRetryAfterIsCapped(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"3600", time.Hour},
		{"3601", channel.MaxRetryAfter},
		{"86400000", channel.MaxRetryAfter},
		{"9223372036854775807", channel.MaxRetryAfter},
		{"99999999999999999999999", channel.MaxRetryAfter},
		{"-5", 0},
		{"soon", 0},
		{time.Now().Add(30 * 24 * time.Hour).UTC().Format(http.TimeFormat), channel.MaxRetryAfter},
	} {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		if got := channel.RetryAfter(h); got != tt.want {
			t.Errorf("Retry-After %q = %v, want %v", tt.value, got, tt.want)
		}
	}
	if channel.MaxRetryAfter != time.Hour {
		t.Fatalf("MaxRetryAfter = %v", channel.MaxRetryAfter)
	}
	if got := channel.CapRetryAfter(1 << 62); got != channel.MaxRetryAfter {
		t.Fatalf("CapRetryAfter = %v", got)
	}
}
