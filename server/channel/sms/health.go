package sms

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// account is the part of Twilio's Account resource Health reads.
type account struct {
	SID          string `json:"sid"`
	FriendlyName string `json:"friendly_name"`
	Status       string `json:"status"` // active, suspended, closed
}

// Health implements channel.Adapter: GET the Account resource. Wrong credentials (401/20003), an
// unknown account (404) or an account that is not active all mean the connection must be fixed.
func (a *Adapter) Health(ctx context.Context) error {
	_, err := a.Account(ctx)
	return err
}

// Account returns the connection's Twilio account id and its name for staff: the number customers
// text when the connection sends from one, else the account's friendly name (a Messaging Service
// may have many numbers). It checks the account is usable.
func (a *Adapter) Account(ctx context.Context) (channel.Account, error) {
	u := a.baseURL.String() + "/" + APIVersion + "/Accounts/" + url.PathEscape(a.accountSID) + ".json"
	var out account
	if err := a.client.do(ctx, http.MethodGet, u, nil, &out); err != nil {
		var e *channel.Error
		if errors.As(err, &e) && (e.Code == "20404" || e.Code == "404") {
			e.Class = channel.ClassSyncLost
			e.Reason = "Twilio does not know this Account SID"
		}
		return channel.Account{}, err
	}
	if out.Status != "" && out.Status != "active" {
		return channel.Account{}, &channel.Error{Class: channel.ClassSyncLost, Code: out.Status,
			Reason: "the Twilio account is " + out.Status}
	}
	name := out.FriendlyName
	if a.from != "" {
		name = a.from
	}
	return channel.Account{ID: out.SID, Name: name}, nil
}
