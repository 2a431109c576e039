package messaging

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

func TestWindow(t *testing.T) {
	last := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		last  time.Time
		now   time.Time
		state channel.WindowState
		until time.Time
	}{
		{"never wrote", time.Time{}, last, channel.WindowClosed, time.Time{}},
		{"just now", last, last, channel.WindowOpen, last.Add(24 * time.Hour)},
		{"23h59", last, last.Add(24*time.Hour - time.Minute), channel.WindowOpen, last.Add(24 * time.Hour)},
		{"exactly 24h", last, last.Add(24 * time.Hour), channel.WindowHumanAgent, last.Add(7 * 24 * time.Hour)},
		{"3 days", last, last.Add(72 * time.Hour), channel.WindowHumanAgent, last.Add(7 * 24 * time.Hour)},
		{"exactly 7 days", last, last.Add(7 * 24 * time.Hour), channel.WindowClosed, time.Time{}},
		{"a month", last, last.Add(30 * 24 * time.Hour), channel.WindowClosed, time.Time{}},
	}
	for _, tc := range cases {
		w := Window(tc.last, tc.now)
		if w.State != tc.state || !w.Until.Equal(tc.until) {
			t.Errorf("%s: got %+v, want %s until %v", tc.name, w, tc.state, tc.until)
		}
	}
}

func TestFromEpoch(t *testing.T) {
	if got := FromEpoch(1701427704837); !got.Equal(time.UnixMilli(1701427704837)) {
		t.Errorf("ms: %v", got)
	}
	if got := FromEpoch(1701427704); !got.Equal(time.Unix(1701427704, 0)) {
		t.Errorf("s: %v", got)
	}
	if !FromEpoch(0).IsZero() || !FromEpoch(-5).IsZero() {
		t.Error("zero/negative must give the zero time")
	}
}

func TestSendAPIRules(t *testing.T) {
	cases := []struct {
		status        int
		code, subcode int
		want          channel.Class
	}{
		{400, 10, 2018278, channel.ClassWindowClosed},
		{400, 10, 2018065, channel.ClassWindowClosed},
		{400, 10, 2018108, channel.ClassPermanent},
		{400, 10, 0, channel.ClassSyncLost}, // plain permission denied
		{400, 551, 1545041, channel.ClassPermanent},
		{403, 200, 1545041, channel.ClassPermanent},
		{403, 200, 0, channel.ClassSyncLost},
		{400, 100, 2018001, channel.ClassPermanent},
		{400, 100, 2018047, channel.ClassPermanent},
		{500, 1, 1357046, channel.ClassPermanent},
		{500, 1, 0, channel.ClassRetryable},
		{400, 190, 460, channel.ClassSyncLost},
		{400, 613, 0, channel.ClassRetryable},
		{400, 4, 0, channel.ClassRetryable},
		{400, 99999, 0, channel.ClassPermanent},
		{503, 99999, 0, channel.ClassRetryable},
	}
	for _, tc := range cases {
		e := meta.Classify(tc.status, http.Header{}, meta.GraphError{Code: tc.code, Subcode: tc.subcode, Message: "m"}, SendAPIRules)
		if e.Class != tc.want {
			t.Errorf("%d %d/%d: got %s, want %s", tc.status, tc.code, tc.subcode, e.Class, tc.want)
		}
	}
}

func TestAppSecretProofVector(t *testing.T) {
	// HMAC-SHA256("app-secret", "page-token"), computed once outside Go.
	if got := AppSecretProof("page-token", "app-secret"); got != "d8b448b9cc7d64c51098271805b3cc20b5b715e52bd587eb71b610259587c856" {
		t.Fatal(got)
	}
}

func TestParseSkipsBadItemsNotBatch(t *testing.T) {
	body := []byte(`{"object":"instagram","entry":[
		{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":"bad","message":{"mid":"x","text":"lost"}},
		                       {"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1569262485349,"message":{"mid":"m2","text":"kept"}},
		                       {"sender":{"id":""},"message":{"mid":"m3","text":"no sender"}},
		                       {"sender":{"id":"2"},"message":{"text":"no mid"}}]},
		"not an object"]}`)
	events, err := Parse(body, Options{Object: ObjectInstagram})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].MessageID != "m2" || events[0].Text != "kept" || events[0].Account.ID != "1" {
		t.Fatalf("got %+v", events)
	}
}

func TestStoryReplyAndMention(t *testing.T) {
	body := []byte(`{"object":"instagram","entry":[{"id":"1","messaging":[
		{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1569262485349,
		 "message":{"mid":"m1","text":"nice","reply_to":{"story":{"url":"https://cdn.example/s.jpg","id":"9"}}}},
		{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1569262485350,
		 "message":{"mid":"m2","attachments":[{"type":"story_mention","payload":{"url":"https://cdn.example/m.mp4"}}]}},
		{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1569262485351,
		 "message":{"mid":"m3","attachments":[{"type":"ig_reel","payload":{"url":"https://cdn.example/r.mp4","title":"my reel"}},{"type":"brand_new","payload":{}}]}},
		{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1569262485352,"message":{"mid":"m4","is_unsupported":true}}]}]}`)
	events, err := Parse(body, Options{Object: ObjectInstagram})
	if err != nil || len(events) != 4 {
		t.Fatalf("%v %+v", err, events)
	}
	if e := events[0]; e.Text != "Replied to your story\nnice" || len(e.Media) != 1 || e.Media[0].Ref != "https://cdn.example/s.jpg" {
		t.Errorf("story reply %+v", e)
	}
	if e := events[1]; e.Text != "Mentioned you in their story" || len(e.Media) != 1 {
		t.Errorf("mention %+v", e)
	}
	if e := events[2]; len(e.Media) != 1 || e.Media[0].Kind != channel.Video || e.Media[0].Caption != "my reel" ||
		e.Text != "Unsupported attachment (brand_new) - open the conversation in the app" {
		t.Errorf("reel %+v", e)
	}
	if e := events[3]; e.Text == "" {
		t.Errorf("unsupported message must still say something: %+v", e)
	}
}

func FuzzParseMessaging(f *testing.F) {
	f.Add([]byte(`{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":1,"message":{"mid":"m","text":"t","attachments":[{"type":"sticker","payload":{"url":"u","sticker_id":1}}]}}]}]}`))
	f.Add([]byte(`{"object":"instagram","entry":[{"id":"1","standby":[{"sender":{"id":"2"},"read":{"mid":"x"}}]}]}`))
	f.Add([]byte(`{"object":"page","entry":[{"messaging":[{"sender":{"id":2},"delivery":{"mids":["a",""],"watermark":"12"}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, obj := range []string{"", ObjectPage, ObjectInstagram} {
			events, err := Parse(body, Options{Object: obj})
			if err != nil && !errors.Is(err, channel.ErrMalformed) {
				t.Fatalf("error does not wrap ErrMalformed: %v", err)
			}
			for _, e := range events {
				if e.MessageID == "" || e.Customer.ID == "" {
					t.Fatalf("event without id or customer: %+v", e)
				}
			}
		}
	})
}
