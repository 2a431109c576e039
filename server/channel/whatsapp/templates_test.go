package whatsapp_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

func TestTemplatesPagesAndFilters(t *testing.T) {
	a, fake := setup(t)
	fake.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		Body: "Hi {{1}}, your order {{2}} is ready."})
	fake.AddTemplate(whatsapptest.Template{Name: "draft", Language: "en_US", Status: "PENDING", Body: "x"})
	for i := 0; i < 150; i++ {
		fake.AddTemplate(whatsapptest.Template{Name: fmt.Sprintf("t%03d", i), Language: "de", Category: "MARKETING",
			Body: "Hallo {{name}}, {{name}}!"})
	}
	got, err := a.Templates(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 151 {
		t.Fatalf("%d templates, want 151 approved across two pages", len(got))
	}
	want := channel.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY", Status: "APPROVED",
		Body: "Hi {{1}}, your order {{2}} is ready.", Parameters: 2}
	if !reflect.DeepEqual(got[0], want) {
		t.Fatalf("first = %+v, want %+v", got[0], want)
	}
	if got[1].Parameters != 1 {
		t.Fatalf("named placeholder used twice counts once: %+v", got[1])
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[0].Path != "/102290129340398/message_templates" ||
		calls[0].Query.Get("status") != "APPROVED" || calls[1].Query.Get("after") == "" {
		t.Fatalf("calls %+v", calls)
	}
}

func TestSendTemplate(t *testing.T) {
	a, fake := setup(t)
	fake.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Body: "Hi {{1}}, order {{2}}."})
	fake.AddTemplate(whatsapptest.Template{Name: "hello", Language: "en_US", Body: "Hello!"})

	res, err := a.SendTemplate(ctx(t), "16505551234", "order_ready", "en_US", []string{"Sheena", "#42"})
	if err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()[0]
	if s.Type != "template" || s.Template != "order_ready" || s.Language != "en_US" ||
		!reflect.DeepEqual(s.Params, []string{"Sheena", "#42"}) || s.ID != string(res.MessageID) {
		t.Fatalf("sent %+v", s)
	}
	if _, err := a.SendTemplate(ctx(t), "16505551234", "hello", "en_US", nil); err != nil {
		t.Fatalf("template without parameters: %v", err)
	}
	_, err = a.SendTemplate(ctx(t), "16505551234", "order_ready", "en_US", []string{"only one"})
	wantError(t, err, channel.ClassPermanent, "132000")
	_, err = a.SendTemplate(ctx(t), "16505551234", "missing", "en_US", nil)
	wantError(t, err, channel.ClassPermanent, "132001")
}
