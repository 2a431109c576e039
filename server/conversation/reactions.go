package conversation

import "strings"

// emojiNames maps the emoji customers react with most to Mattermost's emoji names, so that a
// customer's reaction shows as a real reaction on the post in every client. Others stay in the
// post's frontdesk_reaction prop.
var emojiNames = map[string]string{
	"👍": "+1", "👎": "-1", "❤": "heart", "😂": "joy", "😮": "open_mouth", "😢": "cry", "🙏": "pray",
	"🔥": "fire", "🎉": "tada", "😍": "heart_eyes", "😡": "rage", "😠": "angry", "👏": "clap", "😀": "grinning",
	"😁": "grin", "😆": "laughing", "😊": "blush", "🙂": "slightly_smiling_face", "👌": "ok_hand", "✅": "white_check_mark",
	"🤔": "thinking_face", "😱": "scream", "🥰": "smiling_face_with_3_hearts", "😘": "kissing_heart", "💯": "100",
	"🤝": "handshake", "👋": "wave", "😉": "wink",
}

// emojiName is the Mattermost name of a reaction emoji ("" when unknown). Variation selectors and
// skin tones do not change the name.
func emojiName(emoji string) string {
	e := strings.Map(func(r rune) rune {
		if r == 0xFE0F || (r >= 0x1F3FB && r <= 0x1F3FF) {
			return -1
		}
		return r
	}, emoji)
	return emojiNames[e]
}
