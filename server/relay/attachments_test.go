package relay_test

import (
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// Every provider adapter sends one attachment per message: a reply with several files is refused
// before it is posted, saying so (the files and the text stay in the composer), instead of
// sending the first file and silently dropping the rest. A reply with one file goes out with it.
func TestAReplyWithSeveralAttachmentsIsRefusedNotTruncated(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "send me the invoices", k.Now()))
	conv := k.Conversation(t, "42")
	k.Relay.Process(ctx, conv.ID)
	conv = k.Conversation(t, "42")
	a := k.MM.AddFile("invoice-1.pdf", "application/pdf", []byte("%PDF-1"))
	b := k.MM.AddFile("invoice-2.pdf", "application/pdf", []byte("%PDF-2"))
	before := len(k.MM.Thread(conv.RootPostID))

	reason, _ := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "Here they are", FileIds: model.StringArray{a, b}})
	if !strings.Contains(reason, "one attachment per message") || !strings.Contains(reason, "Telegram") {
		t.Fatalf("refusal = %q", reason)
	}
	k.Relay.Process(ctx, conv.ID)
	if len(k.MM.Thread(conv.RootPostID)) != before || len(k.Provider.Sent()) != 0 {
		t.Fatalf("a refused reply was posted or sent: %+v", k.Provider.Sent())
	}

	reason, _ = k.Post(t, &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "The first one", FileIds: model.StringArray{a}})
	if reason != "" {
		t.Fatalf("one attachment refused: %q", reason)
	}
	k.Relay.Process(ctx, conv.ID)
	sent := k.Provider.Sent()
	if len(sent) != 1 || sent[0].Media == nil || sent[0].Media.FileName != "invoice-1.pdf" {
		t.Fatalf("sent = %+v", sent)
	}
}
