package thread

import (
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// CustomerTitle is the customer's name, or the best identifier there is.
func CustomerTitle(conv *conversation.Conversation) string {
	for _, v := range []string{conv.CustomerName, conv.CustomerUsername, conv.CustomerPhone} {
		if v != "" {
			return v
		}
	}
	return "Customer " + string(conv.CustomerID)
}

// headerText is the header card: customer, contact, account and status.
func (t *Thread) headerText(c *conversation.Connection, conv *conversation.Conversation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#### %s\n", Escape(CustomerTitle(conv)))
	details := []string{c.Kind.Name()}
	// The contact the provider knows the customer by: a phone (WhatsApp, SMS), a username
	// (Instagram, Telegram), both when a customer shared them.
	if conv.CustomerPhone != "" {
		details = append(details, Escape(conv.CustomerPhone))
	}
	if conv.CustomerUsername != "" {
		details = append(details, "@\u200b"+Escape(conv.CustomerUsername))
	}
	account := c.AccountName
	if account == "" {
		account = c.Name
	}
	details = append(details, "to "+Escape(account))
	b.WriteString(strings.Join(details, " · "))
	b.WriteString("\n")
	if conv.Status == conversation.Archived {
		at := time.UnixMilli(conv.ArchivedAt).UTC().Format("2006-01-02 15:04 MST")
		fmt.Fprintf(&b, "**Archived** by %s at %s", Escape(t.mm.DisplayName(conv.ArchivedBy)), at)
	} else {
		b.WriteString("**Active** · reply in this thread to answer the customer")
	}
	if conv.OptedOut() {
		if a, err := t.conns.Adapter(c); err == nil {
			b.WriteString("\n" + conversation.OptOutNote(a))
		}
	}
	if conv.PrunedCount > 0 {
		fmt.Fprintf(&b, "\n_%d older messages were removed by the retention setting._", conv.PrunedCount)
	}
	return b.String()
}

// MessageText is the text of a relayed message. Customer text is escaped so that it cannot mention
// @channel or anyone else in the team.
func MessageText(kind channel.Kind, conv *conversation.Conversation, dir conversation.Direction, ev *channel.Event, missing int) string {
	var b strings.Builder
	if dir == conversation.Out {
		fmt.Fprintf(&b, "_Sent from the %s app:_ ", kind.Name())
	} else {
		fmt.Fprintf(&b, "**%s:** ", Escape(CustomerTitle(conv)))
	}
	var parts []string
	if ev.Text != "" {
		parts = append(parts, Escape(ev.Text))
	}
	for _, m := range ev.Media {
		// Some providers repeat the caption as the text; show it once.
		if m.Caption != "" && m.Caption != ev.Text {
			parts = append(parts, Escape(m.Caption))
		}
	}
	if len(parts) == 0 && len(ev.Media) > 0 {
		parts = append(parts, fmt.Sprintf("_sent %s_", mediaWord(ev.Media)))
	}
	b.WriteString(strings.Join(parts, "\n"))
	if missing > 0 {
		fmt.Fprintf(&b, "\n_%d attachment(s) could not be downloaded from %s._", missing, kind.Name())
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

// Escape keeps customer-provided text from mentioning people or channels.
func Escape(s string) string {
	return strings.ReplaceAll(s, "@", "@\u200b")
}

// FileName picks a name with a sensible extension for an uploaded attachment.
func FileName(d channel.Download, m channel.Media, i int) string {
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
