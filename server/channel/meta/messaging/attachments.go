package messaging

import (
	"strconv"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

type attachment struct {
	Type    string `json:"type"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Payload struct {
		URL         string     `json:"url"`
		Title       string     `json:"title"`
		StickerID   flexString `json:"sticker_id"`
		Coordinates *struct {
			Lat  float64 `json:"lat"`
			Long float64 `json:"long"`
		} `json:"coordinates"`
	} `json:"payload"`
}

func (a attachment) url() string {
	if a.Payload.URL != "" {
		return a.Payload.URL
	}
	return a.URL
}

func (a attachment) title() string {
	if a.Payload.Title != "" {
		return a.Payload.Title
	}
	return a.Title
}

// attachments maps Meta attachments to media, and to readable lines for what is not a file
// (locations, shared posts, links). legacySticker is the old top-level message.sticker_id.
func attachments(list []attachment, legacySticker bool) ([]channel.Media, []string) {
	// Sticker transition (until 2026-08-30): a sticker comes both as "sticker" and as "image";
	// keep the sticker and drop its image twin, whichever format Meta sends on the day.
	stickerURLs := map[string]bool{}
	for _, a := range list {
		if a.Type == "sticker" {
			stickerURLs[a.url()] = true
		}
	}
	var media []channel.Media
	var lines []string
	for _, a := range list {
		u := a.url()
		switch a.Type {
		case "image":
			isSticker := string(a.Payload.StickerID) != "" || (legacySticker && len(list) == 1)
			if isSticker && len(stickerURLs) > 0 || stickerURLs[u] {
				continue
			}
			kind := channel.Image
			if isSticker {
				kind = channel.Sticker
			}
			media = appendMedia(media, &lines, kind, u, "")
		case "sticker":
			media = appendMedia(media, &lines, channel.Sticker, u, "")
		case "audio":
			media = appendMedia(media, &lines, channel.Audio, u, "")
		case "video":
			media = appendMedia(media, &lines, channel.Video, u, "")
		case "file":
			media = appendMedia(media, &lines, channel.File, u, "")
		case "reel", "ig_reel":
			media = appendMedia(media, &lines, channel.Video, u, a.title())
		case "story_mention":
			// The payload does not say whether the story is a photo or a video; the core should go by
			// the downloaded content type. Story URLs expire with the story (24 h): fetch promptly.
			lines = append(lines, "Mentioned you in their story")
			media = appendMedia(media, &lines, channel.Image, u, "story")
		case "location":
			if c := a.Payload.Coordinates; c != nil {
				lat := strconv.FormatFloat(c.Lat, 'f', -1, 64)
				long := strconv.FormatFloat(c.Long, 'f', -1, 64)
				lines = append(lines, "Location: "+lat+", "+long+" https://www.openstreetmap.org/?mlat="+lat+"&mlon="+long)
			}
		case "share", "post", "ig_post", "story", "ig_story", "fallback", "template", "media":
			lines = append(lines, linkLine(sharedLabel(a.Type), a.title(), u))
		default:
			lines = append(lines, linkLine("Unsupported attachment ("+sanitizeType(a.Type)+") - open the conversation in the app", a.title(), u))
		}
	}
	return media, lines
}

func appendMedia(media []channel.Media, lines *[]string, kind channel.MediaKind, url, caption string) []channel.Media {
	if url == "" {
		*lines = append(*lines, "("+string(kind)+" without a download link - open the conversation in the app)")
		return media
	}
	return append(media, channel.Media{Kind: kind, Ref: url, Caption: caption})
}

func sharedLabel(typ string) string {
	switch typ {
	case "share", "post", "ig_post":
		return "Shared a post"
	case "story", "ig_story":
		return "Shared a story"
	case "fallback":
		return "Shared a link"
	default:
		return "Shared content"
	}
}

func linkLine(label, title, url string) string {
	parts := []string{label}
	if title != "" {
		parts = append(parts, title)
	}
	if url != "" {
		parts = append(parts, url)
	}
	return strings.Join(parts, ": ")
}

// sanitizeType keeps an unknown type name short and printable in the rendered line.
func sanitizeType(t string) string {
	if len(t) > 32 {
		t = t[:32]
	}
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, t)
}
