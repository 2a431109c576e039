package telegramtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// mediaFields maps each send method to its file parameter.
var mediaFields = map[string]string{
	"sendPhoto":     "photo",
	"sendDocument":  "document",
	"sendVoice":     "voice",
	"sendAudio":     "audio",
	"sendVideo":     "video",
	"sendAnimation": "animation",
	"sendVideoNote": "video_note",
	"sendSticker":   "sticker",
}

// getFileLimit is the public Bot API's getFile limit.
const getFileLimit = 20 << 20

func (s *Server) run(call *Call) (int, any, *Sent) {
	p := call.Params
	switch call.Method {
	case "getMe":
		return http.StatusOK, map[string]any{"id": s.creds.BotID(), "is_bot": true,
			"first_name": "Test bot", "username": s.creds.BotUsername}, nil
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		s.mu.Lock()
		s.hook = webhook{}
		s.mu.Unlock()
		return http.StatusOK, true, nil
	case "getWebhookInfo":
		s.mu.Lock()
		h := s.hook
		s.mu.Unlock()
		return http.StatusOK, map[string]any{"url": h.url, "has_custom_certificate": false,
			"pending_update_count": 0, "allowed_updates": h.allowed}, nil
	case "sendMessage":
		return s.send(call, "")
	case "sendChatAction":
		if p["action"] == "" {
			return fail(http.StatusBadRequest, "Bad Request: action is empty")
		}
		if st, f := s.checkChat(p["chat_id"]); st != http.StatusOK {
			return fail(st, f)
		}
		return http.StatusOK, true, nil
	case "editMessageText":
		return s.editText(p)
	case "deleteMessage":
		return s.deleteMessage(p)
	case "getFile":
		return s.getFile(p["file_id"])
	case "getChat":
		return s.getChat(p["chat_id"])
	}
	if field, ok := mediaFields[call.Method]; ok {
		return s.send(call, field)
	}
	return fail(http.StatusNotFound, "Not Found")
}

func (s *Server) setWebhook(p map[string]string) (int, any, *Sent) {
	secret := p["secret_token"]
	if len(secret) > 256 || strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		return fail(http.StatusBadRequest, "Bad Request: secret token contains unallowed characters")
	}
	var allowed []string
	if v := p["allowed_updates"]; v != "" {
		if err := json.Unmarshal([]byte(v), &allowed); err != nil {
			return fail(http.StatusBadRequest, "Bad Request: can't parse allowed updates JSON array")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if allowed == nil {
		allowed = s.hook.allowed // kept from the previous call when omitted
	}
	s.hook = webhook{url: p["url"], secret: secret, allowed: allowed}
	return http.StatusOK, true, nil
}

// checkChat answers as Telegram does for a chat the bot cannot write to.
func (s *Server) checkChat(chatID string) (int, string) {
	id, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return http.StatusBadRequest, "Bad Request: chat not found"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[id]
	switch {
	case !ok:
		return http.StatusBadRequest, "Bad Request: chat not found"
	case c.blocked:
		return http.StatusForbidden, "Forbidden: bot was blocked by the user"
	}
	return http.StatusOK, ""
}

func (s *Server) send(call *Call, field string) (int, any, *Sent) {
	p := call.Params
	if st, f := s.checkChat(p["chat_id"]); st != http.StatusOK {
		return fail(st, f)
	}
	chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
	sent := Sent{ChatID: chatID, Method: call.Method, MediaType: field}
	if field == "" {
		sent.Text = p["text"]
		switch n := utf16Len(sent.Text); {
		case strings.TrimSpace(sent.Text) == "":
			return fail(http.StatusBadRequest, "Bad Request: message text is empty")
		case n > 4096:
			return fail(http.StatusBadRequest, "Bad Request: message is too long")
		}
		if p["parse_mode"] != "" {
			return fail(http.StatusBadRequest, "Bad Request: the fake expects plain text without parse_mode")
		}
	} else {
		sent.Text = p["caption"]
		if utf16Len(sent.Text) > 1024 {
			return fail(http.StatusBadRequest, "Bad Request: message caption is too long")
		}
		switch {
		case call.Upload != nil && call.Upload.Field == field:
			sent.Data, sent.FileName = call.Upload.Data, call.Upload.FileName
		case p[field] != "":
			sent.URL = p[field]
		default:
			return fail(http.StatusBadRequest, "Bad Request: there is no "+field+" in the request")
		}
	}
	if rp := p["reply_parameters"]; rp != "" {
		var r struct {
			MessageID int64 `json:"message_id"`
		}
		if err := json.Unmarshal([]byte(rp), &r); err != nil {
			return fail(http.StatusBadRequest, "Bad Request: can't parse reply parameters JSON object")
		}
		sent.ReplyTo = r.MessageID
	}
	s.mu.Lock()
	sent.MessageID = s.nextMessageIDLocked(chatID)
	sent.Date = s.now().UTC().Truncate(1e9)
	s.sent = append(s.sent, sent)
	u := s.chats[chatID].user
	s.mu.Unlock()
	return http.StatusOK, s.messageJSON(sent, u), &sent
}

// StartIDsAfter makes every id the fake hands out from now on greater than n, so that a fake
// started again (the simulator) does not reuse the ids an earlier run gave the same connection.
func (s *Server) StartIDsAfter(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idBase = max(s.idBase, n)
	s.nextUpdate = max(s.nextUpdate, n)
}

func (s *Server) nextMessageIDLocked(chatID int64) int64 {
	s.nextMsg[chatID] = max(s.nextMsg[chatID], s.idBase) + 1
	return s.nextMsg[chatID]
}

func (s *Server) messageJSON(m Sent, u User) map[string]any {
	out := map[string]any{
		"message_id": m.MessageID,
		"date":       m.Date.Unix(),
		"from":       map[string]any{"id": s.creds.BotID(), "is_bot": true, "first_name": "Test bot", "username": s.creds.BotUsername},
		"chat":       chatJSON(u),
	}
	if m.MediaType == "" {
		out["text"] = m.Text
	} else {
		out[m.MediaType] = map[string]any{"file_id": "sent-" + strconv.FormatInt(m.MessageID, 10)}
		if m.Text != "" {
			out["caption"] = m.Text
		}
	}
	return out
}

// findSentLocked returns the bot's message with this id in the chat, or nil.
func (s *Server) findSentLocked(chatID, msgID int64) *Sent {
	for i := range s.sent {
		if m := &s.sent[i]; m.ChatID == chatID && m.MessageID == msgID && !m.Deleted {
			return m
		}
	}
	return nil
}

func (s *Server) editText(p map[string]string) (int, any, *Sent) {
	chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
	msgID, _ := strconv.ParseInt(p["message_id"], 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findSentLocked(chatID, msgID)
	switch {
	case m == nil:
		return fail(http.StatusBadRequest, "Bad Request: message to edit not found")
	case m.MediaType != "":
		return fail(http.StatusBadRequest, "Bad Request: there is no text in the message to edit")
	case m.Text == p["text"]:
		return fail(http.StatusBadRequest, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	case utf16Len(p["text"]) > 4096:
		return fail(http.StatusBadRequest, "Bad Request: message is too long")
	}
	m.Text, m.Edited = p["text"], true
	out := *m
	return http.StatusOK, s.messageJSON(out, s.chats[chatID].user), &out
}

func (s *Server) deleteMessage(p map[string]string) (int, any, *Sent) {
	chatID, _ := strconv.ParseInt(p["chat_id"], 10, 64)
	msgID, _ := strconv.ParseInt(p["message_id"], 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.findSentLocked(chatID, msgID)
	if m == nil {
		return fail(http.StatusBadRequest, "Bad Request: message to delete not found")
	}
	m.Deleted = true
	out := *m
	return http.StatusOK, true, &out
}

func (s *Server) getFile(fileID string) (int, any, *Sent) {
	s.mu.Lock()
	f, ok := s.files[fileID]
	s.mu.Unlock()
	switch {
	case !ok:
		return fail(http.StatusBadRequest, "Bad Request: invalid file_id")
	case len(f.data) > getFileLimit:
		return fail(http.StatusBadRequest, "Bad Request: file is too big")
	}
	return http.StatusOK, map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID,
		"file_size": len(f.data), "file_path": f.path}, nil
}

func (s *Server) getChat(chatID string) (int, any, *Sent) {
	id, _ := strconv.ParseInt(chatID, 10, 64)
	s.mu.Lock()
	c, ok := s.chats[id]
	s.mu.Unlock()
	if !ok {
		return fail(http.StatusBadRequest, "Bad Request: chat not found")
	}
	out := chatJSON(c.user)
	out["accent_color_id"] = 0
	out["max_reaction_count"] = 11
	return http.StatusOK, out, nil
}

func chatJSON(u User) map[string]any {
	c := map[string]any{"id": u.ID, "type": "private", "first_name": u.FirstName}
	if u.LastName != "" {
		c["last_name"] = u.LastName
	}
	if u.Username != "" {
		c["username"] = u.Username
	}
	return c
}

func userJSON(u User) map[string]any {
	m := chatJSON(u)
	delete(m, "type")
	m["is_bot"] = false
	m["language_code"] = "en"
	return m
}
