package command

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChatsHint is /frontdesk chats's argument syntax, for help and autocomplete.
const ChatsHint = "[mine] [unread] [unanswered] [archived] [connection:<name>] [page:<n>] [search words]"

// MaxSearch is the longest search text of the chats list, as the REST API's q.
const MaxSearch = 100

// ChatsQuery is what /frontdesk chats asks for: the chats list's filters (as the REST API's list
// takes them), a search text and a page (1 is the first).
type ChatsQuery struct {
	Mine, Unread, Unanswered, Archived bool
	// Connection is a connection's name, as typed ("" for every connection).
	Connection string
	Search     string
	Page       int
}

// ChatsFilters are the words /frontdesk chats takes, with what each lists, for autocomplete.
var ChatsFilters = []Suggestion{
	{"mine", "Chats assigned to you"},
	{"unread", "Chats with customer messages you have not read"},
	{"unanswered", "Chats whose last message is the customer's"},
	{"archived", "Archived chats instead of active ones"},
	{"connection:", "Only one connection's chats: connection:<name>, quoted when it has spaces"},
	{"page:", "Another page of the list: page:2"},
}

// Errors of ParseChats, for the command to explain.
var (
	ErrChatsPage   = errors.New("page must be a number from 1")
	ErrChatsSearch = errors.New("the search text is too long")
)

// ParseChats reads /frontdesk chats's arguments (the text after "chats"). Words it does not know
// are the search text; a connection's name with spaces is quoted (connection:"Shop PL").
func ParseChats(text string) (ChatsQuery, error) {
	q := ChatsQuery{Page: 1}
	var search []string
	words := splitQuoted(text)
	for i := 0; i < len(words); i++ {
		w := words[i]
		lower := strings.ToLower(w)
		switch {
		case lower == "mine":
			q.Mine = true
		case lower == "unread":
			q.Unread = true
		case lower == "unanswered":
			q.Unanswered = true
		case lower == "archived":
			q.Archived = true
		case strings.HasPrefix(lower, "connection:"):
			q.Connection = strings.Trim(w[len("connection:"):], `"`)
		case strings.HasPrefix(lower, "page:"):
			n, err := strconv.Atoi(w[len("page:"):])
			if err != nil || n < 1 {
				return q, ErrChatsPage
			}
			q.Page = n
		case lower == "page" && i+1 < len(words) && isNumber(words[i+1]):
			n, _ := strconv.Atoi(words[i+1])
			if n < 1 {
				return q, ErrChatsPage
			}
			q.Page = n
			i++
		default:
			// Without quotes and backticks: the answer shows the command between backticks.
			search = append(search, strings.NewReplacer(`"`, "", "`", "").Replace(w))
		}
	}
	q.Search = strings.TrimSpace(strings.Join(search, " "))
	if utf8.RuneCountInString(q.Search) > MaxSearch {
		return q, ErrChatsSearch
	}
	return q, nil
}

// Command is the /frontdesk chats command that lists this query's page.
func (q ChatsQuery) Command() string {
	parts := []string{"/" + Trigger, "chats"}
	for _, f := range []struct {
		on   bool
		word string
	}{{q.Mine, "mine"}, {q.Unread, "unread"}, {q.Unanswered, "unanswered"}, {q.Archived, "archived"}} {
		if f.on {
			parts = append(parts, f.word)
		}
	}
	if q.Connection != "" {
		name := q.Connection
		if strings.ContainsFunc(name, unicode.IsSpace) {
			name = `"` + name + `"`
		}
		parts = append(parts, "connection:"+name)
	}
	if q.Search != "" {
		parts = append(parts, q.Search)
	}
	if q.Page > 1 {
		parts = append(parts, "page:"+strconv.Itoa(q.Page))
	}
	return strings.Join(parts, " ")
}

// splitQuoted splits text at spaces, keeping a double-quoted part (spaces and all) in its word.
func splitQuoted(text string) []string {
	var words []string
	var cur strings.Builder
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case unicode.IsSpace(r) && !quoted:
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
