package whatsapp

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// mediaKinds maps the Cloud API message types that carry a media object to Frontdesk's kinds.
var mediaKinds = map[string]channel.MediaKind{
	"image":    channel.Image,
	"audio":    channel.Audio,
	"video":    channel.Video,
	"document": channel.File,
	"sticker":  channel.Sticker,
}

// content renders a message (inbound or echo) as text and media. Locations, shared contacts, button
// and list replies and orders become readable text; types Frontdesk cannot show become a notice rather
// than being dropped, so staff know to look in WhatsApp.
func content(m message) (string, []channel.Media) {
	switch m.Type {
	case "text":
		if m.Text != nil {
			return m.Text.Body, nil
		}
	case "image", "audio", "video", "document", "sticker":
		if obj := mediaObjectOf(m); obj != nil && obj.ID != "" {
			md := channel.Media{
				Kind:     mediaKinds[m.Type],
				Ref:      obj.ID,
				MIMEType: obj.MIMEType,
				FileName: obj.Filename,
				Caption:  obj.Caption,
			}
			// The caption is repeated as the text so a renderer that shows only text keeps it.
			return obj.Caption, []channel.Media{md}
		}
	case "location":
		if m.Location != nil {
			return renderLocation(*m.Location), nil
		}
	case "contacts":
		if len(m.Contacts) > 0 {
			return renderContacts(m.Contacts), nil
		}
	case "interactive":
		if t := interactiveText(m.Interactive); t != "" {
			return t, nil
		}
	case "button":
		if m.Button != nil && m.Button.Text != "" {
			return m.Button.Text, nil
		}
	case "order":
		if m.Order != nil {
			return renderOrder(*m.Order), nil
		}
	case "system":
		if m.System != nil && m.System.Body != "" {
			return m.System.Body, nil
		}
	case "reaction":
		if m.Reaction != nil && m.Reaction.Emoji != "" {
			return "Reacted " + m.Reaction.Emoji, nil
		}
	}
	return unsupported(m), nil
}

func mediaObjectOf(m message) *mediaObject {
	switch m.Type {
	case "image":
		return m.Image
	case "audio":
		return m.Audio
	case "video":
		return m.Video
	case "document":
		return m.Document
	case "sticker":
		return m.Sticker
	}
	return nil
}

func unsupported(m message) string {
	t := m.Type
	if t == "" {
		t = "unknown"
	}
	s := fmt.Sprintf("[Unsupported WhatsApp message (%s): open WhatsApp to see it]", t)
	if len(m.Errors) > 0 && m.Errors[0].Title != "" {
		s += " " + m.Errors[0].Title
	}
	return s
}

func renderLocation(l location) string {
	var b strings.Builder
	b.WriteString("Location")
	if l.Name != "" {
		b.WriteString(": " + l.Name)
	}
	if l.Address != "" {
		b.WriteString("\n" + l.Address)
	}
	if l.Latitude != "" && l.Longitude != "" {
		q := url.QueryEscape(l.Latitude.String() + "," + l.Longitude.String())
		fmt.Fprintf(&b, "\n%s, %s\nhttps://maps.google.com/?q=%s", l.Latitude, l.Longitude, q)
	}
	if l.URL != "" {
		b.WriteString("\n" + l.URL)
	}
	return b.String()
}

func renderContacts(cs []sharedContact) string {
	var parts []string
	for _, c := range cs {
		name := c.Name.FormattedName
		if name == "" {
			name = strings.TrimSpace(c.Name.FirstName + " " + c.Name.LastName)
		}
		if name == "" {
			name = "(no name)"
		}
		lines := []string{"Contact: " + name}
		if c.Org.Company != "" {
			lines = append(lines, "Company: "+c.Org.Company)
		}
		for _, p := range c.Phones {
			lines = append(lines, "Phone: "+withType(p.Phone, p.Type))
		}
		for _, e := range c.Emails {
			lines = append(lines, "Email: "+withType(e.Email, e.Type))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

func withType(v, typ string) string {
	if typ == "" {
		return v
	}
	return v + " (" + strings.ToLower(typ) + ")"
}

func interactiveText(in *interactive) string {
	switch {
	case in == nil:
		return ""
	case in.ButtonReply != nil:
		return in.ButtonReply.Title
	case in.ListReply != nil:
		if in.ListReply.Description != "" {
			return in.ListReply.Title + "\n" + in.ListReply.Description
		}
		return in.ListReply.Title
	}
	return ""
}

func renderOrder(o order) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Order: %d item(s)", len(o.ProductItems))
	for _, it := range o.ProductItems {
		fmt.Fprintf(&b, "\n- %s × %s", it.ProductRetailerID, it.Quantity)
		if it.ItemPrice != "" {
			fmt.Fprintf(&b, " at %s %s", it.ItemPrice, it.Currency)
		}
	}
	if o.Text != "" {
		b.WriteString("\n" + o.Text)
	}
	return b.String()
}
