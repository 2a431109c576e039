package whatsapp_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

func TestFetchMedia(t *testing.T) {
	a, fake := setup(t)
	data := []byte("%PDF-1.4 fake document")
	id := fake.AddMedia(data, "application/pdf")
	d, err := a.FetchMedia(ctx(t), channel.Media{Kind: channel.File, Ref: id, FileName: "invoice.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Data, data) || d.MIMEType != "application/pdf" || d.FileName != "invoice.pdf" {
		t.Fatalf("download %+v", d)
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[0].Path != "/"+id || calls[1].Path != "/media-download/"+id {
		t.Fatalf("calls %+v; want lookup then bearer download", calls)
	}
	// Without a file name one is made from the id and the type.
	img := fake.AddMedia([]byte("\x89PNG"), "image/png")
	d, err = a.FetchMedia(ctx(t), channel.Media{Kind: channel.Image, Ref: img})
	if err != nil || d.FileName != "whatsapp-"+img+".png" {
		t.Fatalf("file name %q, %v", d.FileName, err)
	}
}

func TestFetchMediaErrors(t *testing.T) {
	a, fake := setup(t)
	_, err := a.FetchMedia(ctx(t), channel.Media{Ref: "123456"}) // unknown or expired id
	wantError(t, err, channel.ClassPermanent, "100/33")
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: "../secret"})
	wantError(t, err, channel.ClassPermanent, "")
	id := fake.AddMedia([]byte("x"), "image/jpeg")
	fake.ExpireToken()
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: id})
	wantError(t, err, channel.ClassSyncLost, "190/463")
}

func TestFetchMediaSizeCap(t *testing.T) {
	fake := whatsapptest.New(whatsapptest.ExampleCredentials())
	ts := httptest.NewServer(fake)
	defer ts.Close()
	a, err := whatsapp.New(channel.Config{Credentials: fake.Credentials().Map(), BaseURL: ts.URL, MaxMediaBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	id := fake.AddMedia([]byte("eleven byte"), "text/plain")
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: id})
	wantError(t, err, channel.ClassPermanent, "media_too_large")
	if n := len(fake.Calls()); n != 1 {
		t.Fatalf("%d calls; the announced size must stop the download", n)
	}
	ok := fake.AddMedia([]byte("ten bytes!"), "text/plain")
	if _, err := a.FetchMedia(ctx(t), channel.Media{Ref: ok}); err != nil {
		t.Fatalf("exactly the cap: %v", err)
	}
}

// mediaHost plays Graph and a media host that lies about sizes and checks the bearer header itself.
func mediaHost(t *testing.T, body string, fileSize int, sha string) *httptest.Server {
	t.Helper()
	token := whatsapptest.ExampleCredentials().AccessToken
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/555" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"messaging_product":"whatsapp","url":"` + ts.URL + `/file","mime_type":"image/jpeg",` +
				`"sha256":"` + sha + `","file_size":` + strconv.Itoa(fileSize) + `,"id":"555"}`))
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write([]byte(body)) // chunked: no Content-Length
		w.(http.Flusher).Flush()
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestFetchMediaStreamCapAndChecksum(t *testing.T) {
	creds := whatsapptest.ExampleCredentials().Map()
	// The lookup claims 1 byte; the stream is longer than the cap.
	ts := mediaHost(t, strings.Repeat("x", 64), 1, "")
	a, _ := whatsapp.New(channel.Config{Credentials: creds, BaseURL: ts.URL, MaxMediaBytes: 16})
	_, err := a.FetchMedia(ctx(t), channel.Media{Ref: "555"})
	wantError(t, err, channel.ClassPermanent, "media_too_large")

	// A checksum that does not match the bytes: worth another try, never stored.
	ts = mediaHost(t, "abc", 3, strings.Repeat("0", 64))
	a, _ = whatsapp.New(channel.Config{Credentials: creds, BaseURL: ts.URL})
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: "555"})
	wantError(t, err, channel.ClassRetryable, "")

	// The right checksum (sha256 of "abc").
	ts = mediaHost(t, "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	a, _ = whatsapp.New(channel.Config{Credentials: creds, BaseURL: ts.URL})
	d, err := a.FetchMedia(ctx(t), channel.Media{Ref: "555"})
	if err != nil || string(d.Data) != "abc" {
		t.Fatalf("download %q, %v", d.Data, err)
	}
}

func TestHealth(t *testing.T) {
	a, fake := setup(t)
	if err := a.Health(ctx(t)); err != nil {
		t.Fatal(err)
	}
	c := fake.Calls()
	if len(c) != 1 || c[0].Method != "GET" || c[0].Path != "/106540352242922" {
		t.Fatalf("calls %+v", c)
	}
	fake.SetDown(true)
	wantError(t, a.Health(ctx(t)), channel.ClassRetryable, "")
	fake.SetDown(false)
	fake.ExpireToken()
	wantError(t, a.Health(ctx(t)), channel.ClassSyncLost, "190/463")
}
