// Package helpdesktest is the contract every helpdesk adapter keeps: one table of behaviours that
// the built-in helpdesk (on real PostgreSQL) and each external adapter (against its fake server)
// run alike, so the core can rely on them without knowing which helpdesk is behind.
package helpdesktest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// Region is the default region the contract's helpdesks must be configured with: the numbers
// below are typed the way staff in Poland type them.
const Region = "PL"

// Run runs every behaviour against a fresh helpdesk from newHelpdesk (one per behaviour).
func Run(t *testing.T, newHelpdesk func(t *testing.T) helpdesk.Helpdesk) {
	for _, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			b.run(ctx, t, newHelpdesk(t))
		})
	}
}

var behaviours = []struct {
	name string
	run  func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk)
}{
	{"search by phone finds exactly one", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		jan := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan Kowalski", Phones: []string{"601 234 567"}})
		mustCreate(ctx, t, h, helpdesk.Client{Name: "Anna Nowak", Phones: []string{"+48 602 000 111"}})
		for _, typed := range []string{"+48601234567", "0048 601-234-567", "601234567"} {
			got, err := h.SearchClients(ctx, helpdesk.Query{Phone: typed})
			if err != nil {
				t.Fatalf("search %q: %v", typed, err)
			}
			if len(got) != 1 || got[0].ID != jan.ID {
				t.Fatalf("search %q = %v, want exactly %s", typed, ids(got), jan.ID)
			}
		}
		got, err := h.SearchClients(ctx, helpdesk.Query{Phone: "+48 699 999 999"})
		if err != nil || len(got) != 0 {
			t.Fatalf("search unknown phone = %v, %v; want none", ids(got), err)
		}
	}},
	{"search by handle", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		// A WhatsApp handle is the customer's number without the plus (wa_id): every helpdesk
		// finds it, even one that can only search phones.
		jan := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan Kowalski", Phones: []string{"+48601234567"},
			Handles: []helpdesk.Handle{{Kind: helpdesk.WhatsApp, ID: "48601234567"}}})
		mustCreate(ctx, t, h, helpdesk.Client{Name: "Anna Nowak", Phones: []string{"+48602000111"}})
		got, err := h.SearchClients(ctx, helpdesk.Query{Handle: helpdesk.Handle{Kind: helpdesk.WhatsApp, ID: "48601234567"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != jan.ID {
			t.Fatalf("search by handle = %v, want exactly %s", ids(got), jan.ID)
		}
	}},
	{"search by name", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		jan := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan Kowalski", Phones: []string{"+48601234567"}})
		mustCreate(ctx, t, h, helpdesk.Client{Name: "Anna Nowak"})
		got, err := h.SearchClients(ctx, helpdesk.Query{Text: "Kowalski"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != jan.ID {
			t.Fatalf("search by name = %v, want exactly %s", ids(got), jan.ID)
		}
	}},
	{"create then get", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		created := mustCreate(ctx, t, h, helpdesk.Client{
			Name: " Jan  Kowalski ", Phones: []string{"601 234 567"}, Emails: []string{"Jan@Example.com"},
			Address: "ul. Długa 1, Gdańsk", Notes: "prefers WhatsApp",
		})
		if created.ID == "" {
			t.Fatal("created client has no id")
		}
		got, err := h.GetClient(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Jan Kowalski" || !slices.Equal(got.Phones, []string{"+48601234567"}) ||
			!slices.Equal(got.Emails, []string{"jan@example.com"}) || got.Address != "ul. Długa 1, Gdańsk" ||
			got.Notes != "prefers WhatsApp" {
			t.Fatalf("got %+v", got)
		}
		got.Name, got.Phones = "Jan K. Kowalski", append(got.Phones, "+48 602 000 111")
		if _, err := h.UpdateClient(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, err := h.GetClient(ctx, created.ID)
		if err != nil || again.Name != "Jan K. Kowalski" || !slices.Equal(again.Phones, []string{"+48601234567", "+48602000111"}) {
			t.Fatalf("after update: %+v, %v", again, err)
		}
	}},
	{"unknown client is ErrNotFound", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		if _, err := h.GetClient(ctx, "999999"); !errors.Is(err, helpdesk.ErrNotFound) {
			t.Fatalf("get: err = %v, want ErrNotFound", err)
		}
		if _, err := h.UpdateClient(ctx, helpdesk.Client{ID: "999999", Name: "x"}); !errors.Is(err, helpdesk.ErrNotFound) {
			t.Fatalf("update: err = %v, want ErrNotFound", err)
		}
		if _, err := h.ListDocuments(ctx, "999999"); !errors.Is(err, helpdesk.ErrNotFound) {
			t.Fatalf("list documents: err = %v, want ErrNotFound", err)
		}
	}},
	{"bad input is ErrInvalid", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		if _, err := h.CreateClient(ctx, helpdesk.Client{Name: " "}); !errors.Is(err, helpdesk.ErrInvalid) {
			t.Fatalf("no name: err = %v", err)
		}
		if _, err := h.CreateClient(ctx, helpdesk.Client{Name: "x", Phones: []string{"12"}}); !errors.Is(err, helpdesk.ErrInvalid) {
			t.Fatalf("bad phone: err = %v", err)
		}
		if _, err := h.SearchClients(ctx, helpdesk.Query{}); !errors.Is(err, helpdesk.ErrInvalid) {
			t.Fatalf("empty query: err = %v", err)
		}
		c := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan"})
		if _, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Invoice, ClientID: c.ID, Title: "x"}); !errors.Is(err, helpdesk.ErrInvalid) {
			t.Fatalf("invoice: err = %v", err)
		}
	}},
	{"create order prefilled", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		c := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan Kowalski", Phones: []string{"+48601234567"}})
		doc, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Order, ClientID: c.ID,
			Title: "iPhone 12: cracked screen", Description: "Customer: the screen broke yesterday."})
		if err != nil {
			t.Fatal(err)
		}
		if doc.ID == "" || doc.Kind != helpdesk.Order || doc.ClientID != c.ID || doc.Number == "" ||
			doc.Status == "" || doc.Title != "iPhone 12: cracked screen" || doc.Date.IsZero() {
			t.Fatalf("created %+v", doc)
		}
		docs, err := h.ListDocuments(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || docs[0].ID != doc.ID || docs[0].Number != doc.Number || docs[0].Title != doc.Title {
			t.Fatalf("listed %+v, want the created order", docs)
		}
	}},
	{"documents newest first", func(ctx context.Context, t *testing.T, h helpdesk.Helpdesk) {
		c := mustCreate(ctx, t, h, helpdesk.Client{Name: "Jan Kowalski"})
		other := mustCreate(ctx, t, h, helpdesk.Client{Name: "Anna Nowak"})
		var want []string
		for _, kind := range []helpdesk.DocumentKind{helpdesk.Lead, helpdesk.Estimate, helpdesk.Order, helpdesk.Order} {
			d, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: kind, ClientID: c.ID, Title: string(kind)})
			if err != nil {
				t.Fatal(err)
			}
			// Created within the same millisecond or second, documents tie on their dates: each
			// helpdesk must still list the later one first.
			want = append([]string{d.ID}, want...)
		}
		if _, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Order, ClientID: other.ID, Title: "not his"}); err != nil {
			t.Fatal(err)
		}
		docs, err := h.ListDocuments(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, d := range docs {
			got = append(got, d.ID)
			if i > 0 && d.Date.After(docs[i-1].Date) {
				t.Fatalf("document %d is newer than the one before it", i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("listed %v, want %v", got, want)
		}
	}},
}

func mustCreate(ctx context.Context, t *testing.T, h helpdesk.Helpdesk, c helpdesk.Client) helpdesk.Client {
	t.Helper()
	created, err := h.CreateClient(ctx, c)
	if err != nil {
		t.Fatalf("create client: %v", err)
	}
	return created
}

func ids(cs []helpdesk.Client) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}
