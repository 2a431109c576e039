package thread_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Customer text is shown literally: no Markdown construct of the customer's makes it through the
// bot's post, and nobody is mentioned.
// Inside a line (a name in a heading, a phone after a dot) a leading "+" starts no list: a phone
// number stays as typed.
func TestEscapeLineLeavesBlockMarkersAlone(t *testing.T) {
	for in, want := range map[string]string{
		"+15551230001":     "+15551230001",
		"- Anna":           "- Anna",
		"1. Shop":          "1. Shop",
		"# Boss\n*really*": "\\# Boss \\*really\\*",
		"shop_bot":         "shop_bot",
	} {
		if got := thread.EscapeLine(in); got != want {
			t.Errorf("EscapeLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeShowsCustomerTextLiterally(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text stays readable", "Hello, is my phone ready? It's 3.5 years old - thanks!", "Hello, is my phone ready? It's 3.5 years old - thanks!"},
		{"a mention", "@all @channel look", "@\u200ball @\u200bchannel look"},
		{"a disguised link", "[your bank](https://evil.example/login)", `\[your bank\](https://evil.example/login)`},
		{"a tracking image", "![](https://evil.example/pixel.png)", `!\[\](https://evil.example/pixel.png)`},
		{"a heading on its own line", "hi\n# URGENT\n### call now", "hi\n\\# URGENT\n\\#\\#\\# call now"},
		{"emphasis and strikethrough", "*bold* _it_ ~~gone~~ **b**", `\*bold\* \_it\_ \~\~gone\~\~ \*\*b\*\*`},
		{"an underscore inside a word emphasises nothing and stays as typed", "anna_n order_ready kraków_2", "anna_n order_ready kraków_2"},
		{"code", "`x` and\n```\nfence\n```", "\\`x\\` and\n\\`\\`\\`\nfence\n\\`\\`\\`"},
		{"a quote, a list and a numbered list", "> quoted\n- item\n+ item\n1. first\n2) second", "\\> quoted\n\\- item\n\\+ item\n1\\. first\n2\\) second"},
		{"indented markers too", "x\n   # h\n  - i", "x\n   \\# h\n  \\- i"},
		{"setext headings and rules", "Title\n===\nSub\n---\n* * *", "Title\n\\===\nSub\n\\---\n\\* \\* \\*"},
		{"a table", "a | b\n--|--", "a \\| b\n\\--\\|--"},
		{"html, autolinks and entities", "<b>x</b> <https://evil.example> &#64;all &amp; Tom & Jerry", `\<b\>x\</b\> \<https://evil.example\> \&\#64;all \&amp; Tom & Jerry`},
		{"a backslash stays a backslash", `C:\path \*`, `C:\\path \\\*`},
		{"a channel link", "~town-square", `\~town-square`},
		{"dollar amounts are not inline math", "it costs $5 or $10", `it costs \$5 or \$10`},
		{"a hashtag and an order number", "#urgent order #123", `\#urgent order \#123`},
		{"a bare URL stays clickable", "see https://shop.example/a_b*c?x=1&y=2 now", "see https://shop.example/a_b*c?x=1&y=2 now"},
		{"a URL hiding brackets is escaped", "https://x.example/[a](https://evil.example)", `https://x.example/\[a\](https://evil.example)`},
		{"a URL with a mention", "https://medium.example/@all", "https://medium.example/@\u200ball"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := thread.Escape(tt.in); got != tt.want {
				t.Fatalf("Escape(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// The relayed message: the customer's name and text cannot break out of the line the bot writes.
func TestMessageTextOfNastyInputs(t *testing.T) {
	tests := []struct {
		name, customer, text, want string
	}{
		{"a name that closes the bold", "Anna** [x](https://evil.example)", "hi", `**Anna\*\* \[x\](https://evil.example):** hi`},
		{"a name on two lines", "Anna\n# Boss", "hi", `**Anna \# Boss:** hi`},
		{"a name that pings", "@here", "hi", "**@\u200bhere:** hi"},
		{"text that starts a heading on the next line", "Anna", "hi\n# Refund approved", "**Anna:** hi\n\\# Refund approved"},
		{"a tracking image", "Anna", "![](https://evil.example/p.png)", `**Anna:** !\[\](https://evil.example/p.png)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conv := &conversation.Conversation{CustomerName: tt.customer, CustomerID: "42"}
			got := thread.MessageText(nil, channel.Telegram, conv, conversation.In, &channel.Event{Text: tt.text}, 0)
			if got != tt.want {
				t.Fatalf("MessageText\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// The header card shows a nasty customer name and username literally, on their own lines.
func TestHeaderCardEscapesCustomerFields(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	ev := coretest.Message("42", "m1", "hello", k.Now())
	ev.Customer.Name = "Boss\n# Pay now [here](https://evil.example) ![](https://evil.example/p.png)"
	ev.Customer.Username = "@all"
	k.Deliver(t, ev)
	conv := k.Conversation(t, "42")
	k.Relay.Process(context.Background(), conv.ID)
	root, ok := k.MM.Post(k.Conversation(t, "42").RootPostID)
	if !ok {
		t.Fatal("no header card")
	}
	first, rest, _ := strings.Cut(root.Message, "\n")
	if want := `#### Boss \# Pay now \[here\](https://evil.example) !\[\](https://evil.example/p.png)`; first != want {
		t.Fatalf("title line %q, want %q", first, want)
	}
	if !strings.Contains(rest, "@\u200b@\u200ball") || strings.Contains(rest, "@all") {
		t.Fatalf("the username is not escaped: %q", rest)
	}
}

// A text Mattermost could not take in one post is truncated with a note, never cut inside an escape.
func TestMessageTextOverThePostLimit(t *testing.T) {
	conv := &conversation.Conversation{CustomerName: "Anna", CustomerID: "42"}
	for _, text := range []string{strings.Repeat("x", 20000), strings.Repeat("*", 9000), "a" + strings.Repeat("*", 9000)} {
		got := thread.MessageText(nil, channel.Telegram, conv, conversation.In, &channel.Event{Text: text}, 0)
		note := fmt.Sprintf("\n_(message truncated: %d characters)_", utf8.RuneCountInString(text))
		body, ok := strings.CutSuffix(got, note)
		if utf8.RuneCountInString(got) > thread.MaxPostRunes || !ok || !strings.HasPrefix(got, "**Anna:** ") {
			t.Fatalf("%d characters, ends %q", utf8.RuneCountInString(got), got[max(0, len(got)-60):])
		}
		if trailing := len(body) - len(strings.TrimRight(body, `\`)); trailing%2 == 1 {
			t.Fatalf("the body ends in half an escape: %q", body[len(body)-10:])
		}
	}
	short := strings.Repeat("x", 100)
	if got := thread.MessageText(nil, channel.Telegram, conv, conversation.In, &channel.Event{Text: short}, 0); got != "**Anna:** "+short {
		t.Fatalf("a short text changed: %q", got)
	}
}
