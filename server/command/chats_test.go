package command

import (
	"errors"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
)

// /frontdesk chats's words: filters in any order and case, a quoted connection name, a page as
// page:N or page N, the rest as search words; Command writes the query back for the next page.
func TestParseChats(t *testing.T) {
	q, err := ParseChats(` Unread mine connection:"Shop PL" Anna   Nowak page 3 archived unanswered`)
	if err != nil {
		t.Fatal(err)
	}
	want := ChatsQuery{Mine: true, Unread: true, Unanswered: true, Archived: true, Connection: "Shop PL", Search: "Anna Nowak", Page: 3}
	if q != want {
		t.Fatalf("%+v, want %+v", q, want)
	}
	if got := q.Command(); got != `/frontdesk chats mine unread unanswered archived connection:"Shop PL" Anna Nowak page:3` {
		t.Fatalf("Command() = %s", got)
	}
	again, err := ParseChats(strings.TrimPrefix(q.Command(), "/frontdesk chats"))
	if err != nil || again != q {
		t.Fatalf("the command read back: %+v, %v", again, err)
	}
	if q, _ := ParseChats(""); q != (ChatsQuery{Page: 1}) || q.Command() != "/frontdesk chats" {
		t.Fatalf("no arguments: %+v", q)
	}
	if q, _ := ParseChats("page one"); q.Page != 1 || q.Search != "page one" {
		t.Fatalf("page without a number is a search: %+v", q)
	}
	for _, bad := range []string{"page:0", "page:x", "page -1"} {
		if _, err := ParseChats(bad); !errors.Is(err, ErrChatsPage) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := ParseChats(strings.Repeat("a", MaxSearch+1)); !errors.Is(err, ErrChatsSearch) {
		t.Errorf("a long search: %v", err)
	}
}

// The chats command's autocomplete offers its filter words.
func TestChatsAutocompleteSuggestsFilters(t *testing.T) {
	r := NewRegistry()
	r.Add(Spec{Name: "chats", Hint: ChatsHint, Help: "List chats", Suggestions: ChatsFilters})
	def := r.Definition()
	if err := def.AutocompleteData.IsValid(); err != nil {
		t.Fatal(err)
	}
	for _, sub := range def.AutocompleteData.SubCommands {
		if sub.Trigger != "chats" {
			continue
		}
		if len(sub.Arguments) != 1 {
			t.Fatalf("arguments %+v", sub.Arguments)
		}
		list, ok := sub.Arguments[0].Data.(*model.AutocompleteStaticListArg)
		if !ok || len(list.PossibleArguments) != len(ChatsFilters) || list.PossibleArguments[0].Item != "mine" {
			t.Fatalf("the filter words: %+v", sub.Arguments[0].Data)
		}
		return
	}
	t.Fatal("no chats subcommand")
}
