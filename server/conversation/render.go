package conversation

import (
	"context"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Post props Frontdesk sets. They are display hints for the webapp; the database decides.
const (
	propConversation = "frontdesk_conversation_id"
	propDirection    = "frontdesk_direction"
	propProviderAt   = "frontdesk_provider_at"
	propMessage      = "frontdesk_message_id"
	propDelivery     = "frontdesk_delivery"
	propReaction     = "frontdesk_reaction"
	propRoot         = "frontdesk_root"
)

var kindNames = map[channel.Kind]string{
	channel.WhatsApp:  "WhatsApp",
	channel.Messenger: "Messenger",
	channel.Instagram: "Instagram",
	channel.Telegram:  "Telegram",
	channel.SMS:       "SMS",
}

// KindName is a provider's display name.
func KindName(k channel.Kind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return string(k)
}

// customerTitle is the customer's name, or the best identifier there is.
func customerTitle(conv *Conversation) string {
	for _, v := range []string{conv.CustomerName, conv.CustomerUsername, conv.CustomerPhone} {
		if v != "" {
			return v
		}
	}
	return "Customer " + string(conv.CustomerID)
}

// rootPost is the thread's header card: customer, contact, account and status. Its text reads well
// in every Mattermost client, mobile apps included.
func (s *Service) rootPost(c *Connection, conv *Conversation) *model.Post {
	p := &model.Post{UserId: s.botID, ChannelId: c.ChannelID, Message: s.rootText(c, conv)}
	p.AddProp(propConversation, conv.ID)
	p.AddProp(propRoot, true)
	setRootActions(p, conv)
	return p
}

func (s *Service) rootText(c *Connection, conv *Conversation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#### %s\n", escape(customerTitle(conv)))
	var details []string
	details = append(details, KindName(c.Kind))
	switch c.Kind {
	case channel.WhatsApp, channel.SMS:
		if conv.CustomerPhone != "" {
			details = append(details, escape(conv.CustomerPhone))
		}
	case channel.Instagram, channel.Telegram:
		if conv.CustomerUsername != "" {
			details = append(details, "@\u200b"+escape(conv.CustomerUsername))
		}
	}
	account := c.AccountName
	if account == "" {
		account = c.Name
	}
	details = append(details, "to "+escape(account))
	b.WriteString(strings.Join(details, " · "))
	b.WriteString("\n")
	if conv.Status == Archived {
		at := time.UnixMilli(conv.ArchivedAt).UTC().Format("2006-01-02 15:04 MST")
		fmt.Fprintf(&b, "**Archived** by %s at %s", escape(s.mm.DisplayName(conv.ArchivedBy)), at)
	} else {
		b.WriteString("**Active** · reply in this thread to answer the customer")
	}
	if conv.OptedOut() {
		b.WriteString("\n" + optOutNote(c.Kind))
	}
	if conv.PrunedCount > 0 {
		fmt.Fprintf(&b, "\n_%d older messages were removed by the retention setting._", conv.PrunedCount)
	}
	return b.String()
}

// refreshRoot rewrites the header card after a status, name or retention change.
func (s *Service) refreshRoot(ctx context.Context, conversationID string) {
	conv, err := s.store.GetConversation(ctx, conversationID)
	if err != nil || conv.RootPostID == "" {
		return
	}
	c, err := s.store.GetConnection(ctx, conv.ConnectionID)
	if err != nil {
		return
	}
	post, err := s.mm.GetPost(conv.RootPostID)
	if err != nil {
		return
	}
	text := s.rootText(c, conv)
	if post.Message == text {
		return
	}
	post.Message = text
	post.AddProp("frontdesk_status", string(conv.Status))
	setRootActions(post, conv)
	if err := s.mm.UpdatePost(post); err != nil {
		s.log.Warn("Frontdesk: updating thread header", "conversation_id", conv.ID, "err", err.Error())
	}
}

// messageText is the text of a relayed message. Customer text is escaped so that it cannot mention
// @channel or anyone else in the team.
func messageText(kind channel.Kind, conv *Conversation, dir Direction, ev *channel.Event, missing int) string {
	var b strings.Builder
	if dir == Out {
		fmt.Fprintf(&b, "_Sent from the %s app:_ ", KindName(kind))
	} else {
		fmt.Fprintf(&b, "**%s:** ", escape(customerTitle(conv)))
	}
	var parts []string
	if ev.Text != "" {
		parts = append(parts, escape(ev.Text))
	}
	for _, m := range ev.Media {
		// Some providers repeat the caption as the text; show it once.
		if m.Caption != "" && m.Caption != ev.Text {
			parts = append(parts, escape(m.Caption))
		}
	}
	if len(parts) == 0 && len(ev.Media) > 0 {
		parts = append(parts, fmt.Sprintf("_sent %s_", mediaWord(ev.Media)))
	}
	b.WriteString(strings.Join(parts, "\n"))
	if missing > 0 {
		fmt.Fprintf(&b, "\n_%d attachment(s) could not be downloaded from %s._", missing, KindName(kind))
	}
	return b.String()
}

func mediaWord(ms []channel.Media) string {
	if len(ms) > 1 {
		return fmt.Sprintf("%d attachments", len(ms))
	}
	switch ms[0].Kind {
	case channel.Image:
		return "an image"
	case channel.Audio:
		return "a voice message"
	case channel.Video:
		return "a video"
	case channel.Sticker:
		return "a sticker"
	}
	return "a file"
}

// escape keeps customer-provided text from mentioning people or channels.
func escape(s string) string {
	return strings.ReplaceAll(s, "@", "@\u200b")
}

// fileName picks a name with a sensible extension for an uploaded attachment.
func fileName(d channel.Download, m channel.Media, i int) string {
	for _, n := range []string{d.FileName, m.FileName} {
		if n != "" {
			return n
		}
	}
	ext := ""
	mt := d.MIMEType
	if mt == "" {
		mt = m.MIMEType
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		ext = exts[0]
	}
	return fmt.Sprintf("%s-%d%s", m.Kind, i+1, ext)
}
