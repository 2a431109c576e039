package sms_test

import (
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"short GSM", "Hello, see you at 5!", 1},
		{"160 GSM", strings.Repeat("a", 160), 1},
		{"161 GSM", strings.Repeat("a", 161), 2},
		{"306 GSM", strings.Repeat("a", 306), 2},
		{"307 GSM", strings.Repeat("a", 307), 3},
		{"extension characters count twice", strings.Repeat("€", 80), 1},
		{"81 euro signs", strings.Repeat("€", 81), 2},
		{"accented GSM letters", strings.Repeat("é", 160), 1},
		{"one emoji switches to UCS-2", strings.Repeat("a", 68) + "😀", 1},
		{"emoji is two units", strings.Repeat("a", 69) + "😀", 2},
		{"134 UCS-2", strings.Repeat("ж", 134), 2},
		{"135 UCS-2", strings.Repeat("ж", 135), 3},
		{"1000 characters of Cyrillic", strings.Repeat("ж", 1000), 15},
	}
	for _, tt := range tests {
		if got := sms.Segments(tt.text); got != tt.want {
			t.Errorf("%s: Segments = %d, want %d", tt.name, got, tt.want)
		}
	}
}
