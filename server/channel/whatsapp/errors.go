package whatsapp

import (
	"net/http"
	"strconv"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// Rules are the WhatsApp error codes (docs/providers/reference.md §5.5); meta.Classify applies the common Graph rules
// (190, 4, 80007, 10, 368, ...) after these.
//
// Code 0 ("AuthException") is deliberately absent: a Graph answer without a code would match it too.
// Real auth failures come with HTTP 401, which meta.Classify already treats as sync lost.
var Rules = []meta.Rule{
	{Code: 131047, Class: channel.ClassWindowClosed}, // re-engagement: more than 24 h since the customer wrote
	{Code: 470, Class: channel.ClassWindowClosed},    // legacy form of the same
	{Code: 131026, Class: channel.ClassPermanent},    // undeliverable (not on WhatsApp, old client, blocked)
	{Code: 131049, Class: channel.ClassPermanent},    // held back for ecosystem engagement
	{Code: 131062, Class: channel.ClassPermanent},    // BSUID recipients not supported for this message
	{Code: 131056, Class: channel.ClassRetryable},    // pair rate limit
	{Code: 130429, Class: channel.ClassRetryable},    // throughput limit
	{Code: 131048, Class: channel.ClassRetryable},    // spam rate limit
	{Code: 131051, Class: channel.ClassPermanent},    // unsupported message type
	{Code: 131008, Class: channel.ClassPermanent},    // required parameter missing
	{Code: 132000, Class: channel.ClassPermanent},    // template parameter count mismatch
	{Code: 132001, Class: channel.ClassPermanent},    // template does not exist
	{Code: 131005, Class: channel.ClassSyncLost},     // access denied ⚠ meaning unverified
	{Code: 131031, Class: channel.ClassSyncLost},     // account locked ⚠ meaning unverified
	{Code: 131000, Class: channel.ClassRetryable},    // something went wrong
	{Code: 131016, Class: channel.ClassRetryable},    // service unavailable
}

// statusError classifies the first error of a failed status webhook. An asynchronous failure is not an
// HTTP answer; it is classified like a 400 so unknown codes come out permanent.
func statusError(errs []errorDetails) *channel.Error {
	if len(errs) == 0 {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "message failed"}
	}
	d := errs[0]
	g := meta.GraphError{Code: d.Code, Message: d.ErrorData.Details}
	if g.Message == "" {
		g.Message = d.Message
	}
	if g.Message == "" {
		g.Message = d.Title
	}
	e := meta.Classify(http.StatusBadRequest, nil, g, Rules)
	e.Code = strconv.Itoa(d.Code)
	return e
}
