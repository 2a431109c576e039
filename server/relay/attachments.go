package relay

import (
	"fmt"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// attachmentsRefusal refuses a reply with more files than one customer message carries. Every
// provider adapter sends one attachment per message (channel.Outbound has one Media): WhatsApp,
// Messenger and Instagram take one per message, and Frontdesk sends Telegram and MMS one at a
// time too. Refusing before the post is stored keeps the files and the text in the composer;
// sending the first file and dropping the rest would lose them silently.
func attachmentsRefusal(c *conversation.Connection, post *model.Post) string {
	if len(post.FileIds) <= 1 {
		return ""
	}
	return fmt.Sprintf("Frontdesk: %s takes one attachment per message; this reply has %d and was not posted. Send the files one per message.",
		c.Kind.Name(), len(post.FileIds))
}
