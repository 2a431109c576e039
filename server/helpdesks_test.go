package main

import (
	"context"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/remonline/remonlinetest"
)

// The System Console's choice of RemOnline reaches RemOnline's API with the admin's key, and a new
// configuration builds a new client.
func TestRemOnlineChosenInTheSystemConsoleIsUsed(t *testing.T) {
	fake := remonlinetest.New(t, "console-key")
	id := fake.AddPerson(remonlinetest.Person{FirstName: "Anna", LastName: "Nowak", Phones: []remonlinetest.Phone{{Phone: "+48601234567"}}})
	p := &Plugin{}
	p.setConfiguration(&configuration{Helpdesk: helpdeskRemOnline, RemOnlineAPIKey: "console-key", RemOnlineBaseURL: fake.URL,
		RemOnlineBranchID: "1", RemOnlineOrderTypeID: "2"})
	hd, name, err := p.helpdesk()
	if err != nil || name != helpdeskRemOnline {
		t.Fatalf("helpdesk = %v %q %v", hd, name, err)
	}
	found, err := hd.SearchClients(context.Background(), helpdesk.Query{Phone: "+48 601 234 567"})
	if err != nil || len(found) != 1 || found[0].Name != "Anna Nowak" {
		t.Fatalf("search = %+v, %v (person %d)", found, err, id)
	}
	if again, _, _ := p.helpdesk(); again != hd {
		t.Fatal("the same configuration built a second client (its rate limiter and cache would be lost)")
	}

	p.setConfiguration(&configuration{Helpdesk: helpdeskRemOnline, RemOnlineAPIKey: "wrong", RemOnlineBaseURL: fake.URL})
	hd, _, err = p.helpdesk()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hd.SearchClients(context.Background(), helpdesk.Query{Phone: "+48601234567"}); err == nil {
		t.Fatal("a refused key was not reported")
	}
}
