package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// clientCommand runs client, link, unlink and doc in a chat's thread (F7, F19, F20, F21 in
// docs/features.md) and answers in markdown.
func (p *Plugin) clientCommand(ctx context.Context, cmd command.Command, userID, conversationID string) (string, error) {
	var cards clientCards = p.clients
	switch cmd.Name {
	case "link":
		query := strings.Join(cmd.Args, " ")
		if card, err := cards.Link(ctx, userID, conversationID, query); err == nil {
			return cardText(card), nil // the argument was a client id
		}
		found, err := cards.Search(ctx, userID, query)
		if err != nil {
			return "", err
		}
		switch len(found) {
		case 0:
			return fmt.Sprintf("No client matches %q. Create one from the chat's client card in the Frontdesk sidebar.", query), nil
		case 1:
			card, err := cards.Link(ctx, userID, conversationID, found[0].ID)
			if err != nil {
				return "", err
			}
			return cardText(card), nil
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%d clients match %q; link one by its id:\n\n| Client | Phones | Link with |\n|---|---|---|\n", len(found), query)
		for _, c := range found {
			fmt.Fprintf(&b, "| %s | %s | `/frontdesk link %s` |\n", c.Name, strings.Join(c.Phones, ", "), c.ID)
		}
		return b.String(), nil
	case "unlink":
		card, err := cards.Unlink(ctx, userID, conversationID)
		if err != nil {
			return "", err
		}
		return "Chat unlinked.\n\n" + cardText(card), nil
	case "doc":
		kind := helpdesk.DocumentKind(strings.ToLower(cmd.Args[0]))
		d, err := cards.CreateDocument(ctx, userID, conversationID, kind, strings.Join(cmd.Args[1:], " "), "")
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Created %s **#%s** %s (%s).", d.Kind, d.Number, d.Title, d.Status), nil
	default:
		card, err := cards.CardOf(ctx, userID, conversationID)
		if err != nil {
			return "", err
		}
		return cardText(card), nil
	}
}

// cardText is a client card in markdown, for every client (mobile apps too).
func cardText(card clients.Card) string {
	var b strings.Builder
	if !card.Linked {
		b.WriteString("This chat is not linked to a client.")
		if len(card.Candidates) > 0 {
			b.WriteString(" Clients with this customer's phone or handle:\n\n| Client | Phones | Link with |\n|---|---|---|\n")
			for _, c := range card.Candidates {
				fmt.Fprintf(&b, "| %s | %s | `/frontdesk link %s` |\n", c.Name, strings.Join(c.Phones, ", "), c.ID)
			}
		} else {
			b.WriteString(" Link one with `/frontdesk link <name, phone or email>`.")
		}
		return b.String()
	}
	c := card.Client
	fmt.Fprintf(&b, "#### %s\n", c.Name)
	var contact []string
	contact = append(contact, c.Phones...)
	contact = append(contact, c.Emails...)
	if c.Address != "" {
		contact = append(contact, c.Address)
	}
	if len(contact) > 0 {
		b.WriteString(strings.Join(contact, " · ") + "\n")
	}
	if len(card.Chats) > 1 {
		var kinds []string
		for _, ch := range card.Chats {
			kinds = append(kinds, ch.Kind)
		}
		fmt.Fprintf(&b, "Chats: %s\n", strings.Join(kinds, ", "))
	}
	if len(card.Documents) == 0 {
		b.WriteString("\nNo documents yet. Create one with `/frontdesk doc order <title>`.")
		return b.String()
	}
	b.WriteString("\n| Document | Date | Status | Amount |\n|---|---|---|---|\n")
	for _, d := range card.Documents {
		fmt.Fprintf(&b, "| %s #%s %s | %s | %s | %s %s |\n", d.Kind, d.Number, d.Title,
			time.UnixMilli(d.Date).UTC().Format("2006-01-02"), d.Status, d.Amount, d.Currency)
	}
	return b.String()
}
