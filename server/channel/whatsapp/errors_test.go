package whatsapp_test

import (
	"net/http"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
)

// The classification table of docs/providers/reference.md §5.5, through the shared Graph classifier.
func TestClassifyWhatsAppCodes(t *testing.T) {
	tests := []struct {
		status  int
		code    int
		subcode int
		want    channel.Class
	}{
		{400, 131047, 0, channel.ClassWindowClosed},
		{400, 470, 0, channel.ClassWindowClosed},
		{400, 131026, 0, channel.ClassPermanent},
		{400, 131049, 0, channel.ClassPermanent},
		{400, 131062, 0, channel.ClassPermanent},
		{400, 131056, 0, channel.ClassRetryable},
		{429, 130429, 0, channel.ClassRetryable},
		{400, 131048, 0, channel.ClassRetryable},
		{400, 131051, 0, channel.ClassPermanent},
		{400, 131008, 0, channel.ClassPermanent},
		{400, 132000, 0, channel.ClassPermanent},
		{404, 132001, 0, channel.ClassPermanent},
		{401, 190, 463, channel.ClassSyncLost},
		{400, 190, 0, channel.ClassSyncLost},
		{403, 10, 0, channel.ClassSyncLost},
		{403, 200, 0, channel.ClassSyncLost},
		{403, 131005, 0, channel.ClassSyncLost},
		{400, 131031, 0, channel.ClassSyncLost},
		{400, 368, 0, channel.ClassSyncLost},
		{400, 4, 0, channel.ClassRetryable},
		{400, 80007, 0, channel.ClassRetryable},
		{500, 1, 0, channel.ClassRetryable},
		{503, 2, 0, channel.ClassRetryable},
		{500, 131000, 0, channel.ClassRetryable},
		{503, 131016, 0, channel.ClassRetryable},
		{401, 0, 0, channel.ClassSyncLost},    // AuthException arrives as 401
		{500, 0, 0, channel.ClassRetryable},   // no code at all: not an auth failure
		{400, 100, 0, channel.ClassPermanent}, // invalid parameter
	}
	for _, tt := range tests {
		g := meta.GraphError{Code: tt.code, Subcode: tt.subcode, Message: "m"}
		if got := meta.Classify(tt.status, http.Header{}, g, whatsapp.Rules).Class; got != tt.want {
			t.Errorf("HTTP %d code %d/%d: %s, want %s", tt.status, tt.code, tt.subcode, got, tt.want)
		}
	}
}

// A late 131047 (failed status webhook) must come out window closed with the provider's details kept.
func TestFailedStatusKeepsReason(t *testing.T) {
	a, _ := setup(t)
	evs, err := a.Parse(channel.WebhookRequest{Body: fixture(t, "status_failed.json")})
	if err != nil || len(evs) != 1 {
		t.Fatalf("%v %v", evs, err)
	}
	e := evs[0].Err
	if e == nil || e.Class != channel.ClassWindowClosed || e.Code != "131047" || e.Reason == "" {
		t.Fatalf("Err = %+v", e)
	}
}
