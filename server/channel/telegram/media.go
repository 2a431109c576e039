package telegram

import (
	"context"
	"net/http"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// BotAPIFileLimit is what getFile serves on the public Bot API: bigger files fail there with a
// permanent 400 ("file is too big"); a self-hosted Bot API server has no such limit.
const BotAPIFileLimit = 20 << 20

// FetchMedia implements channel.Adapter: getFile, then a download from the file endpoint, which
// carries the token in its URL and so is never handed to browsers.
func (a *Adapter) FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error) {
	if m.Ref == "" {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Reason: "attachment has no file_id"}
	}
	var f fileInfo
	if err := a.api.call(ctx, "getFile", map[string]any{"file_id": m.Ref}, &f); err != nil {
		return channel.Download{}, err
	}
	if f.FileSize > a.maxMedia {
		return channel.Download{}, tooBig(a.maxMedia)
	}
	if f.FilePath == "" {
		return channel.Download{}, &channel.Error{Class: channel.ClassPermanent, Reason: "Telegram gave no file path"}
	}
	data, ctype, err := a.api.download(ctx, f.FilePath, a.maxMedia)
	if err != nil {
		return channel.Download{}, err
	}
	// getFile does not keep the original type; the message's mime_type is better than the file
	// server's generic answer.
	mime := m.MIMEType
	if mime == "" {
		mime = ctype
	}
	if mime == "" || strings.HasPrefix(mime, "application/octet-stream") {
		mime = http.DetectContentType(data)
	}
	return channel.Download{Data: data, MIMEType: mime, FileName: fileNameFor(m, f.FilePath)}, nil
}
