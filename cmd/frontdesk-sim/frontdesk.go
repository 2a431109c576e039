package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// frontdeskTarget is where -frontdesk creates the connection: Frontdesk's REST API on a Mattermost
// server, called as a system admin.
type frontdeskTarget struct {
	siteURL   string
	token     string
	channelID string
	name      string
}

// connection is the part of Frontdesk's connection JSON the simulator needs. The webhook URL and
// verify token are only shown to system admins.
type connection struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	ChannelID   string `json:"channel_id"`
	WebhookURL  string `json:"webhook_url"`
	VerifyToken string `json:"verify_token"`
	SyncLost    bool   `json:"sync_lost"`
	SyncReason  string `json:"sync_reason"`
}

// connectionBody is what POST and PATCH take; Frontdesk rejects unknown fields.
type connectionBody struct {
	Kind        string            `json:"kind,omitempty"`
	Name        string            `json:"name"`
	ChannelID   string            `json:"channel_id"`
	Credentials map[string]string `json:"credentials"`
	APIBaseURL  string            `json:"api_base_url"`
}

const connectionsPath = "/plugins/frontdesk/api/v1/connections"

// connect points a connection of kind at the fake API: the one of the same kind and name when it
// exists (each run gets a new port, and reusing keeps the customer's thread), else a new one.
// Frontdesk registers the webhook where the provider has registration (Telegram), so the fake must
// already be serving apiBase.
func (t frontdeskTarget) connect(ctx context.Context, hc *http.Client, kind string, creds map[string]string, apiBase string) (conn connection, reused bool, err error) {
	var list []connection
	if err := t.call(ctx, hc, http.MethodGet, connectionsPath, nil, http.StatusOK, &list); err != nil {
		return connection{}, false, err
	}
	body := connectionBody{Name: t.name, ChannelID: t.channelID, Credentials: creds, APIBaseURL: apiBase}
	for _, c := range list {
		if c.Kind == kind && c.Name == t.name {
			err := t.call(ctx, hc, http.MethodPatch, connectionsPath+"/"+url.PathEscape(c.ID), body, http.StatusOK, &conn)
			return conn, true, checkConnection(conn, err)
		}
	}
	body.Kind = kind
	err = t.call(ctx, hc, http.MethodPost, connectionsPath, body, http.StatusCreated, &conn)
	return conn, false, checkConnection(conn, err)
}

func checkConnection(c connection, err error) error {
	if err != nil {
		return err
	}
	if c.ID == "" || c.WebhookURL == "" {
		return errors.New("the answer from Frontdesk has no connection id or webhook_url (is the token a system admin's?)")
	}
	return nil
}

// call sends one API request and decodes the answer when it has the wanted status; otherwise the
// error carries Frontdesk's own message.
func (t frontdeskTarget) call(ctx context.Context, hc *http.Client, method, path string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(t.siteURL, "/")+path, body)
	if err != nil {
		return fmt.Errorf("frontdesk URL: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+t.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return apiError(method, path, resp, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: unexpected answer: %w", method, path, err)
	}
	return nil
}

func apiError(method, path string, resp *http.Response, data []byte) error {
	var e struct {
		Error   string `json:"error"`
		Message string `json:"message"`
		ID      string `json:"id"` // Mattermost's own errors, before the plugin sees the request
	}
	_ = json.Unmarshal(data, &e)
	msg := e.Message
	if msg == "" {
		msg = e.ID
	}
	hint := ""
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		hint = " (the token is not valid: make dev writes new ones each time it starts)"
	case http.StatusForbidden:
		hint = " (the token must be a system admin's)"
	case http.StatusNotFound:
		hint = " (is the Frontdesk plugin enabled at this URL?)"
	}
	return fmt.Errorf("%s %s: %s: %s%s", method, path, resp.Status, msg, hint)
}
