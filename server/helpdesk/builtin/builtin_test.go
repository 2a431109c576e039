package builtin_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/builtin"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/helpdesktest"
	"github.com/frontdesk-chat/frontdesk/server/store"
	"github.com/frontdesk-chat/frontdesk/server/store/storetest"
)

// newHelpdesk gives each test a fresh database migrated by the store's own runner, so the tests
// prove migration 0005 as shipped.
func newHelpdesk(t *testing.T) *builtin.Helpdesk {
	t.Helper()
	db := storetest.NewDB(t)
	if _, err := store.New(db).Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	h, err := builtin.New(builtin.Config{DB: db, DefaultRegion: helpdesktest.Region, Currency: "pln"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestContract(t *testing.T) {
	helpdesktest.Run(t, func(t *testing.T) helpdesk.Helpdesk { return newHelpdesk(t) })
}

func TestNewRefusesBadConfig(t *testing.T) {
	if _, err := builtin.New(builtin.Config{}); err == nil {
		t.Fatal("no database accepted")
	}
	if _, err := builtin.New(builtin.Config{DB: storetest.NewDB(t), DefaultRegion: "XX"}); err == nil {
		t.Fatal("unknown region accepted")
	}
}

// Numbers are allocated per kind, gapless and unique while many creators race: the counter row
// serialises them and the unique (kind, number) constraint would refuse a duplicate.
func TestDocumentNumbersUnderConcurrency(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	c, err := h.CreateClient(ctx, helpdesk.Client{Name: "Jan"})
	if err != nil {
		t.Fatal(err)
	}
	const perKind = 25
	kinds := []helpdesk.DocumentKind{helpdesk.Order, helpdesk.Estimate, helpdesk.Lead}
	var mu sync.Mutex
	numbers := map[helpdesk.DocumentKind][]int{}
	var wg sync.WaitGroup
	errs := make(chan error, perKind*len(kinds))
	for i := range perKind * len(kinds) {
		kind := kinds[i%len(kinds)]
		wg.Go(func() {
			d, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: kind, ClientID: c.ID, Title: "race"})
			if err != nil {
				errs <- err
				return
			}
			n, _ := strconv.Atoi(d.Number)
			mu.Lock()
			numbers[kind] = append(numbers[kind], n)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		got := numbers[kind]
		slices.Sort(got)
		for i, n := range got {
			if n != i+1 {
				t.Fatalf("%s numbers = %v, want 1..%d each once", kind, got, perKind)
			}
		}
	}
	docs, err := h.ListDocuments(ctx, c.ID)
	if err != nil || len(docs) != perKind*len(kinds) {
		t.Fatalf("listed %d documents, %v", len(docs), err)
	}
}

func TestNewDocumentDefaults(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	c, _ := h.CreateClient(ctx, helpdesk.Client{Name: "Jan"})
	for kind, want := range map[helpdesk.DocumentKind]string{helpdesk.Order: "new", helpdesk.Estimate: "draft", helpdesk.Lead: "new"} {
		d, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: kind, ClientID: c.ID, Title: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != want || d.Number != "1" || d.Currency != "PLN" || d.Amount != "" {
			t.Fatalf("%s: %+v", kind, d)
		}
	}
	if _, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Order, ClientID: "nope", Title: "x"}); !errors.Is(err, helpdesk.ErrNotFound) {
		t.Fatalf("unknown client: err = %v, want ErrNotFound", err)
	}
}

func TestSetStatus(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	c, _ := h.CreateClient(ctx, helpdesk.Client{Name: "Jan"})
	d, _ := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Order, ClientID: c.ID, Title: "x"})
	if err := h.SetStatus(ctx, d.ID, "ready"); err != nil {
		t.Fatal(err)
	}
	if err := h.SetStatus(ctx, d.ID, "accepted"); !errors.Is(err, helpdesk.ErrInvalid) {
		t.Fatalf("estimate status on an order: err = %v", err)
	}
	if err := h.SetStatus(ctx, "nope", "ready"); !errors.Is(err, helpdesk.ErrNotFound) {
		t.Fatalf("unknown document: err = %v", err)
	}
	docs, _ := h.ListDocuments(ctx, c.ID)
	if docs[0].Status != "ready" {
		t.Fatalf("status = %q", docs[0].Status)
	}
}

// A messenger identity belongs to one client: a second client claiming it is a conflict, and
// nothing of that second client is stored.
func TestHandleUniquePerProvider(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	tg := helpdesk.Handle{Kind: helpdesk.Telegram, ID: "777", Username: "@janek"}
	jan, err := h.CreateClient(ctx, helpdesk.Client{Name: "Jan", Handles: []helpdesk.Handle{tg}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.CreateClient(ctx, helpdesk.Client{Name: "Impostor", Handles: []helpdesk.Handle{tg}}); !errors.Is(err, helpdesk.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if got, _ := h.SearchClients(ctx, helpdesk.Query{Text: "Impostor"}); len(got) != 0 {
		t.Fatal("the refused client was stored")
	}
	// The same id on another provider is another person.
	if _, err := h.CreateClient(ctx, helpdesk.Client{Name: "Anna", Handles: []helpdesk.Handle{{Kind: helpdesk.Messenger, ID: "777"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := h.SearchClients(ctx, helpdesk.Query{Handle: helpdesk.Handle{Kind: "telegram", ID: "777"}})
	if err != nil || len(got) != 1 || got[0].ID != jan.ID || got[0].Handles[0].Username != "janek" {
		t.Fatalf("search = %+v, %v", got, err)
	}
	// Moving the handle: drop it from Jan, then Anna may take it.
	jan.Handles = nil
	if _, err := h.UpdateClient(ctx, jan); err != nil {
		t.Fatal(err)
	}
	if _, err := h.CreateClient(ctx, helpdesk.Client{Name: "Anna 2", Handles: []helpdesk.Handle{tg}}); err != nil {
		t.Fatalf("handle not released: %v", err)
	}
}

func TestSearchByNameAndEmail(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	mk := func(name string, emails ...string) string {
		c, err := h.CreateClient(ctx, helpdesk.Client{Name: name, Emails: emails})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	jan := mk("Jan Kowalski", "jan@example.com")
	janina := mk("Janina Kowalska-Nowak")
	piotr := mk("Piotr Zieliński")
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"kowal", []string{jan, janina}},
		{"kowalski jan", []string{jan}},
		{"JAN", []string{jan, janina}},
		{"nowak", []string{janina}},
		{"zieliń", []string{piotr}},
		{"kowalski & !jan | (:*", []string{jan}}, // operators are stripped, not obeyed
		{"&&&", nil},
		{"smith", nil},
	} {
		got, err := h.SearchClients(ctx, helpdesk.Query{Text: tc.text})
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		var gotIDs []string
		for _, c := range got {
			gotIDs = append(gotIDs, c.ID)
		}
		slices.Sort(gotIDs)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(gotIDs, want) {
			t.Fatalf("%q = %v, want %v", tc.text, gotIDs, want)
		}
	}
	got, err := h.SearchClients(ctx, helpdesk.Query{Email: " JAN@example.com "})
	if err != nil || len(got) != 1 || got[0].ID != jan {
		t.Fatalf("email search = %+v, %v", got, err)
	}
	if got, _ := h.SearchClients(ctx, helpdesk.Query{Text: "kowal", Limit: 1}); len(got) != 1 {
		t.Fatalf("limit 1 gave %d", len(got))
	}
}

// Two agents linking the same Telegram customer to two new clients at the same moment: the
// primary key lets exactly one through.
func TestHandleClaimedOnceUnderConcurrency(t *testing.T) {
	h := newHelpdesk(t)
	ctx := context.Background()
	const racers = 8
	var wg sync.WaitGroup
	results := make(chan error, racers)
	for i := range racers {
		wg.Go(func() {
			_, err := h.CreateClient(ctx, helpdesk.Client{Name: "Racer " + strconv.Itoa(i),
				Handles: []helpdesk.Handle{{Kind: helpdesk.Telegram, ID: "4242"}}})
			results <- err
		})
	}
	wg.Wait()
	close(results)
	won := 0
	for err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, helpdesk.ErrConflict):
			t.Fatalf("err = %v, want nil or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d clients got the handle, want 1", won)
	}
	if got, _ := h.SearchClients(ctx, helpdesk.Query{Text: "racer"}); len(got) != 1 {
		t.Fatalf("%d racers stored, want only the winner", len(got))
	}
}
