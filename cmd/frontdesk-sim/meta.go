package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// metaVerifyRequest is the GET Meta sends when an admin saves the callback URL and verify token in
// the app dashboard (WhatsApp, Messenger and Instagram alike); the endpoint must answer the challenge.
func metaVerifyRequest(ctx context.Context, webhook, verifyToken string) (*http.Request, string, error) {
	if webhook == "" || verifyToken == "" {
		return nil, "", errors.New("verification needs the webhook URL and the verify token")
	}
	u, err := url.Parse(webhook)
	if err != nil {
		return nil, "", fmt.Errorf("webhook URL: %w", err)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	challenge := hex.EncodeToString(b)
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.verify_token", verifyToken)
	q.Set("hub.challenge", challenge)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	return req, challenge, nil
}

// metaPost is a signed delivery (body and headers from a fake's builder) as a POST to the webhook.
func metaPost(ctx context.Context, webhook string, body []byte, header http.Header) (*http.Request, error) {
	if webhook == "" {
		return nil, errNoWebhook
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header.Clone()
	return req, nil
}
