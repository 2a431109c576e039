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

// ClosedWindow is what staff are told when the window is closed (channel.WindowExplainer): replies
// go up to 7 days after the customer's last message (with the human-agent tag after 24 hours),
// and only the customer can open it again.
func ClosedWindow(product string) string {
	return product + " allows replies only within 7 days of the customer's last message. When the customer writes again, replying from here works again."
}
