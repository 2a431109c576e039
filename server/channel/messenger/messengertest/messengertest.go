// Package messengertest is a fake Messenger Platform for tests and the provider simulator, like
// net/http/httptest: it plays the Graph API of one Page (Send API with uploads, sender actions,
// profiles, subscribed_apps, CDN attachments) and builds signed webhook deliveries.
//
//	fake := messengertest.New(creds)           // the same credentials the adapter gets
//	base := fake.Start(); defer fake.Close()   // adapter Config.BaseURL = base
//	d := fake.Webhook(fake.Text("psid-1", "hello"))
//	req := d.Request(webhookURL)               // body + X-Hub-Signature-256
//	fake.FailNext(1, messengertest.WindowClosed)
//	fake.Sent()                                // what the adapter sent
//
// Builders: Text, Reply, Media (image, audio, video, file, sticker — a sticker comes as both sticker
// and image attachment, as during Meta's 2026 transition), Echo / EchoOf, ReadWatermark, Delivered,
// Reaction, Edit, Postback; Event.At and Event.Standby adjust them. Messenger has no failed-status
// webhook: a failed send is the Send API's error answer.
package messengertest

import (
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging/messagingtest"
)

// Server is the fake; see package messagingtest for its methods.
type Server = messagingtest.Server

// Re-exported types and failures, so tests need only this package.
type (
	Failure  = messagingtest.Failure
	Sent     = messagingtest.Sent
	Call     = messagingtest.Call
	Event    = messagingtest.Event
	Delivery = messagingtest.Delivery
	Profile  = messagingtest.Profile
)

var (
	WindowClosed = messagingtest.WindowClosed
	RateLimited  = messagingtest.RateLimited
	Unavailable  = messagingtest.Unavailable
	TokenExpired = messagingtest.TokenExpired
	Temporary    = messagingtest.Temporary
	// NotReceiving is 10/2018108 "This person isn't receiving messages from you right now."
	NotReceiving = Failure{Code: 10, Subcode: 2018108, Message: "This person isn't receiving messages from you right now."}
)

// AppID is the app id the fake puts on echoes of what the adapter sent (EchoOf).
const AppID = "1517776481860111"

// New builds a fake Page from the adapter's credentials (page_id, page_access_token, app_secret).
// Like an app with "Require App Secret" on, it rejects calls without a valid appsecret_proof.
func New(creds map[string]string) *Server {
	return messagingtest.New(messagingtest.Config{
		Object:       messaging.ObjectPage,
		AccountID:    creds["page_id"],
		AccountName:  "Fake Page",
		Token:        creds["page_access_token"],
		AppSecret:    creds["app_secret"],
		RequireProof: true,
		MaxTextRunes: 2000,
		Upload:       true,
		AppID:        AppID,
	})
}

// PageInboxEcho is the echo of a message staff typed in the Page Inbox.
func PageInboxEcho(s *Server, customer, text string) Event {
	return s.Echo(customer, "", text, messaging.PageInboxAppID, "")
}
