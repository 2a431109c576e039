package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SecretHeader is where Telegram puts the webhook's secret_token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Delivery is one webhook POST as Telegram sends it: one JSON Update.
type Delivery struct {
	UpdateID int64
	ChatID   int64
	// MessageID is the Telegram message_id the update is about (the new message, or the edited or
	// reacted-to one).
	MessageID int64
	Body      []byte
}

// Header returns the headers Telegram sends with the delivery.
func (d Delivery) Header(secret string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	if secret != "" {
		h.Set(SecretHeader, secret)
	}
	return h
}

// Request builds the POST Telegram would make to webhookURL.
func (d Delivery) Request(ctx context.Context, webhookURL, secret string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(d.Body))
	if err != nil {
		return nil, err
	}
	req.Header = d.Header(secret)
	return req, nil
}

// Post sends the delivery to webhookURL and returns the HTTP status the webhook answered.
func (d Delivery) Post(ctx context.Context, hc *http.Client, webhookURL, secret string) (int, error) {
	req, err := d.Request(ctx, webhookURL, secret)
	if err != nil {
		return 0, err
	}
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second} // Telegram waits up to 60 s for an answer
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("posting update %d: %w", d.UpdateID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// Text is a customer's text message in their private chat with the bot.
func (s *Server) Text(u User, text string) Delivery {
	return s.message(u, map[string]any{"text": text})
}

// Photo is a customer's photo: Telegram sends several sizes, smallest first; the last is the file.
func (s *Server) Photo(u User, data []byte, caption string) Delivery {
	s.mu.Lock()
	thumb := s.addFileLocked(data[:min(len(data), 64)], "thumb.jpg")
	full := s.addFileLocked(data, "photo.jpg")
	s.mu.Unlock()
	return s.message(u, withCaption(map[string]any{"photo": []any{
		map[string]any{"file_id": thumb, "file_unique_id": "u" + thumb, "width": 90, "height": 90, "file_size": min(len(data), 64)},
		map[string]any{"file_id": full, "file_unique_id": "u" + full, "width": 1280, "height": 960, "file_size": len(data)},
	}}, caption))
}

// Document is a customer's file.
func (s *Server) Document(u User, data []byte, fileName, mimeType, caption string) Delivery {
	return s.message(u, withCaption(map[string]any{"document": s.fileJSON(data, fileName, mimeType)}, caption))
}

// Voice is a customer's voice note (OGG/Opus).
func (s *Server) Voice(u User, data []byte) Delivery {
	f := s.fileJSON(data, "voice.oga", "audio/ogg")
	delete(f, "file_name") // voice notes have no name
	f["duration"] = 3
	return s.message(u, map[string]any{"voice": f})
}

// Audio is a customer's music file.
func (s *Server) Audio(u User, data []byte, fileName, mimeType string) Delivery {
	f := s.fileJSON(data, fileName, mimeType)
	f["duration"] = 120
	return s.message(u, map[string]any{"audio": f})
}

// Video is a customer's video.
func (s *Server) Video(u User, data []byte, caption string) Delivery {
	f := s.fileJSON(data, "video.mp4", "video/mp4")
	f["duration"], f["width"], f["height"] = 5, 640, 360
	return s.message(u, withCaption(map[string]any{"video": f}, caption))
}

// VideoNote is a customer's round video message.
func (s *Server) VideoNote(u User, data []byte) Delivery {
	f := s.fileJSON(data, "video_note.mp4", "")
	delete(f, "file_name")
	delete(f, "mime_type")
	f["duration"], f["length"] = 4, 240
	return s.message(u, map[string]any{"video_note": f})
}

// Sticker is a customer's static (WebP) sticker.
func (s *Server) Sticker(u User, data []byte, emoji string) Delivery {
	f := s.fileJSON(data, "sticker.webp", "")
	delete(f, "file_name")
	delete(f, "mime_type")
	f["type"], f["emoji"], f["is_animated"], f["is_video"], f["width"], f["height"] = "regular", emoji, false, false, 512, 512
	return s.message(u, map[string]any{"sticker": f})
}

// Location is a customer's shared location.
func (s *Server) Location(u User, lat, lon float64) Delivery {
	return s.message(u, map[string]any{"location": map[string]any{"latitude": lat, "longitude": lon}})
}

// Contact is a contact card the customer shared.
func (s *Server) Contact(u User, phone, firstName, lastName string) Delivery {
	c := map[string]any{"phone_number": phone, "first_name": firstName}
	if lastName != "" {
		c["last_name"] = lastName
	}
	return s.message(u, map[string]any{"contact": c})
}

// Edit is the customer editing the text of their earlier message (an edited_message update).
func (s *Server) Edit(u User, messageID int64, text string) Delivery {
	now := s.clock().Unix()
	msg := map[string]any{"message_id": messageID, "date": now - 60, "edit_date": now,
		"from": userJSON(u), "chat": chatJSON(u), "text": text}
	return s.update(u, messageID, map[string]any{"edited_message": msg})
}

// Reaction is the customer setting an emoji reaction on a message (empty emoji removes theirs).
func (s *Server) Reaction(u User, messageID int64, emoji string) Delivery {
	key := [2]int64{u.ID, messageID}
	s.mu.Lock()
	old := s.reactions[key]
	s.reactions[key] = emoji
	s.mu.Unlock()
	list := func(e string) []any {
		if e == "" {
			return []any{}
		}
		return []any{map[string]any{"type": "emoji", "emoji": e}}
	}
	r := map[string]any{"chat": chatJSON(u), "message_id": messageID, "user": userJSON(u),
		"date": s.clock().Unix(), "old_reaction": list(old), "new_reaction": list(emoji)}
	return s.update(u, messageID, map[string]any{"message_reaction": r})
}

// CustomerBlocks is the customer blocking the bot (or unblocking it): from now on sends to them
// fail with 403 (or work again), and Telegram sends the bot this my_chat_member update.
func (s *Server) CustomerBlocks(u User, blocked bool) Delivery {
	s.mu.Lock()
	s.addUserLocked(u)
	s.mu.Unlock()
	s.Block(u.ID, blocked)
	was, is := "member", "kicked"
	if !blocked {
		was, is = is, was
	}
	bot := map[string]any{"id": s.creds.BotID(), "is_bot": true, "first_name": "Test bot", "username": s.creds.BotUsername}
	m := map[string]any{"chat": chatJSON(u), "from": userJSON(u), "date": s.clock().Unix(),
		"old_chat_member": map[string]any{"status": was, "user": bot},
		"new_chat_member": map[string]any{"status": is, "user": bot}}
	return s.update(u, 0, map[string]any{"my_chat_member": m})
}

func withCaption(m map[string]any, caption string) map[string]any {
	if caption != "" {
		m["caption"] = caption
	}
	return m
}

func (s *Server) fileJSON(data []byte, fileName, mimeType string) map[string]any {
	id := s.AddFile(data, fileName)
	f := map[string]any{"file_id": id, "file_unique_id": "u" + id, "file_size": len(data)}
	if fileName != "" {
		f["file_name"] = fileName
	}
	if mimeType != "" {
		f["mime_type"] = mimeType
	}
	return f
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// message wraps content in a new message of the user's private chat; the user becomes known.
func (s *Server) message(u User, content map[string]any) Delivery {
	s.mu.Lock()
	s.addUserLocked(u)
	id := s.nextMessageIDLocked(u.ID)
	now := s.now().Unix()
	s.mu.Unlock()
	content["message_id"] = id
	content["date"] = now
	content["from"] = userJSON(u)
	content["chat"] = chatJSON(u)
	return s.update(u, id, map[string]any{"message": content})
}

func (s *Server) update(u User, messageID int64, body map[string]any) Delivery {
	s.mu.Lock()
	s.nextUpdate++
	id := s.nextUpdate
	s.mu.Unlock()
	body["update_id"] = id
	b, err := json.Marshal(body)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: encoding update: %v", err)) // only plain maps are encoded
	}
	return Delivery{UpdateID: id, ChatID: u.ID, MessageID: messageID, Body: b}
}
