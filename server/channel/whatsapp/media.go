package whatsapp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// uploadLimits are the Cloud API's per-type size limits (docs/providers/reference.md §5.4); checked before uploading
// so an oversized file fails at once instead of after a long upload.
var uploadLimits = map[string]int{
	"image":    5 << 20,
	"audio":    16 << 20,
	"video":    16 << 20,
	"document": 100 << 20,
	"sticker":  500 << 10,
}

func outKind(k channel.MediaKind) string {
	switch k {
	case channel.Image:
		return "image"
	case channel.Audio:
		return "audio"
	case channel.Video:
		return "video"
	case channel.Sticker:
		return "sticker"
	default:
		return "document" // anything else is sent as a file
	}
}

func captioned(kind string) bool {
	return kind == "image" || kind == "video" || kind == "document"
}

func setMedia(req *sendRequest, kind string, obj *outMedia) {
	switch kind {
	case "image":
		req.Image = obj
	case "audio":
		req.Audio = obj
	case "video":
		req.Video = obj
	case "sticker":
		req.Sticker = obj
	default:
		req.Document = obj
	}
}

// mediaObject uploads the bytes (POST /<phone_number_id>/media) or passes the link for WhatsApp to fetch.
func (a *Adapter) mediaObject(ctx context.Context, kind string, m *channel.OutboundMedia) (*outMedia, error) {
	obj := &outMedia{}
	if kind == "document" {
		obj.Filename = m.FileName
	}
	switch {
	case len(m.Data) > 0:
		if limit := uploadLimits[kind]; len(m.Data) > limit {
			return nil, &channel.Error{Class: channel.ClassPermanent, Code: "media_too_large",
				Reason: fmt.Sprintf("%s of %d bytes is over WhatsApp's %d-byte limit", kind, len(m.Data), limit)}
		}
		id, err := a.upload(ctx, m)
		if err != nil {
			return nil, err
		}
		obj.ID = id
	case m.URL != "":
		u, err := url.Parse(m.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, &channel.Error{Class: channel.ClassPermanent, Reason: "media link is not an http(s) URL"}
		}
		obj.Link = m.URL
	default:
		return nil, &channel.Error{Class: channel.ClassPermanent, Reason: "media has neither data nor URL"}
	}
	return obj, nil
}

// upload sends the file as multipart form data and returns the media id.
func (a *Adapter) upload(ctx context.Context, m *channel.OutboundMedia) (string, error) {
	mimeType := m.MIMEType
	if mimeType == "" {
		mimeType = http.DetectContentType(m.Data)
	}
	if mt, _, err := mime.ParseMediaType(mimeType); err == nil {
		mimeType = mt // the API wants the bare type, e.g. "audio/ogg", not "audio/ogg; codecs=opus"
	}
	name := m.FileName
	if name == "" {
		name = "file"
		if exts, _ := mime.ExtensionsByType(mimeType); len(exts) > 0 {
			name += exts[0]
		}
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("messaging_product", "whatsapp")
	_ = w.WriteField("type", mimeType)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", mimeType)
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(m.Data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return "", &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode upload", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.graph.BaseURL+"/"+a.phoneNumberID+"/media", &body)
	if err != nil {
		return "", &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build upload request", Err: err}
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	var out struct {
		ID string `json:"id"`
	}
	if err := a.graph.DoRequest(req, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", &channel.Error{Class: channel.ClassRetryable, Reason: "upload answered without a media id"}
	}
	return out.ID, nil
}

// mediaInfo is the answer of GET /<media_id>.
type mediaInfo struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	FileSize int64  `json:"file_size"`
	ID       string `json:"id"`
}

// FetchMedia resolves the media id to a short-lived URL (valid minutes), then downloads it with the
// same bearer token. Media ids from webhooks expire after 7 days; an expired id is a permanent error.
func (a *Adapter) FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error) {
	if m.Ref == "" || strings.ContainsAny(m.Ref, "/?#") {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Reason: "invalid media id"}
	}
	var info mediaInfo
	if err := a.graph.Do(ctx, http.MethodGet, "/"+url.PathEscape(m.Ref), nil, nil, &info); err != nil {
		return channel.Download{}, err
	}
	if info.FileSize > a.maxMedia {
		return channel.Download{}, tooLarge(info.FileSize, a.maxMedia)
	}
	u, err := url.Parse(info.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "media answer without a usable URL"}
	}
	data, ctype, err := a.download(ctx, info.URL)
	if err != nil {
		return channel.Download{}, err
	}
	if info.SHA256 != "" {
		sum := sha256.Sum256(data)
		if !strings.EqualFold(hex.EncodeToString(sum[:]), info.SHA256) {
			return channel.Download{}, &channel.Error{Class: channel.ClassRetryable, Reason: "media checksum mismatch"}
		}
	}
	d := channel.Download{Data: data, MIMEType: info.MIMEType, FileName: m.FileName}
	if d.MIMEType == "" {
		d.MIMEType = ctype
	}
	if d.MIMEType == "" {
		d.MIMEType = m.MIMEType
	}
	if d.FileName == "" {
		d.FileName = "whatsapp-" + m.Ref
		if mt, _, err := mime.ParseMediaType(d.MIMEType); err == nil {
			if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
				d.FileName += exts[0]
			}
		}
	}
	return d, nil
}

func (a *Adapter) download(ctx context.Context, rawURL string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build download request", Err: err}
	}
	// Without the bearer header the media host answers an error page, not the file.
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Reason: "media host unreachable", Err: err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, "", &channel.Error{Class: channel.ClassSyncLost, Code: "401", Reason: "media download refused the access token"}
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden:
		// The short-lived URL expired or the file is gone; a new lookup may work.
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Code: fmt.Sprint(resp.StatusCode), Reason: "media URL expired or missing"}
	case resp.StatusCode >= 300:
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Code: fmt.Sprint(resp.StatusCode), Reason: "media download failed"}
	}
	if resp.ContentLength > a.maxMedia {
		return nil, "", tooLarge(resp.ContentLength, a.maxMedia)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, a.maxMedia+1))
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Reason: "media download interrupted", Err: err}
	}
	if int64(len(data)) > a.maxMedia {
		return nil, "", tooLarge(int64(len(data)), a.maxMedia)
	}
	return data, resp.Header.Get("Content-Type"), nil
}

func tooLarge(size, limit int64) *channel.Error {
	return &channel.Error{Class: channel.ClassPermanent, Code: "media_too_large",
		Reason: fmt.Sprintf("attachment of %d bytes is over the %d-byte limit", size, limit)}
}
