package thread

import (
	"fmt"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
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
	fmt.Fprintf(&b, "#### %s\n", EscapeLine(CustomerTitle(conv)))
	details := []string{c.Kind.Name()}
	// The contact the provider knows the customer by: a phone (WhatsApp, SMS), a username
	// (Instagram, Telegram), both when a customer shared them.
	if conv.CustomerPhone != "" {
		details = append(details, EscapeLine(conv.CustomerPhone))
	}
	if conv.CustomerUsername != "" {
		details = append(details, "@\u200b"+EscapeLine(conv.CustomerUsername))
	}
	account := c.AccountName
	if account == "" {
		account = c.Name
	}
	details = append(details, t.texts.ForSite(textTo, map[string]any{"Account": EscapeLine(account)}))
	b.WriteString(strings.Join(details, " · "))
	b.WriteString("\n")
	if conv.Status == conversation.Archived {
		at := time.UnixMilli(conv.ArchivedAt).UTC().Format("2006-01-02 15:04 MST")
		b.WriteString(t.texts.ForSite(textArchivedBy, map[string]any{"Who": EscapeLine(t.mm.DisplayName(conv.ArchivedBy)), "At": at}))
	} else {
		b.WriteString(t.texts.ForSite(textActive, nil))
	}
	if conv.AssigneeID != "" {
		b.WriteString("\n" + t.assigneeLine(conv.AssigneeID))
	}
	if c.SyncLost() {
		// One card for everyone: the link is for admins, the rest are told whom to ask.
		b.WriteString("\n" + t.texts.ForSite(textSyncLost, map[string]any{
			"Provider": c.Kind.Name(), "Reason": EscapeLine(c.SyncReason), "URL": t.conns.ReconnectURL(c),
		}))
	}
	if conv.OptedOut() {
		if a, err := t.conns.Adapter(c); err == nil {
			b.WriteString("\n" + t.optOutNote(conversation.OptOutNote(a)))
		}
	}
	if conv.PrunedCount > 0 {
		b.WriteString("\n" + t.texts.ForSite(textPruned, map[string]any{"Count": conv.PrunedCount}))
	}
	return b.String()
}

// MessageText is the text of a relayed message. Customer text is escaped so that it shows literally:
// it cannot mention @channel or anyone else, nor format the bot's post (Escape).
// Frontdesk's own words in it speak the site's language (l; nil speaks English).
func MessageText(l *locale.Locale, kind channel.Kind, conv *conversation.Conversation, dir conversation.Direction, ev *channel.Event, missing int) string {
	var b strings.Builder
	if dir == conversation.Out {
		b.WriteString(l.ForSite(textSentFromApp, map[string]any{"Provider": kind.Name()}) + " ")
	} else {
		fmt.Fprintf(&b, "**%s:** ", EscapeLine(CustomerTitle(conv)))
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
		b.WriteString("\n" + l.ForSite(textMissingMedia, map[string]any{"Count": missing, "Provider": kind.Name()}))
	}
	return fit(b.String(), utf8.RuneCountInString(ev.Text))
}

var (
	textSentFromApp  = locale.Text{ID: "thread.sent_from_app", Other: "_Sent from the {{.Provider}} app:_"}
	textMissingMedia = locale.Text{ID: "thread.media_missing", Other: "_{{.Count}} attachment(s) could not be downloaded from {{.Provider}}._"}
)

// MaxPostRunes is the most characters Mattermost takes in a post's message.
const MaxPostRunes = model.PostMessageMaxRunesV2

// fit truncates a message Mattermost would refuse (which would block the conversation behind it)
// and says how long the customer's text was. Truncating rather than splitting keeps one post per
// provider message, which the customer's edits, deletes and reactions point at; the providers' own
// limits (4096 characters at most) make such a text abuse rather than a real message.
func fit(text string, textRunes int) string {
	if utf8.RuneCountInString(text) <= MaxPostRunes {
		return text
	}
	note := fmt.Sprintf("\n_(message truncated: %d characters)_", textRunes)
	runes := []rune(text)[:MaxPostRunes-utf8.RuneCountInString(note)]
	// An escape cut in half would escape the note's first character instead.
	n := len(runes)
	for n > 0 && runes[n-1] == '\\' {
		n--
	}
	if (len(runes)-n)%2 == 1 {
		runes = runes[:len(runes)-1]
	}
	return string(runes) + note
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

// Escape makes text from outside (a customer's message, a name) show literally in a post the
// trusted bot writes: no mention of anyone, no heading, link, image, quote, list, table, code or
// math of the sender's. Every character that can open or close an inline construct is escaped
// with a backslash wherever it is (CommonMark and Mattermost's renderers honour one before any
// ASCII punctuation); those that only start a block (+ - = and "1." / "1)") are escaped only at the
// start of a line, so ordinary sentences stay readable. A bare http(s) URL is left as it is, so it
// stays clickable: the renderers take it whole as a link, and one holding brackets or the like is
// escaped as text. Leading indentation may still show a line as code, which is literal too.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		escapeLine(&b, line, true)
	}
	return b.String()
}

// EscapeLine is Escape for text shown inside a line (a name in a heading or in bold): line breaks
// and runs of spaces become one space, so it cannot start a block of its own, and block markers
// (a leading "+" of a phone number) need no escape there.
func EscapeLine(s string) string {
	var b strings.Builder
	escapeLine(&b, strings.Join(strings.Fields(s), " "), false)
	return b.String()
}

func escapeLine(b *strings.Builder, line string, lineStart bool) {
	rest := strings.TrimLeft(line, " \t")
	b.WriteString(line[:len(line)-len(rest)])
	first := lineStart
	for rest != "" {
		if sp := len(rest) - len(strings.TrimLeft(rest, " \t")); sp > 0 {
			b.WriteString(rest[:sp])
			rest = rest[sp:]
			continue
		}
		end := strings.IndexAny(rest, " \t")
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		switch {
		case bareURL(word):
			b.WriteString(strings.ReplaceAll(word, "@", "@\u200b"))
		case first:
			escapeWord(b, blockStart(b, word))
		default:
			escapeWord(b, word)
		}
		first = false
	}
}

// blockStart escapes a list, setext or numbered-list marker starting a line and returns the rest.
func blockStart(b *strings.Builder, word string) string {
	if c := word[0]; c == '+' || c == '-' || c == '=' {
		b.WriteString("\\")
		b.WriteByte(c)
		return word[1:]
	}
	d := 0
	for d < len(word) && word[d] >= '0' && word[d] <= '9' {
		d++
	}
	if d > 0 && d < len(word) && (word[d] == '.' || word[d] == ')') {
		b.WriteString(word[:d])
		b.WriteString("\\")
		b.WriteByte(word[d])
		return word[d+1:]
	}
	return word
}

// inlineMarkdown are the characters escaped wherever they are ($: inline math).
const inlineMarkdown = "\\`*_[]<>|~#$"

func escapeWord(b *strings.Builder, w string) {
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '_' && i > 0 && i+1 < len(w) && isWordByte(w[i-1]) && isWordByte(w[i+1]):
			b.WriteByte(c) // inside a word ("anna_n", "order_ready") an underscore emphasises nothing
		case strings.IndexByte(inlineMarkdown, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '@':
			b.WriteString("@\u200b") // a zero-width space: no mention of anyone, @all included
		case c == '&' && i+1 < len(w) && (w[i+1] == '#' || isLetter(w[i+1])):
			b.WriteString("\\&") // an entity such as &#64; would render as the character
		default:
			b.WriteByte(c)
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isWordByte is a letter or digit, or a byte of a multi-byte (non-ASCII) letter.
func isWordByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c >= 0x80 }

// bareURL is a word the renderers autolink whole: an http(s) URL without a character that could
// start a construct of its own.
func bareURL(w string) bool {
	lw := strings.ToLower(w)
	if !strings.HasPrefix(lw, "https://") && !strings.HasPrefix(lw, "http://") {
		return false
	}
	return !strings.ContainsAny(w, "[]<>`\\")
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

// The header card's texts, in the site's language.
var (
	textTo         = locale.Text{ID: "header.to", Other: "to {{.Account}}"}
	textActive     = locale.Text{ID: "header.active", Other: "**Active** · reply in this thread to answer the customer"}
	textArchivedBy = locale.Text{ID: "header.archived", Other: "**Archived** by {{.Who}} at {{.At}}"}
	textPruned     = locale.Text{ID: "header.pruned", Other: "_{{.Count}} older messages were removed by the retention setting._"}
	textSyncLost   = locale.Text{ID: "header.sync_lost", Other: "⚠️ **The connection lost sync with {{.Provider}}** ({{.Reason}}): replies wait until it is reconnected. System admins: [reconnect it in the System Console]({{.URL}}). Everyone else: ask a system admin."}
)

// textAssignee is the header card's line naming who the chat is assigned to.
var textAssignee = locale.Text{ID: "header.assignee", Other: "Assigned to @{{.Username}}"}

// assigneeLine names the assignee in the site's language.
func (t *Thread) assigneeLine(userID string) string {
	name := t.mm.Username(userID)
	if name == "" {
		name = "unknown"
	}
	return t.texts.ForSite(textAssignee, map[string]any{"Username": EscapeLine(name)})
}

// optOutNotes are the header card's opt-out lines as the adapters word them in English (the SMS
// one, and the blocked-account form Telegram and the default share), with their texts.
var optOutNotes = []struct {
	re   *regexp.Regexp
	text locale.Text
}{
	{regexp.MustCompile(`^_The customer replied STOP: replies are held until they text START\._$`),
		locale.Text{ID: "optout.note.stop", Other: "_The customer replied STOP: replies are held until they text START._"}},
	{regexp.MustCompile(`^_The customer blocked (?P<Provider>.+) messages from this account: replies are held until they unblock it\._$`),
		locale.Text{ID: "optout.note.blocked", Other: "_The customer blocked {{.Provider}} messages from this account: replies are held until they unblock it._"}},
}

// optOutNote speaks an adapter's opt-out line in the site's language; a line it does not know stays
// as the adapter wrote it.
func (t *Thread) optOutNote(note string) string {
	for _, n := range optOutNotes {
		m := n.re.FindStringSubmatch(note)
		if m == nil {
			continue
		}
		data := map[string]any{}
		for i, name := range n.re.SubexpNames() {
			if name != "" {
				data[name] = m[i]
			}
		}
		return t.texts.ForSite(n.text, data)
	}
	return note
}
