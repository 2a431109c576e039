package relay_test

import (
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Only people who may use the chat (members of its channel, not bots) reach the customer. A person
// who may not is refused with the reason; bots, webhooks and integrations are ignored silently.
func TestWhosePostsInAChatThreadAreRelayed(t *testing.T) {
	tests := []struct {
		name    string
		post    func(k *coretest.Core, root string) *model.Post
		relayed bool
		refusal string
	}{
		{"a member of the channel", func(k *coretest.Core, root string) *model.Post {
			return &model.Post{UserId: k.Agent, RootId: root, Message: "Ready at 5"}
		}, true, ""},
		{"a system admin outside the channel", func(k *coretest.Core, root string) *model.Post {
			admin := model.NewId()
			k.MM.SetAdmin(admin, true)
			return &model.Post{UserId: admin, RootId: root, Message: "Ready at 5"}
		}, false, "only members of the chat's channel"},
		{"another bot", func(k *coretest.Core, root string) *model.Post {
			bot := model.NewId()
			k.MM.SetBot(bot, true)
			k.MM.SetMember(k.ChannelID, bot, true)
			return &model.Post{UserId: bot, RootId: root, Message: "build passed"}
		}, false, ""},
		{"an incoming webhook", func(k *coretest.Core, root string) *model.Post {
			p := &model.Post{UserId: k.Agent, RootId: root, Message: "alert"}
			p.AddProp(model.PostPropsFromWebhook, "true")
			return p
		}, false, ""},
		{"a bot's command response", func(k *coretest.Core, root string) *model.Post {
			p := &model.Post{UserId: k.Agent, RootId: root, Message: "the weather"}
			p.AddProp(model.PostPropsFromBot, "true")
			return p
		}, false, ""},
		{"another plugin", func(k *coretest.Core, root string) *model.Post {
			p := &model.Post{UserId: k.Agent, RootId: root, Message: "reminder"}
			p.AddProp(model.PostPropsFromPlugin, "true")
			return p
		}, false, ""},
		{"an OAuth app", func(k *coretest.Core, root string) *model.Post {
			p := &model.Post{UserId: k.Agent, RootId: root, Message: "synced"}
			p.AddProp(model.PostPropsFromOAuthApp, "true")
			return p
		}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, conv := started(t)
			p := tt.post(k, conv.RootPostID)
			p.ChannelId = k.ChannelID
			reason, post := k.Post(t, p)
			if tt.refusal != "" {
				if post != nil || !strings.Contains(reason, tt.refusal) {
					t.Fatalf("reason %q (post %v), want a refusal saying %q", reason, post, tt.refusal)
				}
			} else if reason != "" || post == nil {
				t.Fatalf("refused: %q", reason)
			}
			k.Relay.Process(ctx, conv.ID)
			if sent := len(k.Provider.Sent()); sent == 1 != tt.relayed {
				t.Fatalf("%d sends, relayed want %v", sent, tt.relayed)
			}
			if n := k.Log.Count(conversation.OutcomeReplyQueued); n == 1 != tt.relayed {
				t.Fatalf("outcomes %v", k.Log.Outcomes())
			}
		})
	}
}

// frontdesk_* props are Frontdesk's own word to the web app: on a post of anyone but its bot they
// are dropped, but for the chat's id on a note in that chat's thread, which is true.
func TestOnlyTheBotSetsFrontdeskProps(t *testing.T) {
	k, conv := started(t)
	forged := func(p *model.Post) *model.Post {
		p.ChannelId = k.ChannelID
		p.AddProp(thread.PropDelivery, map[string]any{"state": "read"})
		p.AddProp(thread.PropRoot, true)
		p.AddProp(thread.PropStatus, "archived")
		p.AddProp("frontdesk_anything", "x")
		p.AddProp("card", "kept")
		return p
	}
	tests := []struct {
		name string
		post *model.Post
		want map[string]any
	}{
		{"a reply", forged(&model.Post{UserId: k.Agent, RootId: conv.RootPostID, Message: "hi"}),
			map[string]any{"card": "kept"}},
		{"a root post", forged(&model.Post{UserId: k.Agent, Message: "look, a chat"}),
			map[string]any{"card": "kept"}},
		{"a reply naming another chat", func() *model.Post {
			p := forged(&model.Post{UserId: k.Agent, RootId: conv.RootPostID, Message: "hi", Type: thread.NotePostType})
			p.AddProp(thread.PropConversation, model.NewId())
			return p
		}(), map[string]any{"card": "kept"}},
		{"a reply naming its own chat", func() *model.Post {
			p := forged(&model.Post{UserId: k.Agent, RootId: conv.RootPostID, Message: "hi"})
			p.AddProp(thread.PropConversation, conv.ID)
			return p
		}(), map[string]any{"card": "kept"}},
		{"a note naming its own chat", func() *model.Post {
			p := forged(&model.Post{UserId: k.Agent, RootId: conv.RootPostID, Message: "note", Type: thread.NotePostType})
			p.AddProp(thread.PropConversation, conv.ID)
			return p
		}(), map[string]any{"card": "kept", thread.PropConversation: conv.ID}},
		{"a webhook", func() *model.Post {
			p := forged(&model.Post{UserId: k.Agent, RootId: conv.RootPostID, Message: "alert"})
			p.AddProp(model.PostPropsFromWebhook, "true")
			return p
		}(), map[string]any{"card": "kept", model.PostPropsFromWebhook: "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := k.Relay.WillPost(ctx, tt.post)
			if reason != "" || got == nil {
				t.Fatalf("refused: %q", reason)
			}
			if !sameProps(got.GetProps(), tt.want) {
				t.Fatalf("props %v, want %v", got.GetProps(), tt.want)
			}
		})
	}
	t.Run("the bot's own post keeps them", func(t *testing.T) {
		p := forged(&model.Post{UserId: k.BotID, RootId: conv.RootPostID, Message: "customer text"})
		got, _ := k.Relay.WillPost(ctx, p)
		if len(got.GetProps()) != 5 {
			t.Fatalf("props %v", got.GetProps())
		}
	})
}

// An edit by anyone but the bot cannot set frontdesk_* props: the delivery mark of a reply is the
// one Frontdesk recorded (its own update of the mark goes through the same hook), and others go.
func TestEditsCannotForgeFrontdeskProps(t *testing.T) {
	k, conv := started(t)
	_, post := k.Reply(t, k.Agent, conv.RootPostID, "Ready at 5")
	k.Relay.Process(ctx, conv.ID) // sent: the plugin writes {"state":"sent"} on the post
	old, _ := k.MM.GetPost(post.Id)
	if d, _ := old.GetProp(thread.PropDelivery).(map[string]any); d["state"] != "sent" {
		t.Fatalf("the reply shows %v", old.GetProps())
	}

	edit := old.Clone()
	edit.Message = "Ready at 6"
	edit.AddProp(thread.PropDelivery, map[string]any{"state": "read", "read_at": 1})
	edit.AddProp(thread.PropRoot, true)
	got, reason := k.Relay.WillEdit(ctx, edit, old)
	if reason != "" || got == nil {
		t.Fatalf("refused: %q", reason)
	}
	if d, _ := got.GetProp(thread.PropDelivery).(map[string]any); d["state"] != "sent" || d["read_at"] != nil || got.GetProp(thread.PropRoot) != nil {
		t.Fatalf("the edit sets %v", got.GetProps())
	}

	// A post outside any chat: every frontdesk_* prop goes.
	_, plain := k.Post(t, &model.Post{UserId: k.Agent, ChannelId: k.ChannelID, Message: "lunch?"})
	e := plain.Clone()
	e.AddProp(thread.PropRoot, true)
	e.AddProp(thread.PropConversation, conv.ID)
	if got, _ := k.Relay.WillEdit(ctx, e, plain); got.GetProp(thread.PropRoot) != nil || got.GetProp(thread.PropConversation) != nil {
		t.Fatalf("the edit sets %v", got.GetProps())
	}

	// The bot's own edits are its to make.
	header, _ := k.MM.GetPost(conv.RootPostID)
	he := header.Clone()
	he.AddProp(thread.PropStatus, "archived")
	if got, _ := k.Relay.WillEdit(ctx, he, header); got.GetProp(thread.PropStatus) != "archived" {
		t.Fatalf("the bot's edit lost %v", got.GetProps())
	}
}

func sameProps(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// Frontdesk's own updates of an agent's post run through the edit hook too (Mattermost calls it
// inside the update): a customer's reaction shown on the post survives it, and a swap of reactions
// finds the old one; a user's edit still cannot set it.
func TestOwnUpdatesPassTheEditHook(t *testing.T) {
	k, conv := started(t)
	k.MM.SetEditHook(func(newPost, oldPost *model.Post) (*model.Post, string) {
		return k.Relay.WillEdit(ctx, newPost, oldPost)
	})
	_, post := k.Reply(t, k.Agent, conv.RootPostID, "Ready at 5")
	k.Relay.Process(ctx, conv.ID)
	m, err := k.Store.MessageByPost(ctx, post.Id)
	if err != nil {
		t.Fatal(err)
	}
	react := func(id, emoji string) {
		k.Deliver(t, channel.Event{Type: channel.EventReaction, MessageID: channel.MessageID(id), TargetID: m.ProviderMessageID,
			Emoji: emoji, Customer: channel.Customer{ID: customer}})
	}
	react("r1", "👍")
	react("r2", "❤")
	p, _ := k.MM.GetPost(post.Id)
	if p.GetProp(thread.PropReaction) != "❤" || strings.Join(k.MM.Reactions(post.Id), ",") != "heart" {
		t.Fatalf("reaction prop %v, reactions %v", p.GetProp(thread.PropReaction), k.MM.Reactions(post.Id))
	}
	if d, _ := p.GetProp(thread.PropDelivery).(map[string]any); d["state"] != "sent" {
		t.Fatalf("the delivery mark was lost: %v", p.GetProps())
	}

	forged := p.Clone()
	forged.AddProp(thread.PropReaction, "😈")
	if got, _ := k.Relay.WillEdit(ctx, forged, p); got.GetProp(thread.PropReaction) != nil {
		t.Fatalf("a user's edit set the reaction: %v", got.GetProps())
	}
}
