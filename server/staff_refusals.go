package main

import (
	"regexp"

	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// refusal is one reply refusal of the relay, recognised by its English wording, and its text.
type refusal struct {
	re   *regexp.Regexp
	text locale.Text
}

// refusals are the reasons a reply is refused, as the relay words them in English; the ephemeral
// message that tells the author speaks their language. Named groups are the texts' data.
var refusals = []refusal{
	{regexp.MustCompile(`^Frontdesk: this reply has (?P<N>\d+) characters; a customer message holds at most (?P<Max>\d+)\. Shorten it or split it in two\.$`),
		locale.Text{ID: "refusal.too_long", Other: "Frontdesk: this reply has {{.N}} characters; a customer message holds at most {{.Max}}. Shorten it or split it in two."}},
	{regexp.MustCompile(`^Frontdesk: this reply would have (?P<N>\d+) characters; a customer message holds at most (?P<Max>\d+)\.$`),
		locale.Text{ID: "refusal.edit_too_long", Other: "Frontdesk: this reply would have {{.N}} characters; a customer message holds at most {{.Max}}."}},
	{regexp.MustCompile(`^Frontdesk: (?P<Provider>.+) takes one attachment per message; this reply has (?P<N>\d+) and was not posted\. Send the files one per message\.$`),
		locale.Text{ID: "refusal.attachments", Other: "Frontdesk: {{.Provider}} takes one attachment per message; this reply has {{.N}} and was not posted. Send the files one per message."}},
	{regexp.MustCompile(`^Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer\. Reply in its current thread: (?P<Link>\S+)$`),
		locale.Text{ID: "refusal.former_thread", Other: "Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer. Reply in its current thread: {{.Link}}"}},
	{regexp.MustCompile(`^Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer\.$`),
		locale.Text{ID: "refusal.former_thread.no_link", Other: "Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer."}},
	{regexp.MustCompile(`^Frontdesk: only members of the chat's channel who may use chats can answer the customer; this message was not posted\. Join the channel to reply, or ask a system admin for access to chats\.$`),
		locale.Text{ID: "refusal.outsider", Other: "Frontdesk: only members of the chat's channel who may use chats can answer the customer; this message was not posted. Join the channel to reply, or ask a system admin for access to chats."}},
	{regexp.MustCompile(`^Frontdesk: the (?P<Kind>.+) connection (?P<Name>".*") lost sync with the provider \((?P<Reason>.*)\)\. (?P<Advice>.*)$`),
		locale.Text{ID: "refusal.sync_lost", Other: "Frontdesk: the {{.Kind}} connection {{.Name}} lost sync with the provider ({{.Reason}}). {{.Advice}}"}},
	{regexp.MustCompile(`^Frontdesk: WhatsApp allows free-form replies only within 24 hours of the customer's last message\. Send an approved template in this thread \(/frontdesk template <name> <language> \[parameters\]; /frontdesk templates lists them\) or wait for the customer to write\. Continue in the WhatsApp app: (?P<Link>\S+)$`),
		locale.Text{ID: "refusal.window.whatsapp.link", Other: "Frontdesk: WhatsApp allows free-form replies only within 24 hours of the customer's last message. Send an approved template in this thread (/frontdesk template <name> <language> [parameters]; /frontdesk templates lists them) or wait for the customer to write. Continue in the WhatsApp app: {{.Link}}"}},
	{regexp.MustCompile(`^Frontdesk: WhatsApp allows free-form replies only within 24 hours of the customer's last message\. Send an approved template in this thread \(/frontdesk template <name> <language> \[parameters\]; /frontdesk templates lists them\) or wait for the customer to write\.(?P<Rest>.*)$`),
		locale.Text{ID: "refusal.window.whatsapp", Other: "Frontdesk: WhatsApp allows free-form replies only within 24 hours of the customer's last message. Send an approved template in this thread (/frontdesk template <name> <language> [parameters]; /frontdesk templates lists them) or wait for the customer to write.{{.Rest}}"}},
	{regexp.MustCompile(`^Frontdesk: (?P<Product>Messenger|Instagram) allows replies only within 7 days of the customer's last message\. When the customer writes again, replying from here works again\.(?: Continue in the (?:Messenger|Instagram) app: (?P<Link>\S+))?$`),
		locale.Text{ID: "refusal.window.meta", Other: "Frontdesk: {{.Product}} allows replies only within 7 days of the customer's last message. When the customer writes again, replying from here works again.{{if .Link}} Continue in the {{.Product}} app: {{.Link}}{{end}}"}},
	{regexp.MustCompile(`^Frontdesk: the customer replied STOP, so the provider delivers nothing to this number until they text START\.$`),
		locale.Text{ID: "refusal.optout.sms", Other: "Frontdesk: the customer replied STOP, so the provider delivers nothing to this number until they text START."}},
	{regexp.MustCompile(`^Frontdesk: the customer blocked this bot on Telegram, so nothing reaches them\. Replying works again as soon as they unblock it\.$`),
		locale.Text{ID: "refusal.optout.telegram", Other: "Frontdesk: the customer blocked this bot on Telegram, so nothing reaches them. Replying works again as soon as they unblock it."}},
	// conversation.OptOutRefusal and conversation.ClosedWindow for a provider without its own words.
	{regexp.MustCompile(`^Frontdesk: the customer blocked this (?P<Provider>.+) account, so nothing reaches them\.$`),
		locale.Text{ID: "refusal.optout.other", Other: "Frontdesk: the customer blocked this {{.Provider}} account, so nothing reaches them."}},
	{regexp.MustCompile(`^Frontdesk: The provider does not allow messages to this customer now\.(?: Continue in the (?P<Product>.+?) app: (?P<Link>\S+))?$`),
		locale.Text{ID: "refusal.window.other", Other: "Frontdesk: The provider does not allow messages to this customer now.{{if .Link}} Continue in the {{.Product}} app: {{.Link}}{{end}}"}},
	// A text the provider's own checker refuses (channel.TextChecker): Instagram's limit in bytes,
	// and any other checker's reason, kept as the adapter words it.
	{regexp.MustCompile(`^Frontdesk: (?P<Product>\S+) accepts at most (?P<Max>\d+) bytes of text; this message has (?P<N>\d+)\. Shorten the reply\.$`),
		locale.Text{ID: "refusal.text_bytes", Other: "Frontdesk: {{.Product}} accepts at most {{.Max}} bytes of text; this message has {{.N}}. Shorten the reply."}},
	{regexp.MustCompile(`^Frontdesk: (?P<Reason>.+)\. Shorten the reply\.$`),
		locale.Text{ID: "refusal.text_refused", Other: "Frontdesk: {{.Reason}}. Shorten the reply."}},
	{regexp.MustCompile(`^Frontdesk: this chat's connection cannot be used: (?P<Reason>.*)$`),
		locale.Text{ID: "refusal.connection_unusable", Other: "Frontdesk: this chat's connection cannot be used: {{.Reason}}"}},
}

// localizeRefusal speaks a reply's refusal in its author's language; a reason it does not know
// stays as the relay wrote it.
func (p *Plugin) localizeRefusal(userID, reason string) string {
	if p.texts.UserLanguage(userID) == "" {
		return reason
	}
	for _, r := range refusals {
		m := r.re.FindStringSubmatch(reason)
		if m == nil {
			continue
		}
		data := map[string]any{}
		for i, name := range r.re.SubexpNames() {
			if name != "" {
				data[name] = m[i]
			}
		}
		return p.texts.ForUser(userID, r.text, data)
	}
	return reason
}
