package sms

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// callTimeout bounds one REST call when the caller's context has no earlier deadline.
const callTimeout = 30 * time.Second

// maxAnswer caps how much of a JSON answer is read.
const maxAnswer = 1 << 20

// client makes Basic-authenticated calls to the REST API.
type client struct {
	http *http.Client
	user string
	pass string
}

// do sends form (nil for none) to rawURL and decodes a JSON answer into out (nil to discard).
// Failures come back as *channel.Error.
func (c *client) do(ctx context.Context, method, rawURL string, form url.Values, out any) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: err}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(c.user, c.pass)
	resp, err := c.http.Do(req)
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "Twilio unreachable", Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "reading Twilio's answer", Err: err}
	}
	if resp.StatusCode >= 300 {
		return classify(resp.StatusCode, resp.Header, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		// The call may have gone through: retrying could send twice, so this is not retryable.
		return &channel.Error{Class: channel.ClassPermanent, Reason: "unreadable Twilio answer", Err: err}
	}
	return nil
}
