package conversation

import (
	"context"
	"fmt"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
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
func (s *Service) AgentReacted(ctx context.Context, r *model.Reaction, removed bool) {
	if r.UserId == s.botID {
		return // the customer's own reactions, shown by Frontdesk
	}
	m, err := s.messageOfPost(ctx, r.PostId)
	if err != nil || m.Direction != In || m.ProviderMessageID == "" {
		return
	}
	conv, c, err := s.conversationFor(ctx, r.UserId, m.ConversationID)
	if err != nil {
		return
	}
	a, err := s.adapter(c)
	if err != nil {
		return
	}
	rc, ok := a.(channel.Reactor)
	if !ok {
		return // the reaction stays in Mattermost: a team signal, not something the provider shows
	}
	emoji := ""
	if !removed {
		if emoji = emojiByName[r.EmojiName]; emoji == "" {
			s.mm.SendEphemeral(r.UserId, c.ChannelID, conv.RootPostID,
				fmt.Sprintf("Frontdesk: :%s: has no %s equivalent; the customer does not see it.", r.EmojiName, KindName(c.Kind)))
			return
		}
	}
	if _, err := rc.React(ctx, conv.CustomerID, m.ProviderMessageID, emoji); err != nil {
		s.mm.SendEphemeral(r.UserId, c.ChannelID, conv.RootPostID, "Frontdesk: the reaction did not reach the customer: "+reasonOf(err))
	}
}

// messageOfPost finds the message row of a bot post through the row id the post carries: a post
// an agent reacts to the moment it appears may not be marked on its row yet. Reactions elsewhere on
// the server cost this one read of the post and no query.
func (s *Service) messageOfPost(ctx context.Context, postID string) (*Message, error) {
	post, err := s.mm.GetPost(postID)
	if err != nil {
		return nil, err
	}
	id, _ := post.GetProp(propMessage).(string)
	if post.UserId != s.botID || id == "" {
		return nil, ErrNotFound
	}
	return s.store.MessageByID(ctx, id)
}
