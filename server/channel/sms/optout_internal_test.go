package sms

import (
	"net/url"
	"testing"
)

func TestOptOutKeywordsAreWholeMessages(t *testing.T) {
	for body, want := range map[string]string{
		"STOP": "out", "stop": "out", " Unsubscribe. ": "out", "quit!": "out", "STOPALL": "out",
		"start": "in", "Yes": "in", "UNSTOP": "in",
		"Please stop calling me": "", "yes please, at 5": "", "": "", "HELP": "",
	} {
		optedOut, ok := optOutKeyword(url.Values{"Body": {body}})
		got := ""
		if ok && optedOut {
			got = "out"
		} else if ok {
			got = "in"
		}
		if got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}
