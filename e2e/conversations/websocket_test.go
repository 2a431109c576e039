package conversations_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// events collects the Frontdesk websocket events one user receives, and the texts of the ephemeral
// messages (only that user sees them) Frontdesk sends.
type events struct {
	mu        sync.Mutex
	seen      []string
	ephemeral []string
	ws        *model.WebSocketClient
}

func listen(t *testing.T, u user) *events {
	t.Helper()
	ws, err := model.NewWebSocketClient4(strings.Replace(srv.URL, "http", "ws", 1), u.token)
	if err != nil {
		t.Fatal(err)
	}
	ws.Listen()
	e := &events{ws: ws}
	go func() {
		for {
			select {
			case ev, ok := <-ws.EventChannel:
				if !ok {
					return
				}
				e.mu.Lock()
				if strings.HasPrefix(string(ev.EventType()), "custom_frontdesk_") {
					e.seen = append(e.seen, string(ev.EventType()))
				}
				if ev.EventType() == model.WebsocketEventEphemeralMessage {
					var p model.Post
					if raw, ok := ev.GetData()["post"].(string); ok && json.Unmarshal([]byte(raw), &p) == nil {
						e.ephemeral = append(e.ephemeral, p.Message)
					}
				}
				e.mu.Unlock()
			case <-ws.PingTimeoutChannel:
			case <-ws.ResponseChannel:
			}
		}
	}()
	t.Cleanup(ws.Close)
	return e
}

// told reports whether an ephemeral message containing text reached the user.
func (e *events) told(text string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, m := range e.ephemeral {
		if strings.Contains(m, text) {
			return true
		}
	}
	return false
}

func (e *events) has(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.seen {
		if s == name {
			return true
		}
	}
	return false
}

// Websocket events reach the members of the chat's channel and nobody else (F2, F4).
func TestWebsocketEventsOnlyReachChannelMembers(t *testing.T) {
	d := newTelegramDesk(t)
	outsider := newUser(t, "wsoutsider")
	member := listen(t, d.agent)
	other := listen(t, outsider)
	time.Sleep(500 * time.Millisecond) // both connections authenticated

	d.send(d.fake.Text(d.customer, "anyone there?"))
	conv := d.waitConversation()
	eventually(t, 20*time.Second, "the member to hear about the new message", func() bool {
		return member.has("custom_frontdesk_conversation_updated")
	})
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, hello!")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	eventually(t, 20*time.Second, "the member to hear the delivery state", func() bool {
		return member.has("custom_frontdesk_delivery")
	})
	time.Sleep(time.Second)
	other.mu.Lock()
	defer other.mu.Unlock()
	if len(other.seen) != 0 {
		t.Fatalf("a user outside the channel received %v", other.seen)
	}
}
