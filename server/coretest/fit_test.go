package coretest_test

import (
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/secret"
)

type quietLog struct{ t *testing.T }

func (l quietLog) Info(msg string, kv ...any)  { l.t.Log(append([]any{msg}, kv...)...) }
func (l quietLog) Warn(msg string, kv ...any)  { l.t.Log(append([]any{msg}, kv...)...) }
func (l quietLog) Error(msg string, kv ...any) { l.t.Log(append([]any{msg}, kv...)...) }

// The fakes fit the core: a connection is created, a customer's message is claimed and posted in a
// thread, and the agent's reply reaches the scripted provider after one retry.
func TestFakesDriveTheCore(t *testing.T) {
	st, mm := coretest.NewStore(), coretest.NewMattermost()
	spec, prov := providertest.ScriptedSpec(channel.Telegram)
	box, err := secret.NewBox("test key")
	must(t, err)
	bot, admin, channelID := model.NewId(), model.NewId(), model.NewId()
	mm.SetAdmin(admin, true)
	mm.SetMember(channelID, admin, true)
	svc := conversation.New(conversation.Deps{Store: st, MM: mm, Sealer: func() (conversation.Sealer, error) { return box, nil },
		Settings: func() conversation.Settings { return conversation.Settings{MaxMessageLength: 1000} },
		Log:      quietLog{t}, BotID: bot, Specs: []channel.Spec{spec}})
	defer svc.Close()

	name := "support"
	c, err := svc.CreateConnection(ctx, admin, conversation.ConnectionInput{Kind: channel.Telegram, Name: &name,
		ChannelID: &channelID, Credentials: map[string]string{"token": "t"}})
	must(t, err)
	ev := channel.Event{Type: channel.EventMessage, MessageID: "42:1", Customer: channel.Customer{ID: "42", Name: "Anna"},
		Text: "hello", Timestamp: time.Now()}
	if ans, err := svc.HandleWebhook(ctx, c.ID, prov.Request(ev)); err != nil || ans.Status != 200 {
		t.Fatalf("webhook = %+v, %v", ans, err)
	}
	conv, err := st.ConversationByCustomer(ctx, c.ID, "42")
	must(t, err)
	svc.Process(ctx, conv.ID)
	conv, err = st.GetConversation(ctx, conv.ID)
	must(t, err)
	thread := mm.Thread(conv.RootPostID)
	if conv.RootPostID == "" || len(thread) < 2 || thread[len(thread)-1].Message == "" {
		t.Fatalf("thread = %+v", thread)
	}

	prov.FailNext("Send", 1, providertest.ClassError(channel.ClassRetryable, "busy"))
	reply, err := mm.CreatePost(&model.Post{UserId: admin, ChannelId: channelID, RootId: conv.RootPostID, Message: "hi Anna"})
	must(t, err)
	svc.HasBeenPosted(ctx, reply)
	svc.Process(ctx, conv.ID) // after the worker, if it got there first: the lock orders them
	if sends := prov.Sends(); len(sends) != 1 || channel.ClassOf(sends[0].Err) != channel.ClassRetryable {
		t.Fatalf("first attempt = %+v", sends)
	}
	retried, err := st.RetryOutboxNow(ctx, c.ID) // skip the backoff
	must(t, err)
	sameIDs(t, "retried", retried, conv.ID)
	svc.Process(ctx, conv.ID)
	if sent := prov.Sent(); len(sent) != 1 || sent[0].Text != "hi Anna" || sent[0].To != "42" || len(prov.Sends()) != 2 {
		t.Fatalf("sends = %+v", prov.Sends())
	}
}
