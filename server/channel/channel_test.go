package channel

import (
	"net/http"
	"testing"
	"time"
)

func TestDeliveryStateAdvance(t *testing.T) {
	tests := []struct {
		cur, next, want DeliveryState
	}{
		{StateSending, StateSent, StateSent},
		{StateSent, StateDelivered, StateDelivered},
		{StateSent, StateRead, StateRead}, // delivered may be skipped
		{StateRead, StateDelivered, StateRead},
		{StateDelivered, StateSent, StateDelivered},
		{StateSent, StateFailed, StateFailed},
		{StateRead, StateFailed, StateRead}, // a late failure cannot undo a read
		{StateFailed, StateDelivered, StateDelivered},
		{StateFailed, StateSent, StateFailed},
	}
	for _, tt := range tests {
		if got := tt.cur.Advance(tt.next); got != tt.want {
			t.Errorf("%s.Advance(%s) = %s, want %s", tt.cur, tt.next, got, tt.want)
		}
	}
}

func TestDeliveryStateNames(t *testing.T) {
	for s := StateUnknown; s <= StateFailed; s++ {
		if ParseDeliveryState(s.String()) != s {
			t.Errorf("%d does not round-trip through %q", s, s.String())
		}
	}
	if ParseDeliveryState("nonsense") != StateUnknown || DeliveryState(99).String() != "unknown" {
		t.Error("unknown states are not unknown")
	}
}

func TestKindValid(t *testing.T) {
	for _, k := range Kinds {
		if !k.Valid() {
			t.Errorf("%s invalid", k)
		}
	}
	if Kind("viber").Valid() {
		t.Error("viber should not be valid")
	}
}

func TestNumericIDs(t *testing.T) {
	for id, want := range map[string]bool{"1234567890": true, "0": true, "": false, "12a4": false, " 12": false, "-1": false, "١٢": false} {
		if got := Numeric(id); got != want {
			t.Errorf("Numeric(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestConfigClientPrefersTheInjectedOne(t *testing.T) {
	injected := &http.Client{}
	if got := (Config{HTTPClient: injected}).Client(time.Second); got != injected {
		t.Fatal("the injected client was not used")
	}
	if got := (Config{}).Client(7 * time.Second); got.Timeout != 7*time.Second {
		t.Fatalf("default client timeout = %v", got.Timeout)
	}
}
