package thread

import (
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// The buttons' labels, in the site's language: everyone in the channel sees the same post.
var (
	textArchive      = locale.Text{ID: "button.archive", Other: "Archive"}
	textReopen       = locale.Text{ID: "button.reopen", Other: "Reopen"}
	textTake         = locale.Text{ID: "button.take", Other: "Assign to me"}
	textRetry        = locale.Text{ID: "button.retry", Other: "Retry"}
	textNotDelivered = locale.Text{ID: "button.not_delivered", Other: "Not delivered:"}
)

// ActionsPath is where Mattermost sends button clicks on Frontdesk's posts (relative plugin URL).
const ActionsPath = "/plugins/frontdesk/api/v1/actions/"

// Button actions on posts. Buttons work in every Mattermost client, mobile included.
const (
	ActionArchive = "archive"
	ActionReopen  = "reopen"
	ActionRetry   = "retry"
	// ActionTake assigns the chat to whoever clicks (one tap on mobile, where the sidebar is not).
	ActionTake = "take"
)

func button(id, name, style string, context map[string]any) *model.PostAction {
	return &model.PostAction{
		Id: id, Type: model.PostActionTypeButton, Name: name, Style: style,
		Integration: &model.PostActionIntegration{URL: ActionsPath + id, Context: context},
	}
}

// setRootActions puts Archive or Reopen on the chat's header card (F16, F17 in docs/features.md).
func setRootActions(p *model.Post, conv *conversation.Conversation, say func(locale.Text) string) {
	ctx := map[string]any{"conversation_id": conv.ID}
	b := button(ActionArchive, say(textArchive), "default", ctx)
	if conv.Status == conversation.Archived {
		b = button(ActionReopen, say(textReopen), "primary", ctx)
	}
	actions := []*model.PostAction{b}
	if conv.Status != conversation.Archived {
		actions = append(actions, button(ActionTake, say(textTake), "default", ctx))
	}
	setAttachment(p, &model.MessageAttachment{Actions: actions})
}

// setRetryAction offers Retry on a reply that finally failed, and removes it otherwise.
func setRetryAction(p *model.Post, m *conversation.Message, say func(locale.Text) string) {
	if m.State != "failed" {
		p.DelProp(model.PostPropsAttachments)
		return
	}
	setAttachment(p, &model.MessageAttachment{
		Color:   "#d24b4e",
		Text:    say(textNotDelivered) + " " + m.Reason,
		Actions: []*model.PostAction{button(ActionRetry, say(textRetry), "danger", map[string]any{"post_id": m.PostID})},
	})
}

// setAttachment sets the attachments prop directly: unlike model.ParseMessageAttachment it keeps the
// post's type, which decides whether a reply is relayed.
func setAttachment(p *model.Post, a *model.MessageAttachment) {
	p.AddProp(model.PostPropsAttachments, []*model.MessageAttachment{a})
}
