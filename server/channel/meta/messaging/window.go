package messaging

import (
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Standard and HUMAN_AGENT windows of Messenger and Instagram (docs/providers/reference.md §3.5, §4.6).
const (
	StandardWindow   = 24 * time.Hour
	HumanAgentWindow = 7 * 24 * time.Hour
)

// Window is open for 24 h after the customer's last message, then open to human replies with the
// HUMAN_AGENT tag until 7 days, then closed. No customer message yet means closed: on both
// products only the customer can start a conversation.
func Window(last, now time.Time) channel.Window {
	if last.IsZero() {
		return channel.Window{State: channel.WindowClosed}
	}
	if end := last.Add(StandardWindow); now.Before(end) {
		return channel.Window{State: channel.WindowOpen, Until: end}
	}
	if end := last.Add(HumanAgentWindow); now.Before(end) {
		return channel.Window{State: channel.WindowHumanAgent, Until: end}
	}
	return channel.Window{State: channel.WindowClosed}
}
