package whatsapp_test

import (
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestWindow(t *testing.T) {
	a, _ := setup(t)
	last := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		last  time.Time
		now   time.Time
		state channel.WindowState
		until time.Time
	}{
		{"just written", last, last, channel.WindowOpen, last.Add(24 * time.Hour)},
		{"23h59m later", last, last.Add(24*time.Hour - time.Minute), channel.WindowOpen, last.Add(24 * time.Hour)},
		{"exactly 24h", last, last.Add(24 * time.Hour), channel.WindowClosed, time.Time{}},
		{"three days later", last, last.Add(72 * time.Hour), channel.WindowClosed, time.Time{}},
		{"never wrote", time.Time{}, last, channel.WindowClosed, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := a.Window(tt.last, tt.now)
			if w.State != tt.state || !w.Until.Equal(tt.until) {
				t.Fatalf("Window = %+v, want %s until %v", w, tt.state, tt.until)
			}
			if w.CanSend() != (tt.state == channel.WindowOpen) {
				t.Fatalf("CanSend = %v", w.CanSend())
			}
		})
	}
}

func TestDeepLink(t *testing.T) {
	a, _ := setup(t)
	tests := []struct {
		c    channel.Customer
		want string
	}{
		{channel.Customer{ID: "16505551234", Phone: "+16505551234"}, "https://wa.me/16505551234"},
		{channel.Customer{ID: "16505551234"}, "https://wa.me/16505551234"},
		{channel.Customer{ID: "US.13491208655302741918", AltID: "US.13491208655302741918"}, ""},
		{channel.Customer{Phone: "+1 (650) 555-1234"}, "https://wa.me/16505551234"},
	}
	for _, tt := range tests {
		if got := a.DeepLink(tt.c, channel.Account{}); got != tt.want {
			t.Errorf("DeepLink(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}
