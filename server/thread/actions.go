package thread

import (
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
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
func setRootActions(p *model.Post, conv *conversation.Conversation) {
	ctx := map[string]any{"conversation_id": conv.ID}
	b := button(ActionArchive, "Archive", "default", ctx)
	if conv.Status == conversation.Archived {
		b = button(ActionReopen, "Reopen", "primary", ctx)
	}
	actions := []*model.PostAction{b}
	if conv.Status != conversation.Archived {
		actions = append(actions, button(ActionTake, "Assign to me", "default", ctx))
	}
	setAttachment(p, &model.MessageAttachment{Actions: actions})
}

// setRetryAction offers Retry on a reply that finally failed, and removes it otherwise.
func setRetryAction(p *model.Post, m *conversation.Message) {
	if m.State != "failed" {
		p.DelProp(model.PostPropsAttachments)
		return
	}
	setAttachment(p, &model.MessageAttachment{
		Color:   "#d24b4e",
		Text:    "Not delivered: " + m.Reason,
		Actions: []*model.PostAction{button(ActionRetry, "Retry", "danger", map[string]any{"post_id": m.PostID})},
	})
}

// setAttachment sets the attachments prop directly: unlike model.ParseMessageAttachment it keeps the
// post's type, which decides whether a reply is relayed.
func setAttachment(p *model.Post, a *model.MessageAttachment) {
	p.AddProp(model.PostPropsAttachments, []*model.MessageAttachment{a})
}
