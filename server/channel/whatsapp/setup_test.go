package whatsapp_test

import (
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

const verifyToken = "frontdesk-verify-token"

// setup returns an adapter wired to a fresh fake Cloud API.
func setup(t *testing.T) (*whatsapp.Adapter, *whatsapptest.Server) {
	t.Helper()
	fake := whatsapptest.New(whatsapptest.ExampleCredentials())
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	a, err := whatsapp.New(channel.Config{
		Credentials: fake.Credentials().Map(),
		BaseURL:     ts.URL,
		HTTPClient:  ts.Client(),
		VerifyToken: verifyToken,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, fake
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantError asserts err is a *channel.Error of the class and (when not empty) the code.
func wantError(t *testing.T, err error, class channel.Class, code string) {
	t.Helper()
	_ = classError(t, err, class, code)
}

// classError is wantError for a test that goes on to inspect the error.
func classError(t *testing.T, err error, class channel.Class, code string) *channel.Error {
	t.Helper()
	var ce *channel.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *channel.Error", err, err)
	}
	if ce.Class != class || (code != "" && ce.Code != code) {
		t.Fatalf("error = %s/%s (%s), want %s/%s", ce.Class, ce.Code, ce.Reason, class, code)
	}
	return ce
}

var customer = whatsapptest.User{WaID: "16505551234", UserID: "US.13491208655302741918", Name: "Sheena Nelson"}

var at = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)

func whatsappUser(waID, userID, name string) whatsapptest.User {
	return whatsapptest.User{WaID: waID, UserID: userID, Name: name}
}

// newAdapterFor builds an adapter with creds against the fake's test server (a fresh one).
func newAdapterFor(t *testing.T, fake *whatsapptest.Server, creds whatsapptest.Credentials) (*whatsapp.Adapter, error) {
	t.Helper()
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	return whatsapp.New(channel.Config{Credentials: creds.Map(), BaseURL: ts.URL, HTTPClient: ts.Client()})
}
