// Frontdesk is a Mattermost plugin: customer chats from WhatsApp, Messenger, Instagram, Telegram
// and SMS as Mattermost threads. This package wires the parts together and delegates each hook.
package main

import "github.com/mattermost/mattermost/server/public/plugin"

func main() {
	plugin.ClientMain(&Plugin{})
}
