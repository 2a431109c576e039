package sms

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     http.Header
		body       string
		class      channel.Class
		code       string
		reason     string
		retryAfter time.Duration
	}{
		{"auth", 401, nil, `{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}`,
			channel.ClassSyncLost, "20003", codeRules[20003].reason, 0},
		{"401 without envelope", 401, nil, `Unauthorized`, channel.ClassSyncLost, "401", "Unauthorized", 0},
		{"opted out", 400, nil, `{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}`,
			channel.ClassOptedOut, "21610", codeRules[21610].reason, 0},
		{"invalid To", 400, nil, `{"code":21211,"message":"Invalid 'To' Phone Number","status":400}`,
			channel.ClassPermanent, "21211", codeRules[21211].reason, 0},
		{"not mobile", 400, nil, `{"code":21614,"message":"'To' number is not a valid mobile number","status":400}`,
			channel.ClassPermanent, "21614", codeRules[21614].reason, 0},
		{"geo permissions", 400, nil, `{"code":21408,"message":"Permission to send an SMS has not been enabled for the region","status":400}`,
			channel.ClassPermanent, "21408", codeRules[21408].reason, 0},
		{"too many requests, seconds", 429, http.Header{"Retry-After": {"3"}}, `{"code":20429,"message":"Too Many Requests","status":429}`,
			channel.ClassRetryable, "20429", "Too Many Requests", 3 * time.Second},
		{"429 without code", 429, nil, ``, channel.ClassRetryable, "429", "Too Many Requests", 0},
		{"bad gateway page", 502, nil, `<html>bad gateway</html>`, channel.ClassRetryable, "502", "Bad Gateway", 0},
		{"server error", 500, nil, `{"code":20500,"message":"Internal Server Error","status":500}`, channel.ClassRetryable, "20500", "Internal Server Error", 0},
		{"WhatsApp window", 400, nil, `{"code":63016,"message":"outside the allowed window","status":400}`,
			channel.ClassWindowClosed, "63016", "outside the allowed window", 0},
		{"unknown 4xx", 400, nil, `{"code":21999,"message":"New failure","status":400}`, channel.ClassPermanent, "21999", "New failure", 0},
		{"not found", 404, nil, `{"code":20404,"message":"The requested resource was not found","status":404}`,
			channel.ClassPermanent, "20404", "The requested resource was not found", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classify(tt.status, tt.header, []byte(tt.body))
			if e.Class != tt.class || e.Code != tt.code || e.Reason != tt.reason || e.RetryAfter != tt.retryAfter {
				t.Errorf("classify = %+v, want %s %s %q %v", e, tt.class, tt.code, tt.reason, tt.retryAfter)
			}
		})
	}
}

func TestRetryAfterDate(t *testing.T) {
	h := http.Header{"Retry-After": {time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)}}
	if d := channel.RetryAfter(h); d < 80*time.Second || d > 91*time.Second {
		t.Errorf("retryAfter = %v", d)
	}
	if d := channel.RetryAfter(http.Header{"Retry-After": {"soon"}}); d != 0 {
		t.Errorf("retryAfter(garbage) = %v", d)
	}
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		code, message, status string
		class                 channel.Class
		reason                string
	}{
		{"30003", "", "undelivered", channel.ClassPermanent, codeRules[30003].reason},
		{"30007", "", "undelivered", channel.ClassPermanent, codeRules[30007].reason},
		{"21610", "", "failed", channel.ClassOptedOut, codeRules[21610].reason},
		{"30008", "", "failed", channel.ClassPermanent, codeRules[30008].reason},
		{"20429", "", "failed", channel.ClassPermanent, "message failed"}, // never retried from a status
		{"", "", "canceled", channel.ClassPermanent, "message canceled"},
		{"30999", "Carrier said no", "undelivered", channel.ClassPermanent, "Carrier said no"},
	}
	for _, tt := range tests {
		e := statusError(tt.code, tt.message, tt.status)
		if e.Class != tt.class || e.Code != tt.code || e.Reason != tt.reason {
			t.Errorf("statusError(%s) = %+v, want %s %q", tt.code, e, tt.class, tt.reason)
		}
	}
}

func TestKindAndFileName(t *testing.T) {
	tests := []struct {
		mime string
		kind channel.MediaKind
		name string
	}{
		{"image/jpeg", channel.Image, "ME1.jpg"},
		{"audio/amr", channel.Audio, "ME1.amr"},
		{"video/3gpp", channel.Video, "ME1.3gp"},
		{"text/vcard", channel.File, "ME1.vcf"},
		{"application/x-unknown", channel.File, "ME1"},
	}
	for _, tt := range tests {
		if k := channel.MediaKindOf(tt.mime); k != tt.kind {
			t.Errorf("channel.MediaKindOf(%s) = %s", tt.mime, k)
		}
		if n := fileName("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", tt.mime); n != tt.name {
			t.Errorf("fileName(%s) = %q", tt.mime, n)
		}
	}
}

func TestURLSpellings(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{"https://h.example/p?q=1", []string{"https://h.example/p?q=1", "https://h.example:443/p?q=1"}},
		{"http://h.example/p", []string{"http://h.example/p", "http://h.example:80/p"}},
		{"https://h.example:8443/p", []string{"https://h.example:8443/p", "https://h.example/p"}},
		{"https://[::1]:8443/p", []string{"https://[::1]:8443/p", "https://[::1]/p"}},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		got := urlSpellings(tt.raw, u)
		if len(got) != len(tt.want) || got[0] != tt.want[0] || got[1] != tt.want[1] {
			t.Errorf("urlSpellings(%s) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}
