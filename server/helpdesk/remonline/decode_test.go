package remonline

import (
	"encoding/json"
	"testing"
	"time"
)

// The API's answers differ by version and kind; these are the shapes the adapter must read.
func TestLenientDecoding(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`"A-1042"`, "A-1042"}, {`1042`, "1042"}, {`1250.50`, "1250.50"}, {`"1250.00"`, "1250.00"},
		{`12345678901234567890.01`, "12345678901234567890.01"}, // no float round trip
		{`null`, ""}, {``, ""}, {`{"x":1}`, ""},
	} {
		if got := rawText(json.RawMessage(tc.raw)); got != tc.want {
			t.Errorf("rawText(%s) = %q, want %q", tc.raw, got, tc.want)
		}
	}
	want := time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	for _, raw := range []string{`"2026-03-01T10:30:00Z"`, `"2026-03-01T11:30:00+01:00"`, `1772361000000`, `"2026-03-01 10:30:00"`} {
		if got := parseTime(json.RawMessage(raw)); !got.Equal(want) {
			t.Errorf("parseTime(%s) = %v, want %v", raw, got, want)
		}
	}
	if got := statusName(json.RawMessage(`{"id": 3, "name": "Ready"}`)); got != "Ready" {
		t.Errorf("status object: %q", got)
	}
	if got := statusName(json.RawMessage(`"in work"`)); got != "in work" {
		t.Errorf("status string: %q", got)
	}
	var p person
	if err := decodeOne([]byte(`{"data": {"id": 7, "first_name": "Jan", "phone": ["601234567"],
		"custom_fields": {"f1": 5, "f2": true, "f3": "x"}}}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != 7 || p.LegacyPhones[0] != "601234567" || p.CustomFields["f1"] != "5" || p.CustomFields["f2"] != "true" {
		t.Fatalf("wrapped legacy person = %+v", p)
	}
	if err := decodeOne([]byte(`{"id": 8, "phones": ["+48601234567", {"phone": "+48602000111", "title": "work"}], "custom_fields": []}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != 8 || len(p.Phones) != 2 || p.Phones[1].Title != "work" {
		t.Fatalf("bare person = %+v", p)
	}
	if hs := parseHandles("telegram:777:janek\n\nbogus\nicq:1\nwhatsapp:48601234567"); len(hs) != 2 || hs[0].Username != "janek" {
		t.Fatalf("handles = %+v", hs)
	}
}

func TestAPIMessageIsRedacted(t *testing.T) {
	got := apiMessage([]byte(`{"message": "Client +48 (601) 234-567 / jan.k@example.com exists", "code": 5}`))
	if got != "Client … / … exists" {
		t.Fatalf("got %q", got)
	}
	if got := apiMessage([]byte(`not json`)); got != "" {
		t.Fatalf("got %q", got)
	}
	if got := apiMessage([]byte(`{"error": {"first_name": ["required"]}}`)); got != `{"first_name":["required"]}` {
		t.Fatalf("got %q", got)
	}
}
