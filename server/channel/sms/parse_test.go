package sms_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

const mediaBase = "https://api.twilio.com/2010-04-01/Accounts/" + testAccount + "/Messages/"

func TestParseFixtures(t *testing.T) {
	mms3 := mediaBase + "MM33333333333333333333333333333333/Media/ME3333333333333333333333333333333"
	tests := []struct {
		fixture string
		want    []channel.Event // Timestamp is checked separately
	}{
		{"inbound_text.form", []channel.Event{{
			Type: channel.EventMessage, MessageID: "SM11111111111111111111111111111111",
			Customer: channel.Customer{ID: customer, Phone: customer},
			Account:  channel.Account{ID: testNumber},
			Text:     "Hello, is the shop open today? 😊",
		}}},
		{"inbound_mms_image.form", []channel.Event{{
			Type: channel.EventMessage, MessageID: "MM22222222222222222222222222222222",
			Customer: channel.Customer{ID: "+12125550100", Phone: "+12125550100"},
			Account:  channel.Account{ID: testNumber},
			Text:     "Photo of the receipt",
			Media: []channel.Media{{Kind: channel.Image, MIMEType: "image/jpeg", FileName: "ME22222222222222222222222222222220.jpg",
				Ref: mediaBase + "MM22222222222222222222222222222222/Media/ME22222222222222222222222222222220"}},
		}}},
		{"inbound_mms_mixed.form", []channel.Event{{
			Type: channel.EventMessage, MessageID: "MM33333333333333333333333333333333",
			Customer: channel.Customer{ID: "+447700900123", Phone: "+447700900123"},
			Account:  channel.Account{ID: testNumber},
			Media: []channel.Media{
				{Kind: channel.Audio, MIMEType: "audio/mpeg", Ref: mms3 + "0", FileName: "ME33333333333333333333333333333330.mp3"},
				{Kind: channel.Video, MIMEType: "video/mp4", Ref: mms3 + "1", FileName: "ME33333333333333333333333333333331.mp4"},
				{Kind: channel.File, MIMEType: "application/pdf", Ref: mms3 + "2", FileName: "ME33333333333333333333333333333332.pdf"},
				{Kind: channel.File, MIMEType: "text/vcard", Ref: mms3 + "3", FileName: "ME33333333333333333333333333333333.vcf"},
				{Kind: channel.Image, MIMEType: "image/gif", Ref: mms3 + "4", FileName: "ME33333333333333333333333333333334.gif"},
			},
		}}},
		{"inbound_location.form", []channel.Event{{
			Type: channel.EventMessage, MessageID: "SM44444444444444444444444444444444",
			Customer: channel.Customer{ID: "+5511987654321", Phone: "+5511987654321", Name: "Ana Souza"},
			Account:  channel.Account{ID: testNumber},
			Text:     "Location: -23.5505, -46.6333\nOur meeting point\nPraça da Sé",
		}}},
		{"inbound_stop.form", optOutEvents("SM66666666666666666666666666666666", "Stop", true)},
		{"inbound_start.form", optOutEvents("SM77777777777777777777777777777777", "START", false)},
		{"status_sent.form", []channel.Event{statusEvent("sent", channel.StateSent, nil)}},
		{"status_delivered.form", []channel.Event{statusEvent("delivered", channel.StateDelivered, nil)}},
		{"status_read.form", []channel.Event{statusEvent("read", channel.StateRead, nil)}},
		{"status_undelivered.form", []channel.Event{statusEvent("undelivered", channel.StateFailed,
			&channel.Error{Class: channel.ClassPermanent, Code: "30003", Reason: "the handset is unreachable"})}},
		{"status_failed.form", []channel.Event{statusEvent("failed", channel.StateFailed,
			&channel.Error{Class: channel.ClassOptedOut, Code: "21610",
				Reason: "the recipient has opted out (replied STOP); they must text START to this number before they can receive messages again"})}},
		{"status_unknown.form", nil},
		{"unknown_voice_call.form", nil},
	}
	a := offlineAdapter(t)
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			req := signedRequest(t, fixture(t, tt.fixture), testToken)
			if err := a.Authenticate(req); err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			before := time.Now()
			got, err := a.Parse(req)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			for i := range got {
				// Twilio posts no timestamp: events carry the time they were parsed.
				if ts := got[i].Timestamp; ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)) {
					t.Errorf("event %d timestamp %v is not now", i, ts)
				}
				got[i].Timestamp = time.Time{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// optOutEvents is a keyword message as the customer wrote it, then what it does.
func optOutEvents(sid, body string, optedOut bool) []channel.Event {
	who, to := channel.Customer{ID: customer, Phone: customer}, channel.Account{ID: testNumber}
	return []channel.Event{
		{Type: channel.EventMessage, MessageID: channel.MessageID(sid), Customer: who, Account: to, Text: body},
		{Type: channel.EventOptOut, MessageID: channel.MessageID(sid + ":opt"), Customer: who, Account: to, OptedOut: optedOut},
	}
}

func statusEvent(status string, state channel.DeliveryState, err *channel.Error) channel.Event {
	return channel.Event{
		Type: channel.EventStatus, MessageID: channel.MessageID("SM55555555555555555555555555555555:" + status),
		TargetID: "SM55555555555555555555555555555555", State: state, Err: err,
		Customer: channel.Customer{ID: customer, Phone: customer},
		Account:  channel.Account{ID: testNumber},
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name      string
		body      []byte
		want      error
		authFails bool // the body cannot even be checked, so Authenticate refuses it as well
	}{
		{"bad percent escape", fixture(t, "malformed_escape.form"), channel.ErrMalformed, true},
		{"NumMedia not a number", fixture(t, "malformed_nummedia.form"), channel.ErrMalformed, false},
		{"message without From", fixture(t, "malformed_no_from.form"), channel.ErrMalformed, false},
		{"oversized", []byte("MessageSid=SM1&From=%2B1555&Body=" + strings.Repeat("x", 300<<10)), channel.ErrTooLarge, true},
	}
	a := offlineAdapter(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := signedRequest(t, tt.body, testToken)
			if _, err := a.Parse(req); !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %v, want %v", err, tt.want)
			}
			if err := a.Authenticate(req); tt.authFails && !errors.Is(err, tt.want) {
				t.Fatalf("Authenticate = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseBadSignatureFixture(t *testing.T) {
	a := offlineAdapter(t)
	req := signedRequest(t, fixture(t, "inbound_text.form"), "not-the-auth-token")
	if err := a.Authenticate(req); !errors.Is(err, channel.ErrUnauthorized) {
		t.Fatalf("Authenticate = %v, want ErrUnauthorized", err)
	}
}

func TestParseForgedMediaCountIsBounded(t *testing.T) {
	a := offlineAdapter(t)
	body := "MessageSid=MM1&From=%2B15551234567&NumMedia=2000000000&MediaUrl0=" + mediaBase + "MM1/Media/ME1&MediaContentType0=image/png"
	events, err := a.Parse(signedRequest(t, []byte(body), testToken))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(events) != 1 || len(events[0].Media) != 1 || events[0].Media[0].Kind != channel.Image {
		t.Fatalf("Parse = %+v, want one message with one image", events)
	}
}
