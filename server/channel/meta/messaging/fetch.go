package messaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/publicnet"
)

// Fetch downloads an attachment from its signed CDN URL. The URL carries its own signature, so no
// token is sent (it must not leak to a CDN). Expired signatures answer 403 and will not come back,
// so 4xx is permanent; 429 and 5xx are worth a retry. The URL comes from the customer's side: hc
// must be a publicnet client, and a URL (or a redirect) to a non-public address is permanent.
func Fetch(ctx context.Context, hc *http.Client, m channel.Media, maxBytes int64) (channel.Download, error) {
	if maxBytes <= 0 {
		maxBytes = channel.DefaultMaxMediaBytes
	}
	u, err := url.Parse(m.Ref)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Code: "bad_media_ref", Reason: "attachment reference is not a URL"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: err}
	}
	resp, err := hc.Do(req)
	if errors.Is(err, publicnet.ErrBlocked) {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Code: "media_host_not_public",
			Reason: "the attachment's address is not on the public internet", Err: err}
	}
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "media host unreachable", Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e := &channel.Error{Class: channel.ClassPermanent, Code: fmt.Sprint(resp.StatusCode),
			Reason: "media download failed: " + http.StatusText(resp.StatusCode)}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			e.Class = channel.ClassRetryable
			e.RetryAfter = channel.RetryAfter(resp.Header)
		}
		return channel.Download{}, e
	}
	if resp.ContentLength > maxBytes {
		return channel.Download{}, tooLarge(maxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "reading media", Err: err}
	}
	if int64(len(data)) > maxBytes {
		return channel.Download{}, tooLarge(maxBytes)
	}
	d := channel.Download{Data: data, MIMEType: resp.Header.Get("Content-Type"), FileName: m.FileName}
	if mt, _, err := mime.ParseMediaType(d.MIMEType); err == nil {
		d.MIMEType = mt
	}
	if d.MIMEType == "" {
		d.MIMEType = m.MIMEType
	}
	if d.FileName == "" {
		d.FileName = fileName(resp.Header.Get("Content-Disposition"), u.Path)
	}
	return d, nil
}

func tooLarge(limit int64) *channel.Error {
	return &channel.Error{Class: channel.ClassPermanent, Code: "media_too_large",
		Reason: fmt.Sprintf("attachment exceeds %d bytes", limit)}
}

// fileName prefers the server's Content-Disposition, then the last URL segment when it looks like a
// file name (Messenger file URLs end in the original name).
func fileName(disposition, urlPath string) string {
	if _, params, err := mime.ParseMediaType(disposition); err == nil && params["filename"] != "" {
		return path.Base(params["filename"])
	}
	base := path.Base(urlPath)
	if strings.Contains(base, ".") && base != "." && base != "/" {
		return base
	}
	return ""
}
