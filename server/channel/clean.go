package channel

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes text from outside storable: a NUL character, which PostgreSQL refuses in text and
// jsonb, is dropped, and invalid UTF-8 becomes U+FFFD. One poisoned message must not fail its
// claim, or the provider retries the whole delivery forever.
func CleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}

// Clean applies CleanText to every text of the event: ids, names and texts all end up in text or
// jsonb columns.
func (ev *Event) Clean() {
	c := CleanText
	ev.MessageID, ev.ReplyTo, ev.TargetID = MessageID(c(string(ev.MessageID))), MessageID(c(string(ev.ReplyTo))), MessageID(c(string(ev.TargetID)))
	cu := &ev.Customer
	cu.ID, cu.AltID = CustomerID(c(string(cu.ID))), CustomerID(c(string(cu.AltID)))
	cu.Name, cu.Phone, cu.Username = c(cu.Name), c(cu.Phone), c(cu.Username)
	ev.Account.ID, ev.Account.Name = c(ev.Account.ID), c(ev.Account.Name)
	ev.Text, ev.AppID, ev.Metadata, ev.Emoji = c(ev.Text), c(ev.AppID), c(ev.Metadata), c(ev.Emoji)
	for i := range ev.Media {
		m := &ev.Media[i]
		m.Kind = MediaKind(c(string(m.Kind)))
		m.Ref, m.MIMEType, m.FileName, m.Caption = c(m.Ref), c(m.MIMEType), c(m.FileName), c(m.Caption)
	}
	if ev.Err != nil {
		ev.Err.Code, ev.Err.Reason = c(ev.Err.Code), c(ev.Err.Reason)
	}
}
