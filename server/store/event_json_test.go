package store

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// fullEvent sets every field of channel.Event and of the types inside it, so a field the stored
// form forgets shows up as a failed round trip (TestFullEventSetsEveryField keeps it full).
func fullEvent() *channel.Event {
	return &channel.Event{
		Type:      channel.EventStatus,
		MessageID: "mid.1",
		Customer:  channel.Customer{ID: "c1", Name: "Anna", Phone: "+48600100200", Username: "anna_n", AltID: "PL.1"},
		Account:   channel.Account{ID: "acc1", Name: "Shop"},
		Timestamp: time.Date(2025, 11, 30, 21, 25, 51, 123456789, time.UTC),
		Text:      "text",
		Media: []channel.Media{
			{Kind: channel.Image, Ref: "r1", MIMEType: "image/png", FileName: "a.png", Caption: "cap"},
			{Kind: channel.Audio, Ref: "https://example.com/a.ogg", MIMEType: "audio/ogg", FileName: "a.ogg", Caption: "voice"},
		},
		ReplyTo:   "mid.0",
		Standby:   true,
		AppID:     "app",
		Metadata:  "meta",
		TargetID:  "mid.t",
		State:     channel.StateDelivered,
		Watermark: time.Date(2025, 11, 30, 21, 0, 0, 1, time.UTC),
		Err:       &channel.Error{Class: channel.ClassPermanent, Code: "100", Reason: "bad", RetryAfter: 1500 * time.Millisecond},
		Emoji:     "❤️",
		OptedOut:  true,
	}
}

func TestFullEventSetsEveryField(t *testing.T) {
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				t.Errorf("%s is nil", path)
				return
			}
			walk(path, v.Elem())
		case reflect.Slice:
			if v.Len() == 0 {
				t.Errorf("%s is empty", path)
			}
			for i := 0; i < v.Len(); i++ {
				walk(path+"[]", v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				if v.Interface().(time.Time).IsZero() {
					t.Errorf("%s is zero", path)
				}
				return
			}
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if v.Type() == reflect.TypeFor[channel.Error]() && f.Name == "Err" {
					continue // the transport error is deliberately not stored
				}
				walk(path+"."+f.Name, v.Field(i))
			}
		default:
			if v.IsZero() {
				t.Errorf("%s is zero: set it in fullEvent so the round trip covers it", path)
			}
		}
	}
	walk("Event", reflect.ValueOf(fullEvent()))
}

func TestEventRoundTripIsLossless(t *testing.T) {
	for name, ev := range map[string]*channel.Event{
		"every field": fullEvent(),
		"empty":       {},
		"message":     {Type: channel.EventMessage, MessageID: "42:7", Customer: channel.Customer{ID: "42"}, Text: "hi"},
	} {
		b, err := encodeEvent(ev)
		if err != nil {
			t.Fatalf("%s: encode: %v", name, err)
		}
		if !bytes.HasPrefix(b, []byte(`{"v":1`)) {
			t.Errorf("%s: stored form %s does not start with its version", name, b)
		}
		got, err := decodeEvent(b)
		if err != nil {
			t.Fatalf("%s: decode %s: %v", name, b, err)
		}
		if !reflect.DeepEqual(got, ev) {
			t.Errorf("%s: round trip through %s\n got %+v\nwant %+v", name, b, got, ev)
		}
	}
}

// Empty fields are left out of the stored form.
func TestEventFormOmitsEmptyFields(t *testing.T) {
	b, err := encodeEvent(&channel.Event{Type: channel.EventEdit, TargetID: "42:7", Text: "at 6"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"v":1,"type":"edit","text":"at 6","target_id":"42:7"}`; string(b) != want {
		t.Fatalf("stored form = %s, want %s", b, want)
	}
}

// The stored form of a full event is pinned: a change to a key or a value's layout changes what rows
// hold and must come with a new version.
func TestEventFormIsStable(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "event_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeEvent(fullEvent())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, bytes.TrimSpace(golden)) {
		t.Fatalf("stored form changed:\n got %s\nwant %s", b, golden)
	}
	got, err := decodeEvent(golden)
	if err != nil || !reflect.DeepEqual(got, fullEvent()) {
		t.Fatalf("golden decodes to %+v, %v", got, err)
	}
}

// Times are kept in UTC; the instant survives whatever location the adapter gave.
func TestEventTimesAreStoredInUTC(t *testing.T) {
	at := time.Date(2025, 11, 30, 23, 25, 51, 5, time.FixedZone("CET", 2*3600))
	b, err := encodeEvent(&channel.Event{Timestamp: at})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"timestamp":"2025-11-30T21:25:51.000000005Z"`) {
		t.Fatalf("stored form %s", b)
	}
	got, err := decodeEvent(b)
	if err != nil || !got.Timestamp.Equal(at) {
		t.Fatalf("decoded %v, %v; want %v", got.Timestamp, err, at)
	}
}

// Rows queued by earlier versions hold the untagged form; the golden files are exactly what
// json.Marshal made of channel.Event then.
func TestUnversionedEventsDecode(t *testing.T) {
	at := time.Date(2025, 11, 30, 21, 25, 51, 0, time.UTC)
	for _, tc := range []struct {
		file string
		want *channel.Event
	}{
		{"legacy_every_field.json", fullEventAsLegacyStoredIt()},
		{"legacy_message.json", &channel.Event{Type: channel.EventMessage, MessageID: "wamid.HBgL",
			Customer: channel.Customer{ID: "48600100200", Name: "Anna Nowak", Phone: "+48600100200", AltID: "PL.1234"},
			Account:  channel.Account{ID: "1029384756", Name: "+48 22 100 20 30"}, Timestamp: at,
			Text:    "Czy macie rozmiar 38?",
			Media:   []channel.Media{{Kind: channel.Image, Ref: "media-1", MIMEType: "image/jpeg", FileName: "but.jpg", Caption: "ten"}},
			ReplyTo: "wamid.PREV"}},
		{"legacy_echo.json", &channel.Event{Type: channel.EventEcho, MessageID: "m_echo", Customer: channel.Customer{ID: "7001"},
			Account: channel.Account{ID: "page-1"}, Timestamp: time.Date(2025, 11, 30, 21, 25, 51, 123000000, time.UTC),
			Text: "Dzień dobry", Standby: true, AppID: "263902037430900", Metadata: "frontdesk:msg0001"}},
		{"legacy_status_failed.json", &channel.Event{Type: channel.EventStatus, MessageID: "status-9",
			Customer: channel.Customer{ID: "7001"}, Timestamp: at, TargetID: "wamid.OUT", State: channel.StateFailed,
			Err: &channel.Error{Class: channel.ClassWindowClosed, Code: "131047", Reason: "Re-engagement message", RetryAfter: 90 * time.Second}}},
		{"legacy_watermark.json", &channel.Event{Type: channel.EventStatus, Customer: channel.Customer{ID: "7001"},
			Timestamp: time.Date(2025, 11, 30, 21, 25, 51, 500000000, time.UTC), State: channel.StateRead,
			Watermark: time.Date(2025, 11, 30, 21, 25, 50, 0, time.UTC)}},
		{"legacy_reaction.json", &channel.Event{Type: channel.EventReaction, MessageID: "react-1",
			Customer: channel.Customer{ID: "12345", Username: "anna_n"}, Timestamp: at, TargetID: "12345:77", Emoji: "👍"}},
		{"legacy_opt_out.json", &channel.Event{Type: channel.EventOptOut, Customer: channel.Customer{ID: "+48600100200"},
			Timestamp: at, OptedOut: true}},
		{"legacy_edit.json", &channel.Event{Type: channel.EventEdit, TargetID: "42:7", Text: "at 6"}},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeEvent(b)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.file, got, tc.want)
		}
	}
}

// fullEventAsLegacyStoredIt is fullEvent as legacy_every_field.json holds it: the untagged form
// kept every field but the second attachment's details, which were not set when it was made.
func fullEventAsLegacyStoredIt() *channel.Event {
	e := fullEvent()
	e.Media[1] = channel.Media{Kind: channel.Audio, Ref: "https://example.com/a.ogg"}
	return e
}

// A form this code does not know is an error that says so, never a silently empty event.
func TestUnreadableEventsAreErrors(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"v":2,"type":"message","text":"hi"}`, "event format version 2 is unknown"},
		{`{"v":"1"}`, `event format version "1" is not a number`},
		{`{"v":1,"type":"status","state":"seen"}`, `unknown delivery state "seen"`},
		{`{"v":1,"timestamp":"yesterday"}`, "timestamp"},
		{`{"Type":"status","State":9}`, "unknown delivery state 9"},
		{`{"v":1,`, "unexpected end"},
	} {
		got, err := decodeEvent([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: decoded %+v, %v; want an error containing %q", tc.json, got, err, tc.want)
		}
	}
}

func TestEventWithoutAStateNameIsNotStored(t *testing.T) {
	if b, err := encodeEvent(&channel.Event{State: channel.DeliveryState(42)}); err == nil {
		t.Fatalf("stored %s for a state with no name", b)
	}
}
