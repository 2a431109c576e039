package publicnet_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel/publicnet"
)

func TestPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"8.8.8.8", true},
		{"157.240.1.35", true}, // a Meta CDN address
		{"2a03:2880:f10c:83:face:b00c:0:25de", true},
		{"127.0.0.1", false},
		{"127.9.9.9", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata service
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"100.64.0.1", false},
		{"255.255.255.255", false},
		{"198.18.0.1", false},
		{"::ffff:127.0.0.1", false},       // IPv4-mapped loopback
		{"::ffff:169.254.169.254", false}, // IPv4-mapped metadata service
		{"64:ff9b::a9fe:a9fe", false},     // NAT64 of 169.254.169.254
		{"64:ff9b::808:808", true},        // NAT64 of 8.8.8.8
	}
	for _, tt := range tests {
		if got := publicnet.Public(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, c *http.Client, u string) (string, error) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// A loopback server (what an attacker would aim at: the Mattermost server, its database, a
// metadata service) is refused, whether named by address or by a name that resolves to it; the
// allowed provider host is reachable; a redirect from it to another private address is refused.
func TestClientDialsOnlyPublicAddressesAndAllowedHosts(t *testing.T) {
	secret := serve(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "internal secret") })
	provider := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bounce" {
			http.Redirect(w, r, secret.URL+"/x", http.StatusFound)
			return
		}
		_, _ = io.WriteString(w, "media")
	})
	c := publicnet.Client(5*time.Second, publicnet.HostOf(provider.URL+"/v26.0"))

	if body, err := get(t, c, provider.URL+"/cdn/1"); err != nil || body != "media" {
		t.Fatalf("allowed provider host: %q, %v", body, err)
	}
	for name, u := range map[string]string{
		"loopback address":               secret.URL,
		"a name resolving to loopback":   strings.Replace(secret.URL, "127.0.0.1", "localhost", 1),
		"redirect from the allowed host": provider.URL + "/bounce",
		"metadata service":               "http://169.254.169.254/latest/meta-data/",
		"unspecified address":            "http://0.0.0.0:" + secret.URL[strings.LastIndex(secret.URL, ":")+1:],
	} {
		body, err := get(t, c, u)
		if !errors.Is(err, publicnet.ErrBlocked) {
			t.Errorf("%s: got %q, %v; want ErrBlocked", name, body, err)
		}
	}
	// The allow-list is by host and port: another port on the same address is not allowed.
	if _, err := get(t, c, secret.URL); !errors.Is(err, publicnet.ErrBlocked) {
		t.Errorf("another port of the allowed address: %v", err)
	}
}

func TestClientCapsRedirects(t *testing.T) {
	var hits int
	var loop *httptest.Server
	loop = serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		http.Redirect(w, r, loop.URL+"/again", http.StatusFound)
	})
	c := publicnet.Client(5*time.Second, publicnet.HostOf(loop.URL))
	if _, err := get(t, c, loop.URL); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("endless redirects: %v", err)
	}
	if hits != publicnet.MaxRedirects+1 {
		t.Fatalf("followed %d requests, want %d", hits, publicnet.MaxRedirects+1)
	}
}

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://graph.facebook.com/v26.0": "graph.facebook.com",
		"http://127.0.0.1:4321/v26.0":      "127.0.0.1:4321",
		"::bad":                            "",
	} {
		if got := publicnet.HostOf(in); got != want {
			t.Errorf("HostOf(%q) = %q, want %q", in, got, want)
		}
	}
}
