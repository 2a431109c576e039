package messenger

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// An attachment URL comes from the customer's side: Frontdesk fetches it only from public
// addresses or the Page's configured API host, never from the server's own network (loopback,
// link-local metadata service), neither directly, by a name, nor through a redirect from the CDN.
func TestFetchMediaRefusesNonPublicHosts(t *testing.T) {
	a, fake := setup(t)
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
		d, err := a.FetchMedia(ctx(t), channel.Media{Kind: channel.Image, Ref: u})
		if err == nil {
			t.Errorf("%s: fetched %q", name, d.Data)
			continue
		}
		if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "media_host_not_public" {
			t.Errorf("%s: %+v", name, e)
		}
	}
	if hit {
		t.Fatal("the internal server was reached")
	}
	// The Page's own API host (here a local fake) stays reachable.
	u := fake.AddMedia([]byte("ok"), "image/png")
	if d, err := a.FetchMedia(ctx(t), channel.Media{Ref: u}); err != nil || string(d.Data) != "ok" {
		t.Fatalf("media on the API host: %+v %v", d, err)
	}
}
