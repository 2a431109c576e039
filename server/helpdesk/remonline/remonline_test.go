package remonline_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/helpdesktest"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/remonline"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/remonline/remonlinetest"
)

const key = "test-api-key"

// testConfig is fast: a generous rate and millisecond backoffs, so retries cost no test time.
func testConfig(f *remonlinetest.Fake) remonline.Config {
	return remonline.Config{
		BaseURL: f.URL, APIKey: key, HTTPClient: f.Client(),
		RatePerSecond: 1000, Burst: 10, MaxAttempts: 4,
		BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond,
		BranchID: 11, OrderTypeID: 22, LeadTypeID: 33, Currency: "pln",
		DefaultRegion: helpdesktest.Region, HandlesField: "f900",
	}
}

func newAdapter(t *testing.T, f *remonlinetest.Fake, edit ...func(*remonline.Config)) *remonline.Helpdesk {
	t.Helper()
	cfg := testConfig(f)
	for _, e := range edit {
		e(&cfg)
	}
	h, err := remonline.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestContract(t *testing.T) {
	helpdesktest.Run(t, func(t *testing.T) helpdesk.Helpdesk {
		return newAdapter(t, remonlinetest.New(t, key), func(c *remonline.Config) { c.CacheTTL = -1 })
	})
}

func TestNewRefusesBadConfig(t *testing.T) {
	for name, cfg := range map[string]remonline.Config{
		"no key":       {},
		"bad url":      {APIKey: "k", BaseURL: "ftp://x"},
		"bad auth":     {APIKey: "k", AuthMode: "basic"},
		"bad region":   {APIKey: "k", DefaultRegion: "XX"},
		"relative url": {APIKey: "k", BaseURL: "/v2"},
	} {
		if _, err := remonline.New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSearchByPhone(t *testing.T) {
	f := remonlinetest.New(t, key)
	jan := f.AddPerson(remonlinetest.Person{FirstName: "Jan", LastName: "Kowalski", Phones: []remonlinetest.Phone{{Phone: "601 234 567"}}})
	// Same last nine digits in another country: the API's loose match returns both, the adapter
	// keeps only the exact E.164 match.
	f.AddPerson(remonlinetest.Person{FirstName: "John", Phones: []remonlinetest.Phone{{Phone: "+44 601 234 567"}}})
	h := newAdapter(t, f)
	got, err := h.SearchClients(context.Background(), helpdesk.Query{Phone: "+48 601-234-567"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != strconv.FormatInt(jan, 10) || got[0].Name != "Jan Kowalski" ||
		!slices.Equal(got[0].Phones, []string{"+48601234567"}) {
		t.Fatalf("got %+v", got)
	}
	if got[0].URL != "https://web.remonline.app/clients/"+got[0].ID {
		t.Fatalf("url = %q", got[0].URL)
	}
	if _, err := h.SearchClients(context.Background(), helpdesk.Query{Email: "jan@example.com"}); !errors.Is(err, helpdesk.ErrUnsupported) {
		t.Fatalf("email search: err = %v, want ErrUnsupported", err)
	}
	if _, err := h.SearchClients(context.Background(), helpdesk.Query{Handle: helpdesk.Handle{Kind: "telegram", ID: "1"}}); !errors.Is(err, helpdesk.ErrUnsupported) {
		t.Fatalf("telegram handle search: err = %v, want ErrUnsupported", err)
	}
}

func TestCreateClient(t *testing.T) {
	f := remonlinetest.New(t, key)
	h := newAdapter(t, f)
	c, err := h.CreateClient(context.Background(), helpdesk.Client{
		Name: "Jan Maria Kowalski", Phones: []string{"601 234 567"}, Emails: []string{"Jan@Example.com"},
		Handles: []helpdesk.Handle{{Kind: "telegram", ID: "777", Username: "janek"}}, Notes: "VIP",
	})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := strconv.ParseInt(c.ID, 10, 64)
	p, ok := f.Person(id)
	if !ok {
		t.Fatalf("person %s not stored", c.ID)
	}
	if p.FirstName != "Jan" || p.LastName != "Maria Kowalski" || p.Email != "jan@example.com" ||
		len(p.Phones) != 1 || p.Phones[0].Phone != "+48601234567" || p.Notes != "VIP" ||
		p.CustomFields["f900"] != "telegram:777:janek" {
		t.Fatalf("stored %+v", p)
	}
	got, err := h.GetClient(context.Background(), c.ID)
	if err != nil || got.Name != "Jan Maria Kowalski" || len(got.Handles) != 1 || got.Handles[0].Username != "janek" {
		t.Fatalf("read back %+v, %v", got, err)
	}
	if _, err := h.CreateClient(context.Background(), helpdesk.Client{Name: "x", Emails: []string{"a@b.c", "d@e.f"}}); !errors.Is(err, helpdesk.ErrInvalid) {
		t.Fatalf("two emails: err = %v, want ErrInvalid", err)
	}
}

func TestDocumentsPagedAcrossPages(t *testing.T) {
	f := remonlinetest.New(t, key)
	f.PageSize = 2
	jan := f.AddPerson(remonlinetest.Person{FirstName: "Jan"})
	other := f.AddPerson(remonlinetest.Person{FirstName: "Anna"})
	orders := f.AddDocuments(remonlinetest.OrdersPath, jan, 5)
	f.AddDocuments(remonlinetest.OrdersPath, other, 3)
	estimates := f.AddDocuments(remonlinetest.EstimatesPath, jan, 3)
	leads := f.AddDocuments(remonlinetest.LeadsPath, jan, 2)
	h := newAdapter(t, f, func(c *remonline.Config) { c.PageSize = 2 })

	docs, err := h.ListDocuments(context.Background(), strconv.FormatInt(jan, 10))
	if err != nil {
		t.Fatal(err)
	}
	// Seeded in order orders, estimates, leads, each a minute newer: newest first is the reverse.
	var want []string
	for _, ids := range [][]int64{orders, estimates, leads} {
		for _, id := range ids {
			want = append([]string{strconv.FormatInt(id, 10)}, want...)
		}
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if n := f.Requests("GET " + remonlinetest.OrdersPath); n != 3 { // 2 + 2 + 1
		t.Fatalf("order pages fetched = %d, want 3", n)
	}
	if n := f.Requests("GET " + remonlinetest.EstimatesPath); n != 2 { // 2 + 1
		t.Fatalf("estimate pages fetched = %d, want 2", n)
	}
	if n := f.Requests("GET " + remonlinetest.LeadsPath); n != 1 { // a full page, and count says that is all
		t.Fatalf("lead pages fetched = %d, want 1", n)
	}
	first := docs[0]
	if first.Kind != helpdesk.Lead || first.Number != "2" || first.Status != "New" || first.Amount != "0.00" ||
		first.Currency != "PLN" || first.Date.IsZero() {
		t.Fatalf("newest = %+v", first)
	}
	if docs[len(docs)-1].URL != "https://web.remonline.app/orders/"+docs[len(docs)-1].ID {
		t.Fatalf("order url = %q", docs[len(docs)-1].URL)
	}
}

func TestCreateOrderEstimateLead(t *testing.T) {
	f := remonlinetest.New(t, key)
	jan := f.AddPerson(remonlinetest.Person{FirstName: "Jan"})
	h := newAdapter(t, f)
	ctx := context.Background()
	clientID := strconv.FormatInt(jan, 10)
	for _, tc := range []struct {
		kind helpdesk.DocumentKind
		path string
		want map[string]any
	}{
		{helpdesk.Order, remonlinetest.OrdersPath, map[string]any{"branch_id": 11.0, "order_type_id": 22.0,
			"malfunction": "iPhone 12: screen", "manager_notes": "From the chat", "client_id": float64(jan)}},
		{helpdesk.Estimate, remonlinetest.EstimatesPath, map[string]any{"branch_id": 11.0, "order_type_id": 22.0,
			"malfunction": "iPhone 12: screen"}},
		{helpdesk.Lead, remonlinetest.LeadsPath, map[string]any{"lead_type_id": 33.0,
			"description": "iPhone 12: screen\n\nFrom the chat"}},
	} {
		d, err := h.CreateDocument(ctx, helpdesk.NewDocument{Kind: tc.kind, ClientID: clientID,
			Title: "iPhone 12: screen", Description: "From the chat"})
		if err != nil {
			t.Fatalf("%s: %v", tc.kind, err)
		}
		if d.Kind != tc.kind || d.Number != "1" || d.Status != "New" || d.Title != "iPhone 12: screen" {
			t.Fatalf("%s: %+v", tc.kind, d)
		}
		stored := f.Documents(tc.path)
		if len(stored) != 1 {
			t.Fatalf("%s: %d stored", tc.kind, len(stored))
		}
		for k, v := range tc.want {
			if stored[0].Body[k] != v {
				t.Fatalf("%s: sent %s = %#v, want %#v", tc.kind, k, stored[0].Body[k], v)
			}
		}
	}
	// Without a branch and an order type the API cannot create orders: say what to configure.
	bare := newAdapter(t, f, func(c *remonline.Config) { c.BranchID, c.OrderTypeID = 0, 0 })
	_, err := bare.CreateDocument(ctx, helpdesk.NewDocument{Kind: helpdesk.Order, ClientID: clientID, Title: "x"})
	if !errors.Is(err, helpdesk.ErrUnsupported) || !strings.Contains(err.Error(), "order type id") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnauthorized(t *testing.T) {
	for _, mode := range []remonline.AuthMode{remonline.AuthBearer, remonline.AuthToken} {
		f := remonlinetest.New(t, key)
		h := newAdapter(t, f, func(c *remonline.Config) { c.APIKey, c.AuthMode = "wrong-key", mode })
		_, err := h.GetClient(context.Background(), "1")
		if !errors.Is(err, helpdesk.ErrUnauthorized) || !strings.Contains(err.Error(), "API key") {
			t.Fatalf("%s: err = %v, want ErrUnauthorized naming the API key", mode, err)
		}
		if strings.Contains(err.Error(), "wrong-key") {
			t.Fatalf("%s: the key leaked into the error: %v", mode, err)
		}
		if n := f.TotalRequests(); n > 2 {
			t.Fatalf("%s: %d calls for a refused key, want no retries", mode, n)
		}
	}
}

func TestTokenMode(t *testing.T) {
	f := remonlinetest.New(t, key)
	id := f.AddPerson(remonlinetest.Person{FirstName: "Jan"})
	h := newAdapter(t, f, func(c *remonline.Config) { c.AuthMode, c.CacheTTL = remonline.AuthToken, -1 })
	ctx := context.Background()
	for range 3 {
		if _, err := h.GetClient(ctx, strconv.FormatInt(id, 10)); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Requests("POST /token/new"); n != 1 {
		t.Fatalf("token exchanged %d times for 3 calls, want once", n)
	}
	f.RevokeTokens() // the token expired before our TTL said so
	if _, err := h.GetClient(ctx, strconv.FormatInt(id, 10)); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if n := f.Requests("POST /token/new"); n != 2 {
		t.Fatalf("token exchanged %d times, want a second exchange after expiry", n)
	}
}

func TestRateLimited429ThenSuccess(t *testing.T) {
	f := remonlinetest.New(t, key)
	id := f.AddPerson(remonlinetest.Person{FirstName: "Jan"})
	h := newAdapter(t, f)
	f.FailNext(2, remonlinetest.Failure{Status: http.StatusTooManyRequests})
	if _, err := h.GetClient(context.Background(), strconv.FormatInt(id, 10)); err != nil {
		t.Fatal(err)
	}
	if n := f.TotalRequests(); n != 3 {
		t.Fatalf("%d calls, want 2 refused + 1", n)
	}

	// Retry-After is honoured: the retry waits the second the API asked for.
	f.FailNext(1, remonlinetest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "1"})
	start := time.Now()
	if _, err := h.SearchClients(context.Background(), helpdesk.Query{Text: "Jan"}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("retried after %v, want the 1s Retry-After", waited)
	}

	// A Retry-After longer than we may hold a request gives up at once.
	f.FailNext(1, remonlinetest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "3600"})
	if _, err := h.SearchClients(context.Background(), helpdesk.Query{Text: "Other"}); !errors.Is(err, helpdesk.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	// Throttled on every attempt: ErrRateLimited after MaxAttempts.
	f.FailNext(4, remonlinetest.Failure{Status: http.StatusTooManyRequests})
	if _, err := h.SearchClients(context.Background(), helpdesk.Query{Text: "Third"}); !errors.Is(err, helpdesk.ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
}

// The adapter paces itself: called from many goroutines at once, it never goes faster than the
// API allows, so the fake never has to throttle it. The adapter runs at 4/s against a fake that
// accepts 5 in any second, the margin absorbing timer jitter.
func TestRespectsTheRateLimit(t *testing.T) {
	f := remonlinetest.New(t, key)
	f.Limit = 5
	h := newAdapter(t, f, func(c *remonline.Config) { c.RatePerSecond, c.Burst, c.CacheTTL = 4, 1, -1 })
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := h.SearchClients(context.Background(), helpdesk.Query{Text: fmt.Sprintf("name%d", i)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Throttled(); n != 0 {
		t.Fatalf("the fake throttled %d calls", n)
	}
}

func TestServerErrors(t *testing.T) {
	f := remonlinetest.New(t, key)
	id := strconv.FormatInt(f.AddPerson(remonlinetest.Person{FirstName: "Jan"}), 10)
	h := newAdapter(t, f, func(c *remonline.Config) { c.CacheTTL = -1 })
	ctx := context.Background()

	f.FailNext(2, remonlinetest.Failure{Status: http.StatusBadGateway})
	if _, err := h.GetClient(ctx, id); err != nil {
		t.Fatalf("5xx then success: %v", err)
	}

	before := f.TotalRequests()
	f.SetDown(true)
	_, err := h.GetClient(ctx, id)
	f.SetDown(false)
	if !errors.Is(err, helpdesk.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if n := f.TotalRequests() - before; n != 4 {
		t.Fatalf("%d attempts, want MaxAttempts (4)", n)
	}

	// A create that failed with a 5xx is not retried: it may have been done.
	before = f.TotalRequests()
	f.FailNext(1, remonlinetest.Failure{Status: http.StatusInternalServerError})
	if _, err := h.CreateClient(ctx, helpdesk.Client{Name: "Anna"}); !errors.Is(err, helpdesk.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if n := f.TotalRequests() - before; n != 1 {
		t.Fatalf("create attempted %d times, want once", n)
	}
	// An update (PATCH, idempotent) is retried.
	f.FailNext(1, remonlinetest.Failure{Status: http.StatusServiceUnavailable})
	if _, err := h.UpdateClient(ctx, helpdesk.Client{ID: id, Name: "Jan K"}); err != nil {
		t.Fatalf("update after one 503: %v", err)
	}
}

func TestRefusalsCarryNoPersonalData(t *testing.T) {
	f := remonlinetest.New(t, key)
	h := newAdapter(t, f)
	f.FailNext(1, remonlinetest.Failure{Status: http.StatusUnprocessableEntity,
		Body: `{"message": "phone +48 601 234 567 already used by jan@example.com"}`})
	_, err := h.CreateClient(context.Background(), helpdesk.Client{Name: "Jan", Phones: []string{"+48601234567"}})
	if !errors.Is(err, helpdesk.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	for _, secret := range []string{"601", "jan@example.com", "Jan"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("error %q carries %q", err, secret)
		}
	}
	if !strings.Contains(err.Error(), "already used by") {
		t.Fatalf("error %q lost the API's explanation", err)
	}
}

func TestReadsAreCachedAndWritesInvalidate(t *testing.T) {
	f := remonlinetest.New(t, key)
	id := strconv.FormatInt(f.AddPerson(remonlinetest.Person{FirstName: "Jan"}), 10)
	h := newAdapter(t, f)
	ctx := context.Background()
	for range 3 {
		if _, err := h.GetClient(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Requests("GET " + remonlinetest.PeoplePath + "/" + id); n != 1 {
		t.Fatalf("%d gets for 3 reads, want 1 (cached)", n)
	}
	if _, err := h.UpdateClient(ctx, helpdesk.Client{ID: id, Name: "Jan Nowy"}); err != nil {
		t.Fatal(err)
	}
	got, err := h.GetClient(ctx, id)
	if err != nil || got.Name != "Jan Nowy" {
		t.Fatalf("after update: %+v, %v", got, err)
	}
}
