package messagingtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Fetcher is an adapter that fetches the customers' attachments (Messenger, Instagram).
type Fetcher interface {
	FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error)
}

// CheckFetchOnlyFromPublicHosts proves an adapter fetches an attachment URL (it comes from the
// customer's side) only from public addresses or the account's configured API host, never from the
// server's own network (loopback, link-local metadata service), neither directly, by a name, nor
// through a redirect from the CDN. onAPIHost is a media URL the fake on the API host serves.
func CheckFetchOnlyFromPublicHosts(t *testing.T, a Fetcher, onAPIHost string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var hit bool
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hit = true
		_, _ = io.WriteString(w, "internal secret")
	}))
	t.Cleanup(internal.Close)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/x.jpg", http.StatusFound)
	}))
	t.Cleanup(redirector.Close)

	for name, u := range map[string]string{
		"loopback":             internal.URL + "/x.jpg",
		"localhost":            strings.Replace(internal.URL, "127.0.0.1", "localhost", 1) + "/x.jpg",
		"metadata service":     "http://169.254.169.254/latest/meta-data/iam",
		"redirect to loopback": redirector.URL + "/r.jpg",
	} {
		d, err := a.FetchMedia(ctx, channel.Media{Kind: channel.Image, Ref: u})
		if err == nil {
			t.Errorf("%s: fetched %q", name, d.Data)
			continue
		}
		var e *channel.Error
		if !errors.As(err, &e) || e.Class != channel.ClassPermanent || e.Code != "media_host_not_public" {
			t.Errorf("%s: %v, want a permanent media_host_not_public error", name, err)
		}
	}
	if hit {
		t.Fatal("the internal server was reached")
	}
	if d, err := a.FetchMedia(ctx, channel.Media{Ref: onAPIHost}); err != nil || len(d.Data) == 0 {
		t.Fatalf("media on the API host: %+v %v", d, err)
	}
}
