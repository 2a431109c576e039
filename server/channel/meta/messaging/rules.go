package messaging

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// SendAPIRules classify the Send API errors both products share (docs/providers/reference.md §3.5). They come
// before meta's common rules, which would otherwise read code 10 and 200 as a lost permission.
var SendAPIRules = []meta.Rule{
	{Code: 10, Subcode: 2018278, Class: channel.ClassWindowClosed},
	{Code: 10, Subcode: 2018065, Class: channel.ClassWindowClosed},
	{Code: 10, Subcode: 2018108, Class: channel.ClassPermanent}, // not receiving messages from you
	{Code: 551, Class: channel.ClassPermanent},                  // person not available
	{Code: 200, Subcode: 1545041, Class: channel.ClassPermanent},
	{Code: 100, Subcode: 2018001, Class: channel.ClassPermanent}, // no matching user
	{Code: 100, Subcode: 2018047, Class: channel.ClassPermanent}, // upload failure
	// "Received invalid JSON reply" may come although the message went out: resending could
	// duplicate it, so it is not retried; the echo reconciles.
	{Code: 1, Subcode: 1357046, Class: channel.ClassPermanent},
}

// AppSecretProof is the appsecret_proof Graph accepts with a token: hex HMAC-SHA256(app secret,
// token). Sending it lets calls succeed when the app requires it, and costs nothing otherwise.
func AppSecretProof(token, appSecret string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(token))
	return hex.EncodeToString(mac.Sum(nil))
}
