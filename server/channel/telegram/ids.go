package telegram

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Message ids.
//
// A Telegram message_id is unique only inside its chat, so a message's id is "<chat_id>:<message_id>".
// That pair, not update_id, is the dedupe key of messages: it names the message itself (replies,
// edits and reactions refer to it, and sends return it), while update_id names one delivery and is
// chosen at random again after a week without updates. Edits and reactions are events about a message,
// so their ids add the update_id, which Telegram keeps across re-sends of the same update: two edits
// within the same second stay distinct, and a re-sent edit is still a duplicate.

func messageID(chatID, msgID int64) channel.MessageID {
	return channel.MessageID(strconv.FormatInt(chatID, 10) + ":" + strconv.FormatInt(msgID, 10))
}

func eventID(chatID, msgID int64, what string, updateID int64) channel.MessageID {
	return channel.MessageID(fmt.Sprintf("%d:%d:%s:%d", chatID, msgID, what, updateID))
}

// parseMessageID splits "<chat_id>:<message_id>" as made by messageID.
func parseMessageID(id channel.MessageID) (chatID, msgID int64, err error) {
	c, m, ok := strings.Cut(string(id), ":")
	if !ok {
		return 0, 0, fmt.Errorf("telegram: message id %q is not <chat_id>:<message_id>", id)
	}
	if chatID, err = strconv.ParseInt(c, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("telegram: message id %q: bad chat id", id)
	}
	if msgID, err = strconv.ParseInt(m, 10, 64); err != nil || msgID <= 0 {
		return 0, 0, fmt.Errorf("telegram: message id %q: bad message id", id)
	}
	return chatID, msgID, nil
}

// parseChatID reads a customer id, which is the private chat's id.
func parseChatID(id channel.CustomerID) (int64, error) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("telegram: customer id %q is not a chat id", id)
	}
	return n, nil
}

// targetMessage resolves the message_id of a business message in the chat with `to`.
func targetMessage(to channel.CustomerID, id channel.MessageID) (chatID, msgID int64, err error) {
	chatID, err = parseChatID(to)
	if err != nil {
		return 0, 0, err
	}
	c, m, err := parseMessageID(id)
	if err != nil {
		return 0, 0, err
	}
	if c != chatID {
		return 0, 0, fmt.Errorf("telegram: message %q is not in the chat with %q", id, to)
	}
	return chatID, m, nil
}
