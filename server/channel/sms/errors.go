package sms

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// apiError is Twilio's REST error envelope:
// {"code": 21211, "message": "...", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}.
type apiError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// rule is the class of one Twilio error code and, where Twilio's own words are not enough for the
// staff who read it on a post, a clearer reason.
type rule struct {
	class  channel.Class
	reason string
}

// codeRules follow docs/providers/reference.md §7.7. Codes marked there as remembered rather than read are kept,
// and every unknown code falls back to the HTTP status, so a wrong entry errs towards "permanent".
var codeRules = map[int]rule{
	20003: {channel.ClassSyncLost, "Twilio rejected the Account SID or Auth Token; update the connection's credentials"},
	20429: {channel.ClassRetryable, ""},
	21610: {channel.ClassOptedOut, "the recipient has opted out (replied STOP); they must text START to this number before they can receive messages again"},
	21211: {channel.ClassPermanent, "the phone number is not valid"},
	21614: {channel.ClassPermanent, "the phone number is not a mobile number that can receive SMS"},
	21408: {channel.ClassPermanent, "sending to this region is not enabled in the Twilio account's geographic permissions"},
	21623: {channel.ClassPermanent, ""},
	21617: {channel.ClassPermanent, ""},
	30003: {channel.ClassPermanent, "the handset is unreachable"},
	30005: {channel.ClassPermanent, "the number is unknown or no longer active"},
	30006: {channel.ClassPermanent, "the number is a landline or its carrier cannot receive SMS"},
	30007: {channel.ClassPermanent, "the carrier filtered the message (spam rules or unregistered sender)"},
	// 30008 "unknown error" is possibly transient, but the message may have gone out: resending risks a
	// duplicate SMS, so it is not retried automatically.
	30008: {channel.ClassPermanent, "the carrier reported an unknown delivery error"},
	11751: {channel.ClassPermanent, "the media is too large for MMS"},
	63034: {channel.ClassPermanent, "the media is too large"},
	63016: {channel.ClassWindowClosed, ""},
}

// classify turns a failed REST answer into a *channel.Error.
func classify(status int, header http.Header, body []byte) *channel.Error {
	var env apiError
	_ = json.Unmarshal(body, &env) // a non-JSON answer (proxy page, outage) is classified by status
	e := &channel.Error{Reason: env.Message}
	if env.Code != 0 {
		e.Code = strconv.Itoa(env.Code)
	} else {
		e.Code = strconv.Itoa(status)
	}
	r, known := codeRules[env.Code]
	switch {
	case known:
		e.Class = r.class
		if r.reason != "" {
			e.Reason = r.reason
		}
	case status == http.StatusUnauthorized:
		e.Class = channel.ClassSyncLost
	case status == http.StatusTooManyRequests || status >= 500:
		e.Class = channel.ClassRetryable
	default:
		e.Class = channel.ClassPermanent
	}
	if e.Reason == "" {
		e.Reason = http.StatusText(status)
	}
	if e.Class == channel.ClassRetryable {
		e.RetryAfter = channel.RetryAfter(header)
	}
	return e
}

// statusError describes a failed or undelivered status callback from its ErrorCode.
func statusError(code, message, status string) *channel.Error {
	e := &channel.Error{Class: channel.ClassPermanent, Code: code, Reason: message}
	if n, err := strconv.Atoi(code); err == nil {
		if r, ok := codeRules[n]; ok {
			e.Class = r.class
			if r.reason != "" {
				e.Reason = r.reason
			}
		}
	}
	// A failed delivery is never retried automatically: the message may have reached the carrier.
	if e.Class == channel.ClassRetryable {
		e.Class = channel.ClassPermanent
	}
	if e.Reason == "" {
		e.Reason = "message " + status
	}
	return e
}
