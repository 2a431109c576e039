package sms

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// FetchMedia implements channel.Adapter. Twilio enforces Basic auth on media URLs and answers with a
// redirect to its storage; Go's client drops the Authorization header when a redirect leaves the
// host, so the credentials only ever go to Twilio's API host.
func (a *Adapter) FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error) {
	u, err := url.Parse(m.Ref)
	if err != nil || !a.trustedMediaHost(u) {
		// Never send the Auth Token to a host that is not Twilio's.
		return channel.Download{}, permanent("media URL is not on the Twilio API host")
	}
	ctx, cancel := context.WithTimeout(ctx, 2*callTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: err}
	}
	req.SetBasicAuth(a.accountSID, a.authToken)
	resp, err := a.client.http.Do(req)
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "Twilio unreachable", Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
		e := classify(resp.StatusCode, resp.Header, data)
		if resp.StatusCode == http.StatusNotFound {
			e.Reason = "the media was deleted from Twilio or never existed"
		}
		return channel.Download{}, e
	}
	if resp.ContentLength > a.maxMedia {
		return channel.Download{}, tooLarge(a.maxMedia)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, a.maxMedia+1))
	if err != nil {
		return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "reading media", Err: err}
	}
	if int64(len(data)) > a.maxMedia {
		return channel.Download{}, tooLarge(a.maxMedia)
	}
	mt := m.MIMEType
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if parsed, _, err := mime.ParseMediaType(ct); err == nil && parsed != "application/octet-stream" {
			mt = parsed
		}
	}
	name := m.FileName
	if name == "" {
		name = fileName(m.Ref, mt)
	}
	return channel.Download{Data: data, MIMEType: mt, FileName: name}, nil
}

// trustedMediaHost accepts the configured API host and, over https, Twilio's own hosts.
func (a *Adapter) trustedMediaHost(u *url.URL) bool {
	if u.Scheme == a.baseURL.Scheme && u.Host == a.baseURL.Host {
		return true
	}
	host := strings.ToLower(u.Hostname())
	return u.Scheme == "https" && (host == "api.twilio.com" || strings.HasSuffix(host, ".twilio.com"))
}

func tooLarge(limit int64) *channel.Error {
	return permanent(fmt.Sprintf("attachment is larger than the %d-byte limit", limit))
}

// extensions of the types Twilio accepts for MMS, kept here so names do not depend on the host's
// mime tables.
var extensions = map[string]string{
	"image/jpeg":       ".jpg",
	"image/png":        ".png",
	"image/gif":        ".gif",
	"image/webp":       ".webp",
	"image/bmp":        ".bmp",
	"image/tiff":       ".tiff",
	"audio/mpeg":       ".mp3",
	"audio/mp4":        ".m4a",
	"audio/ogg":        ".ogg",
	"audio/amr":        ".amr",
	"audio/wav":        ".wav",
	"audio/3gpp":       ".3gp",
	"video/mp4":        ".mp4",
	"video/3gpp":       ".3gp",
	"video/quicktime":  ".mov",
	"video/mpeg":       ".mpeg",
	"video/webm":       ".webm",
	"application/pdf":  ".pdf",
	"text/vcard":       ".vcf",
	"text/x-vcard":     ".vcf",
	"text/calendar":    ".ics",
	"text/plain":       ".txt",
	"application/json": ".json",
}

func extension(mimeType string) string {
	return extensions[mimeType]
}
