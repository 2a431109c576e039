package telegram

import (
	"fmt"
	"path"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// content turns a message into text and attachments. Captions stay on their attachment; locations,
// venues and shared contacts become readable text.
func content(m *message) (string, []channel.Media) {
	file := func(kind channel.MediaKind, f *fileRef, mime string) []channel.Media {
		if f.MIMEType != "" {
			mime = f.MIMEType
		}
		return []channel.Media{{Kind: kind, Ref: f.FileID, MIMEType: mime, FileName: f.FileName, Caption: m.Caption}}
	}
	switch {
	case m.Text != "":
		return m.Text, nil
	case len(m.Photo) > 0:
		// Sizes come smallest first; the last is the original resolution. Telegram re-encodes photos as JPEG.
		p := m.Photo[len(m.Photo)-1]
		return "", []channel.Media{{Kind: channel.Image, Ref: p.FileID, MIMEType: "image/jpeg", Caption: m.Caption}}
	case m.Animation != nil:
		// An animation also comes with a document copy for old clients: take the animation only.
		return "", file(channel.Video, m.Animation, "video/mp4")
	case m.Document != nil:
		return "", file(channel.File, m.Document, "application/octet-stream")
	case m.Voice != nil:
		return "", file(channel.Audio, m.Voice, "audio/ogg")
	case m.Audio != nil:
		return "", file(channel.Audio, m.Audio, "audio/mpeg")
	case m.Video != nil:
		return "", file(channel.Video, m.Video, "video/mp4")
	case m.VideoNote != nil:
		return "", file(channel.Video, m.VideoNote, "video/mp4")
	case m.Sticker != nil:
		return "", []channel.Media{stickerMedia(m.Sticker)}
	case m.Venue != nil:
		return venueText(m.Venue), nil
	case m.Location != nil:
		return "Location: " + mapLink(*m.Location), nil
	case m.Contact != nil:
		return contactText(m.Contact), nil
	}
	if kind := unsupportedKind(m); kind != "" {
		return fmt.Sprintf("[The customer sent a %s, which cannot be shown here: open Telegram to see it]", kind), nil
	}
	return "", nil
}

// stickerMedia maps a sticker to something a browser can show: static stickers are WebP; animated
// (.tgs) ones cannot be rendered, so their thumbnail stands in when there is one. Video stickers are WebM.
func stickerMedia(s *sticker) channel.Media {
	md := channel.Media{Kind: channel.Sticker, Ref: s.FileID, MIMEType: "image/webp", Caption: s.Emoji}
	switch {
	case s.IsAnimated && s.Thumbnail != nil:
		// ⚠ unverified: thumbnails are documented as WebP or JPEG; FetchMedia sniffs the real type.
		md.Ref, md.MIMEType = s.Thumbnail.FileID, ""
	case s.IsAnimated:
		md.MIMEType = "application/x-tgsticker"
	case s.IsVideo:
		md.MIMEType = "video/webm"
	}
	return md
}

func mapLink(l location) string {
	return fmt.Sprintf("%.6f, %.6f https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f", l.Latitude, l.Longitude, l.Latitude, l.Longitude)
}

func venueText(v *venue) string {
	parts := []string{}
	for _, s := range []string{v.Title, v.Address} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return "Location: " + strings.Join(append(parts, mapLink(v.Location)), ", ")
}

func contactText(c *contact) string {
	name := fullName(c.FirstName, c.LastName)
	switch {
	case name != "" && c.PhoneNumber != "":
		return "Contact: " + name + ", " + c.PhoneNumber
	case name != "":
		return "Contact: " + name
	default:
		return "Contact: " + c.PhoneNumber
	}
}

func unsupportedKind(m *message) string {
	switch {
	case m.Poll != nil:
		return "poll"
	case m.Dice != nil:
		return "dice"
	case m.Game != nil:
		return "game"
	case m.Story != nil:
		return "story"
	case m.Invoice != nil:
		return "invoice"
	}
	return ""
}

// fileNameFor picks a download's name: the one the message gave, else the server's file_path base.
func fileNameFor(m channel.Media, filePath string) string {
	if m.FileName != "" {
		return m.FileName
	}
	if filePath == "" {
		return ""
	}
	return path.Base(filePath)
}
