package relay

import (
	"context"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// emojiNames maps the emoji customers react with most to Mattermost's emoji names, so that a
// customer's reaction shows as a real reaction on the post in every client. Others stay in the
// post's frontdesk_reaction prop.
var emojiNames = map[string]string{
	"👍": "+1", "👎": "-1", "❤": "heart", "😂": "joy", "😮": "open_mouth", "😢": "cry", "🙏": "pray",
	"🔥": "fire", "🎉": "tada", "😍": "heart_eyes", "😡": "rage", "😠": "angry", "👏": "clap", "😀": "grinning",
	"😁": "grin", "😆": "laughing", "😊": "blush", "🙂": "slightly_smiling_face", "👌": "ok_hand", "✅": "white_check_mark",
	"🤔": "thinking_face", "😱": "scream", "🥰": "smiling_face_with_3_hearts", "😘": "kissing_heart", "💯": "100",
	"🤝": "handshake", "👋": "wave", "😉": "wink",
}

// emojiByName is emojiNames the other way round: the emoji an agent's reaction sends.
var emojiByName = func() map[string]string {
	m := make(map[string]string, len(emojiNames))
	for e, n := range emojiNames {
		m[n] = e
	}
	return m
}()

// emojiName is the Mattermost name of a reaction emoji ("" when unknown). Variation selectors and
// skin tones do not change the name.
func emojiName(emoji string) string {
	e := strings.Map(func(r rune) rune {
		if r == 0xFE0F || (r >= 0x1F3FB && r <= 0x1F3FF) {
			return -1
		}
		return r
	}, emoji)
	return emojiNames[e]
}

// AgentReacted forwards an agent's reaction on a customer's message where the provider takes
// reactions (WhatsApp); removed says the reaction was taken back.
func (r *Relay) AgentReacted(ctx context.Context, re *model.Reaction, removed bool) {
	if re.UserId == r.botID {
		return // the customer's own reactions, shown by Frontdesk
	}
	m, err := r.messageOfPost(ctx, re.PostId)
	if err != nil || m.Direction != conversation.In || m.ProviderMessageID == "" {
		return
	}
	conv, err := r.store.GetConversation(ctx, m.ConversationID)
	if err != nil {
		return
	}
	c, err := r.conns.Get(ctx, conv.ConnectionID)
	if err != nil || !r.mm.MayUseChats(c.ChannelID, re.UserId) {
		return // only members of the chat's channel answer its customer (F2)
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return
	}
	rc, ok := a.(channel.Reactor)
	if !ok {
		return // the reaction stays in Mattermost: a team signal, not something the provider shows
	}
	emoji := ""
	if !removed {
		if emoji = emojiByName[re.EmojiName]; emoji == "" {
			r.mm.SendEphemeral(re.UserId, c.ChannelID, conv.RootPostID,
				r.texts.ForUser(re.UserId, reactionNoEquivalent, map[string]any{"Emoji": re.EmojiName, "Provider": c.Kind.Name()}))
			return
		}
	}
	if _, err := rc.React(ctx, conv.CustomerID, m.ProviderMessageID, emoji); err != nil {
		r.mm.SendEphemeral(re.UserId, c.ChannelID, conv.RootPostID, r.texts.ForUser(re.UserId, reactionFailed, map[string]any{"Reason": conversation.Reason(err)}))
	}
}

var (
	reactionNoEquivalent = locale.Text{ID: "relay.reaction.no_equivalent", Other: "Frontdesk: :{{.Emoji}}: has no {{.Provider}} equivalent; the customer does not see it."}
	reactionFailed       = locale.Text{ID: "relay.reaction.failed", Other: "Frontdesk: the reaction did not reach the customer: {{.Reason}}"}
)

// messageOfPost finds the message row of a bot post through the row id the post carries: a post
// an agent reacts to the moment it appears may not be marked on its row yet. Reactions elsewhere on
// the server cost this one read of the post and no query.
func (r *Relay) messageOfPost(ctx context.Context, postID string) (*conversation.Message, error) {
	post, err := r.mm.GetPost(postID)
	if err != nil {
		return nil, err
	}
	id, _ := post.GetProp(thread.PropMessage).(string)
	if post.UserId != r.botID || id == "" {
		return nil, conversation.ErrNotFound
	}
	return r.store.MessageByID(ctx, id)
}
