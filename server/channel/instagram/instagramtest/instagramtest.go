// Package instagramtest is a fake Instagram messaging API for tests and the provider simulator, like
// net/http/httptest: it plays graph.instagram.com (Instagram Login) or graph.facebook.com (Facebook
// Login) for one professional account (Send API by URL, sender actions, profiles, subscribed_apps,
// CDN attachments) and builds signed webhook deliveries.
//
//	fake := instagramtest.New(creds)          // the same credentials the adapter gets
//	base := fake.Start(); defer fake.Close()  // adapter Config.BaseURL = base
//	d := fake.Webhook(fake.Text("igsid-1", "hi"))
//	req := d.Request(webhookURL)              // body + X-Hub-Signature-256
//	fake.FailNext(1, instagramtest.WindowClosed)
//	fake.Sent()
//	fake.Token()                              // the newest token, after refresh_access_token
//
// Builders: Text, Reply, Media (image, audio, video, file, sticker), Echo / EchoOf, ReadMID
// (messaging_seen), Reaction, Edit, Unsend (is_deleted), Postback; Event.At and Event.Standby adjust
// them. Deliveries are signed with app_secret; Delivery.SignedWith re-signs them, e.g. with the
// instagram_app_secret. Instagram has no failed-status webhook: a failed send is the API's answer.
package instagramtest

import (
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging/messagingtest"
)

// Server is the fake; see package messagingtest for its methods.
type Server = messagingtest.Server

// Re-exported types, so tests need only this package.
type (
	Failure  = messagingtest.Failure
	Sent     = messagingtest.Sent
	Call     = messagingtest.Call
	Event    = messagingtest.Event
	Delivery = messagingtest.Delivery
	Profile  = messagingtest.Profile
)

// Instagram's own failures (docs/providers/reference.md §4.6), plus the shared ones.
var (
	WindowClosed   = Failure{Code: 10, Subcode: 2534022, Message: "This message is sent outside of allowed window."}
	NoSuchUser     = Failure{Code: 100, Subcode: 2534014, Message: "No matching Instagram user"}
	AccessDisabled = Failure{Code: 200, Subcode: 2534041, Message: "The account owner has disabled access to instagram direct messages"}
	RateLimited    = Failure{Code: 613, Subcode: 2534040, Message: "Calls to this api have exceeded the rate limit.", RetryAfter: messagingtest.RateLimited.RetryAfter}
	TokenExpired   = messagingtest.TokenExpired
	Temporary      = messagingtest.Temporary
)

// New builds a fake account from the adapter's credentials (account_id, access_token, app_secret,
// instagram_app_secret, username, api_flavour). With facebook_login it also requires a valid
// appsecret_proof, as an app with "Require App Secret" does; with instagram_login it checks one if
// sent. Instagram Login fakes also serve refresh_access_token.
func New(creds map[string]string) *Server {
	fb := creds["api_flavour"] == "facebook_login"
	return messagingtest.New(messagingtest.Config{
		Object:       messaging.ObjectInstagram,
		AccountID:    creds["account_id"],
		AccountName:  "Fake Instagram account",
		Username:     creds["username"],
		Token:        creds["access_token"],
		AppSecret:    creds["app_secret"],
		RequireProof: fb,
		MaxTextBytes: 1000,
		TokenRefresh: !fb,
	})
}
