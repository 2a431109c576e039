package relay

import "testing"

func TestEmojiName(t *testing.T) {
	for in, want := range map[string]string{
		"👍":  "+1",
		"👍🏽": "+1", // skin tone
		"❤️": "heart",
		"❤":  "heart",
		"🦄":  "", // no mapping: kept in the prop only
		"":   "",
	} {
		if got := emojiName(in); got != want {
			t.Errorf("emojiName(%q) = %q, want %q", in, got, want)
		}
	}
}
