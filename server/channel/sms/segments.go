package sms

import (
	"strings"
	"unicode/utf16"
)

// GSM 03.38 default alphabet and its extension table (each extension character takes two septets).
const (
	gsmBasic     = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "^{}\\[~]|€\f"
)

// Segments estimates how many SMS segments Twilio bills for text (providers.md §7.5): GSM-7 text
// fits 160 septets in one segment and 153 per segment when split; anything else is sent as UCS-2,
// 70 UTF-16 units in one segment and 67 when split. It is an estimate for a counter in the UI:
// carriers may split differently around two-septet characters.
func Segments(text string) int {
	if text == "" {
		return 0
	}
	septets, gsm := 0, true
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			septets++
		case strings.ContainsRune(gsmExtension, r):
			septets += 2
		default:
			gsm = false
		}
	}
	if gsm {
		return split(septets, 160, 153)
	}
	return split(len(utf16.Encode([]rune(text))), 70, 67)
}

func split(n, single, multi int) int {
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}
