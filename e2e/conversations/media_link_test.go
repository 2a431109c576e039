package conversations_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
)

// Twilio sends only media it can fetch: the agent's attachment goes out as a signed, expiring link
// that serves the file without a session, and a tampered link serves nothing.
func TestSMSAttachmentGoesOutAsSignedLink(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": d.phone, "text": "Hello from the shop"})
	if code != http.StatusCreated {
		t.Fatalf("start: %d %s", code, body)
	}
	conv := d.waitConversation()
	img := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("p", 500))
	up, _, err := d.agent.client().UploadFile(context.Background(), img, d.channelID, "quote.png")
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := d.agent.client().CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, RootId: conv.RootPostID,
		Message: "Your quote", FileIds: []string{up.FileInfos[0].Id}})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	var link string
	for _, s := range d.fake.Sent() {
		if s.Body == "Your quote" && len(s.MediaURLs) == 1 {
			link = s.MediaURLs[0]
		}
	}
	if !strings.HasPrefix(link, srv.URL+"/plugins/frontdesk/media/") {
		t.Fatalf("media URL = %q", link)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(got) != string(img) {
		t.Fatalf("signed link answered %d with %d bytes", resp.StatusCode, len(got))
	}
	tampered := strings.Replace(link, "sig=", "sig=0", 1)
	if code, err := statusOf(tampered); err != nil || code != http.StatusNotFound {
		t.Fatalf("tampered link answered %v %v, want 404", code, err)
	}
	expired := strings.Replace(link, "exp=", "exp=1", 1)
	if code, err := statusOf(expired); err != nil || code != http.StatusNotFound {
		t.Fatalf("link with a changed expiry answered %v %v, want 404", code, err)
	}
}

// statusOf is the status a GET of url answers.
func statusOf(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
