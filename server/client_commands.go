package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// clientCommand runs client, link, unlink and doc in a chat's thread (F7, F19, F20, F21 in
// docs/features.md) and answers in markdown.
func (p *Plugin) clientCommand(ctx context.Context, cmd command.Command, userID, conversationID string) (string, error) {
	var cards clientCards = p.clients
	switch cmd.Name {
	case "link":
		query := strings.Join(cmd.Args, " ")
		if card, err := cards.Link(ctx, userID, conversationID, query); err == nil {
			return p.cardText(userID, card), nil // the argument was a client id
		}
		found, err := cards.Search(ctx, userID, query)
		if err != nil {
			return "", err
		}
		switch len(found) {
		case 0:
			return p.texts.ForUser(userID, textNoClientMatch, map[string]any{"Query": fmt.Sprintf("%q", query)}), nil
		case 1:
			card, err := cards.Link(ctx, userID, conversationID, found[0].ID)
			if err != nil {
				return "", err
			}
			return p.cardText(userID, card), nil
		}
		var b strings.Builder
		b.WriteString(p.texts.ForUser(userID, textClientsMatch, map[string]any{"Count": len(found), "Query": fmt.Sprintf("%q", query)}) + "\n\n")
		b.WriteString(p.texts.ForUser(userID, textClientsHeader, nil) + "\n|---|---|---|\n")
		for _, c := range found {
			fmt.Fprintf(&b, "| %s | %s | `/frontdesk link %s` |\n", c.Name, strings.Join(c.Phones, ", "), c.ID)
		}
		return b.String(), nil
	case "unlink":
		card, err := cards.Unlink(ctx, userID, conversationID)
		if err != nil {
			return "", err
		}
		return p.texts.ForUser(userID, textUnlinked, nil) + "\n\n" + p.cardText(userID, card), nil
	case "doc":
		kind := helpdesk.DocumentKind(strings.ToLower(cmd.Args[0]))
		d, err := cards.CreateDocument(ctx, userID, conversationID, kind, strings.Join(cmd.Args[1:], " "), "")
		if err != nil {
			return "", err
		}
		return p.texts.ForUser(userID, textDocCreated, map[string]any{
			"Kind": p.documentKind(userID, helpdesk.DocumentKind(d.Kind)), "Number": d.Number, "Title": d.Title, "Status": d.Status,
		}), nil
	default:
		card, err := cards.CardOf(ctx, userID, conversationID)
		if err != nil {
			return "", err
		}
		return p.cardText(userID, card), nil
	}
}

// cardText is a client card in markdown, for every client (mobile apps too), in the user's language.
func (p *Plugin) cardText(userID string, card clients.Card) string {
	say := func(t locale.Text, data map[string]any) string { return p.texts.ForUser(userID, t, data) }
	var b strings.Builder
	if !card.Linked {
		b.WriteString(say(textNotLinked, nil))
		if len(card.Candidates) > 0 {
			b.WriteString(" " + say(textCandidates, nil) + "\n\n" + say(textClientsHeader, nil) + "\n|---|---|---|\n")
			for _, c := range card.Candidates {
				fmt.Fprintf(&b, "| %s | %s | `/frontdesk link %s` |\n", c.Name, strings.Join(c.Phones, ", "), c.ID)
			}
		} else {
			b.WriteString(" " + say(textLinkHint, nil))
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
		b.WriteString(say(textClientChats, map[string]any{"Kinds": strings.Join(kinds, ", ")}) + "\n")
	}
	if len(card.Documents) == 0 {
		b.WriteString("\n" + say(textNoDocuments, nil))
		return b.String()
	}
	b.WriteString("\n" + say(textDocumentsHeader, nil) + "\n|---|---|---|---|\n")
	for _, d := range card.Documents {
		fmt.Fprintf(&b, "| %s #%s %s | %s | %s | %s %s |\n", p.documentKind(userID, helpdesk.DocumentKind(d.Kind)), d.Number, d.Title,
			time.UnixMilli(d.Date).UTC().Format("2006-01-02"), d.Status, d.Amount, d.Currency)
	}
	return b.String()
}

// Texts of the client commands and cards, in the caller's language.
var (
	textNoClientMatch   = locale.Text{ID: "client.no_match", Other: "No client matches {{.Query}}. Create one from the chat's client card in the Frontdesk sidebar."}
	textClientsMatch    = locale.Text{ID: "client.many", Other: "{{.Count}} clients match {{.Query}}; link one by its id:"}
	textClientsHeader   = locale.Text{ID: "client.table", Other: "| Client | Phones | Link with |"}
	textUnlinked        = locale.Text{ID: "client.unlinked", Other: "Chat unlinked."}
	textDocCreated      = locale.Text{ID: "client.doc_created", Other: "Created {{.Kind}} **#{{.Number}}** {{.Title}} ({{.Status}})."}
	textNotLinked       = locale.Text{ID: "client.not_linked", Other: "This chat is not linked to a client."}
	textCandidates      = locale.Text{ID: "client.candidates", Other: "Clients with this customer's phone or handle:"}
	textLinkHint        = locale.Text{ID: "client.link_hint", Other: "Link one with `/frontdesk link <name, phone or email>`."}
	textClientChats     = locale.Text{ID: "client.chats", Other: "Chats: {{.Kinds}}"}
	textNoDocuments     = locale.Text{ID: "client.no_documents", Other: "No documents yet. Create one with `/frontdesk doc order <title>`."}
	textDocumentsHeader = locale.Text{ID: "client.documents", Other: "| Document | Date | Status | Amount |"}
	documentKinds       = map[helpdesk.DocumentKind]locale.Text{
		helpdesk.Order:    {ID: "client.kind.order", Other: "order"},
		helpdesk.Estimate: {ID: "client.kind.estimate", Other: "estimate"},
		helpdesk.Lead:     {ID: "client.kind.lead", Other: "lead"},
		helpdesk.Invoice:  {ID: "client.kind.invoice", Other: "invoice"},
	}
)

// documentKind names a kind of document in the user's language (a kind it does not know as is).
func (p *Plugin) documentKind(userID string, kind helpdesk.DocumentKind) string {
	if t, ok := documentKinds[kind]; ok {
		return p.texts.ForUser(userID, t, nil)
	}
	return string(kind)
}
