package conversations_test

import (
	"context"
	"encoding/json"
	"slices"
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
	others    []string // Mattermost's own events, by type
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
				} else {
					e.others = append(e.others, string(ev.EventType()))
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
	// The server says hello once the connection is authenticated; events before it are not sent.
	eventually(t, 20*time.Second, "the websocket to be authenticated", func() bool { return e.hasOther(string(model.WebsocketEventHello)) })
	return e
}

func (e *events) hasOther(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Contains(e.others, name)
}

func (e *events) count(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.seen {
		if s == name {
			n++
		}
	}
	return n
}

// flush waits until every event published before it has been delivered to u: an event only u
// gets (its preferences changed) is queued behind them on the server, in order.
func (e *events) flush(t *testing.T, u user) {
	t.Helper()
	pref := model.Preference{UserId: u.Id, Category: "frontdesk_e2e", Name: "flush", Value: model.NewId()}
	if _, err := u.client().UpdatePreferences(context.Background(), u.Id, model.Preferences{pref}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the websocket to catch up", func() bool {
		return e.hasOther(string(model.WebsocketEventPreferencesChanged))
	})
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
	t.Parallel()
	d := newTelegramDesk(t)
	outsider := newUser(t, "wsoutsider")
	member := listen(t, d.agent)
	other := listen(t, outsider)

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
	// The send's last event: once the member has it, everything Frontdesk published is on its way
	// to every connection, the outsider's included.
	eventually(t, 20*time.Second, "the member to hear about the sent reply", func() bool {
		return member.count("custom_frontdesk_conversation_updated") >= 2
	})
	other.flush(t, outsider)
	other.mu.Lock()
	defer other.mu.Unlock()
	if len(other.seen) != 0 {
		t.Fatalf("a user outside the channel received %v", other.seen)
	}
}
