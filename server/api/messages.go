package api

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// detailText is the detail of a refusal the API answers, recognised by its English wording, and
// its text; named groups are the text's data.
type detailText struct {
	re   *regexp.Regexp
	text locale.Text
}

// detailTexts are the details of the refusals a person acts on in the web app (starting a chat,
// templates, quick replies, a note, a retry, the list's parameters), as the core and the API word
// them in English. A translation reads them in the caller's language after the kind's lead.
var detailTexts = []detailText{
	{regexp.MustCompile(`^customer_id and text \(or template\) are required$`),
		locale.Text{ID: "api.detail.start_fields", Other: "customer_id and text (or template) are required"}},
	{regexp.MustCompile(`^(?P<Provider>.+) has no templates$`),
		locale.Text{ID: "api.detail.no_templates", Other: "{{.Provider}} has no templates"}},
	{regexp.MustCompile(`^you may not post in this chat's channel \(its moderation or your role does not allow it\)$`),
		locale.Text{ID: "api.detail.cannot_post", Other: "you may not post in this chat's channel (its moderation or your role does not allow it)"}},
	{regexp.MustCompile(`^this customer has not started the Telegram bot yet; ask them to open the bot and press Start$`),
		locale.Text{ID: "api.detail.telegram_start", Other: "this customer has not started the Telegram bot yet; ask them to open the bot and press Start"}},
	{regexp.MustCompile(`^this customer has not started the Telegram bot yet; ask them to open (?P<Link>\S+) and press Start$`),
		locale.Text{ID: "api.detail.telegram_start_link", Other: "this customer has not started the Telegram bot yet; ask them to open {{.Link}} and press Start"}},
	{regexp.MustCompile(`^phone number must have 7 to 15 digits with the country code$`),
		locale.Text{ID: "api.detail.phone_digits", Other: "phone number must have 7 to 15 digits with the country code"}},
	{regexp.MustCompile(`^a quick reply's name has 1 to (?P<Max>\d+) characters$`),
		locale.Text{ID: "api.detail.quick_reply_name_length", Other: "a quick reply's name has 1 to {{.Max}} characters"}},
	{regexp.MustCompile(`^a quick reply's name has only letters, digits, - and _$`),
		locale.Text{ID: "api.detail.quick_reply_name_chars", Other: "a quick reply's name has only letters, digits, - and _"}},
	{regexp.MustCompile(`^a quick reply needs a text$`),
		locale.Text{ID: "api.detail.quick_reply_empty", Other: "a quick reply needs a text"}},
	{regexp.MustCompile(`^a quick reply has at most (?P<Max>\d+) characters \(it has (?P<N>\d+)\)$`),
		locale.Text{ID: "api.detail.quick_reply_too_long", Other: "a quick reply has at most {{.Max}} characters (it has {{.N}})"}},
	{regexp.MustCompile(`^the note is empty$`),
		locale.Text{ID: "api.detail.note_empty", Other: "the note is empty"}},
	{regexp.MustCompile(`^only a failed reply can be retried$`),
		locale.Text{ID: "api.detail.retry_not_failed", Other: "only a failed reply can be retried"}},
	{regexp.MustCompile(`^status must be active, archived or all$`),
		locale.Text{ID: "api.detail.status", Other: "status must be active, archived or all"}},
	{regexp.MustCompile(`^q has at most (?P<Max>\d+) characters$`),
		locale.Text{ID: "api.detail.query_too_long", Other: "q has at most {{.Max}} characters"}},
	{regexp.MustCompile(`^assigned must be me, none or a user id$`),
		locale.Text{ID: "api.detail.assigned", Other: "assigned must be me, none or a user id"}},
	{regexp.MustCompile(`^page and per_page must be non-negative integers$`),
		locale.Text{ID: "api.detail.paging", Other: "page and per_page must be non-negative integers"}},
	{regexp.MustCompile(`^invalid JSON body: (?P<Reason>.*)$`),
		locale.Text{ID: "api.detail.json", Other: "invalid JSON body: {{.Reason}}"}},
	{regexp.MustCompile(`^client_id is required$`),
		locale.Text{ID: "api.detail.client_id", Other: "client_id is required"}},
	{regexp.MustCompile(`^no such client or document in the helpdesk$`),
		locale.Text{ID: "api.detail.helpdesk_not_found", Other: "no such client or document in the helpdesk"}},
}

// message is an error's message for the person who made the request: in their Mattermost language
// when that is not English, English as written otherwise (and for webhooks, which have no user).
// The code beside it stays as it is, for programs. A reply's refusal (a chat's first message) is
// worded as the author's ephemeral words it; the core's other refusals get the kind's lead and
// their detail, translated where it is one a person acts on.
func (h *handler) message(r *http.Request, err error, he *Error) string {
	userID := UserID(r)
	lang := strings.ToLower(h.Texts.UserLanguage(userID))
	if lang == "" || strings.HasPrefix(lang, "en") {
		return he.Message
	}
	said, _ := actionRefusal(err)
	detail, _ := said.Data["Detail"].(string)
	if detail != "" && h.Refusal != nil {
		reason := "Frontdesk: " + strings.TrimPrefix(detail, "Frontdesk: ")
		if out := h.Refusal(userID, reason); out != reason {
			return strings.TrimPrefix(out, "Frontdesk: ")
		}
	}
	if detail != "" {
		said.Data["Detail"] = h.detailIn(userID, detail)
	}
	return strings.TrimPrefix(said.In(h.Texts, userID), "Frontdesk: ")
}

// detailIn is a refusal's detail in the user's language; one it does not know stays as written.
func (h *handler) detailIn(userID, detail string) string {
	for _, d := range detailTexts {
		m := d.re.FindStringSubmatch(detail)
		if m == nil {
			continue
		}
		data := map[string]any{}
		for i, name := range d.re.SubexpNames() {
			if name != "" {
				data[name] = m[i]
			}
		}
		return h.Texts.ForUser(userID, d.text, data)
	}
	return detail
}
