package inbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// A private note is a post everyone in the channel reads: its marker speaks the site's language.
func TestNoteMarkerInTheSiteLanguage(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ site, want string }{
		{"en", "🔒 **Internal note** (not sent to the customer)\nCall back at noon"},
		{"pl", "🔒 **Notatka wewnętrzna** (nie trafia do klienta)\nCall back at noon"},
	} {
		t.Run(tt.site, func(t *testing.T) {
			k := coretest.NewCore(t, channel.SMS, nil)
			l, err := locale.Load("../../assets/i18n", nil, func() string { return tt.site })
			if err != nil {
				t.Fatal(err)
			}
			th := thread.New(k.Store, k.MM, k.Connections, k.Log, k.BotID)
			th.SetTexts(l)
			in := inbox.New(inbox.Deps{Store: k.Store, MM: k.MM, Connections: k.Connections, Thread: th, Relay: k.Relay,
				Log: k.Log, BotID: k.BotID, Now: k.Now, Audit: k.Audit, Texts: l})
			k.Deliver(t, coretest.Message("+48601000001", "m1", "Hi", k.Now()))
			conv := k.Conversation(t, "+48601000001")
			k.Relay.Process(ctx, conv.ID)
			conv = k.Conversation(t, "+48601000001")
			if err := in.Note(ctx, k.Agent, conv.ID, "Call back at noon"); err != nil {
				t.Fatal(err)
			}
			var notes []string
			for _, p := range k.MM.Posts(k.ChannelID) {
				if p.Type == thread.NotePostType {
					notes = append(notes, p.Message)
				}
			}
			if len(notes) != 1 || !strings.HasPrefix(notes[0], tt.want) {
				t.Fatalf("notes = %q, want %q", notes, tt.want)
			}
		})
	}
}

// The post that says a template was sent speaks the site's language.
func TestTemplatePostInTheSiteLanguage(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.WhatsApp, nil)
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	k.SetTexts(l)
	k.MM.SetDisplayName(k.Agent, "Ewa")
	in := inbox.New(inbox.Deps{Store: k.Store, MM: k.MM, Connections: k.Connections, Thread: threadOf(t, k, l), Relay: k.Relay,
		Log: k.Log, BotID: k.BotID, Now: k.Now, Audit: k.Audit, Texts: l})
	conv, err := in.Start(ctx, k.Agent, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "48601234567", Template: "order_ready", Language: "pl"})
	if err != nil {
		t.Fatal(err)
	}
	posts := k.MM.Thread(conv.RootPostID)
	if want := "_Szablon **order_ready** wysłany przez Ewa._"; len(posts) != 2 || posts[1].Message != want {
		t.Fatalf("thread = %q\nwant the template post %q", posts[len(posts)-1].Message, want)
	}
}

func threadOf(t *testing.T, k *coretest.Core, l *locale.Locale) *thread.Thread {
	t.Helper()
	th := thread.New(k.Store, k.MM, k.Connections, k.Log, k.BotID)
	th.SetTexts(l)
	return th
}
