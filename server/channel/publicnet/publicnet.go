// Package publicnet is the HTTP client for URLs that come from outside: an attachment link in a
// customer's message may point anywhere, and the plugin runs next to the Mattermost server, its
// database and the cloud's metadata service. The client connects only to public addresses, checked
// on the address actually dialled (after DNS, so a name that resolves to a private address, DNS
// rebinding and redirects are all covered), except to the hosts the caller allows by name: the
// provider's own configured API host, which may be a gateway or a test fake on a private network.
package publicnet

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// MaxRedirects is how many redirects one fetch follows.
const MaxRedirects = 5

// ErrBlocked is the error of a connection refused because its address is not public.
var ErrBlocked = errors.New("address is not public")

// Client returns a client whose calls end after timeout, that dials public addresses only, except
// the allowed hosts ("host" or "host:port", as in a URL; a host without a port allows ports 80 and
// 443). No proxy from the environment is used: the check must see the address it connects to.
func Client(timeout time.Duration, allowed ...string) *http.Client {
	allow := map[string]bool{}
	for _, h := range allowed {
		if h = strings.ToLower(strings.TrimSpace(h)); h == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(h); err == nil {
			allow[h] = true
			continue
		}
		allow[net.JoinHostPort(strings.Trim(h, "[]"), "80")] = true
		allow[net.JoinHostPort(strings.Trim(h, "[]"), "443")] = true
	}
	checked := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: control}
	trusted := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		if allow[strings.ToLower(addr)] {
			return trusted.DialContext(ctx, network, addr)
		}
		return checked.DialContext(ctx, network, addr)
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", MaxRedirects)
			}
			if req.URL.Scheme != "https" && req.URL.Scheme != "http" {
				return fmt.Errorf("redirect to a %q URL", req.URL.Scheme)
			}
			return nil
		},
	}
}

// HostOf is the host[:port] of a base URL, for the allow-list ("" when it has none).
func HostOf(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// control runs after DNS, just before the socket connects: the address here is the one dialled.
func control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlocked, address)
	}
	if !Public(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrBlocked, ap.Addr())
	}
	return nil
}

// nonPublic are the special-purpose ranges (RFC 6890 and its successors) that are neither
// loopback, private, link-local nor multicast by the standard library's reckoning.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001::/23"),       // IETF protocol assignments
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated)
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Public reports whether an address is a public unicast address: not loopback, private, link-local,
// multicast, unspecified or another special-purpose range. An IPv4-mapped IPv6 address is judged
// as its IPv4 address.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		// The well-known NAT64 prefix carries an IPv4 address in its last 32 bits.
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}
