// Package command parses /frontdesk slash commands into typed commands and describes their
// autocomplete. Parsing is pure; executing a command is the plugin's job.
package command

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/mattermost/mattermost/server/public/model"
)

// Trigger is the slash command word.
const Trigger = "frontdesk"

// Name names a sub-command.
type Name string

// Command is one parsed invocation.
type Command struct {
	Name Name
	Args []string
	// rest is the raw text after the sub-command's name, lines and spacing kept.
	rest string
}

// TextAfter is the command's free text after its first n arguments, as typed: Mattermost passes a
// multi-line command whole, and a note or a message keeps its lines. Only the spaces around it are
// trimmed.
func (c Command) TextAfter(n int) string {
	return strings.TrimRightFunc(skipWords(c.rest, n), unicode.IsSpace)
}

// skipWords drops n whitespace-separated words from the start of s, and the space after them.
func skipWords(s string, n int) string {
	for range n {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
			s = s[i:]
		} else {
			s = ""
		}
	}
	return strings.TrimLeftFunc(s, unicode.IsSpace)
}

// Spec describes one sub-command for parsing, help and autocomplete.
type Spec struct {
	Name      Name
	Hint      string
	Help      string
	AdminOnly bool
	MinArgs   int
	// DynamicList is the plugin URL that lists the first argument's values for autocomplete ("" for
	// none).
	DynamicList string
	// Suggestions are fixed words autocomplete offers for the first argument (none required).
	Suggestions []Suggestion
}

// Suggestion is a word autocomplete offers, with what it does.
type Suggestion struct{ Word, Help string }

// Registry holds the sub-commands Frontdesk offers; new features add theirs with Add.
type Registry struct {
	specs map[Name]Spec
}

// Help is always available.
const Help Name = "help"

// NewRegistry returns a registry with help.
func NewRegistry() *Registry {
	r := &Registry{specs: map[Name]Spec{}}
	r.Add(Spec{Name: Help, Help: "Show what /frontdesk can do"})
	return r
}

// Add registers a sub-command.
func (r *Registry) Add(s Spec) { r.specs[s.Name] = s }

// Specs lists the sub-commands sorted by name, help last.
func (r *Registry) Specs() []Spec {
	out := make([]Spec, 0, len(r.specs))
	for _, s := range r.specs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Name == Help) != (out[j].Name == Help) {
			return out[j].Name == Help
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Parse reads "/frontdesk sub args..." into a Command. An empty command means help.
func (r *Registry) Parse(text string) (Command, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 || fields[0] != "/"+Trigger {
		return Command{}, fmt.Errorf("not a /%s command", Trigger)
	}
	if len(fields) == 1 {
		return Command{Name: Help}, nil
	}
	name := Name(strings.ToLower(fields[1]))
	spec, ok := r.specs[name]
	if !ok {
		return Command{}, fmt.Errorf("unknown command %q; try /%s help", fields[1], Trigger)
	}
	args := fields[2:]
	if len(args) < spec.MinArgs {
		return Command{}, fmt.Errorf("usage: /%s %s %s", Trigger, name, spec.Hint)
	}
	return Command{Name: name, Args: args, rest: skipWords(text, 2)}, nil
}

// HelpText is the markdown shown by /frontdesk help; admin-only commands only for admins.
func (r *Registry) HelpText(isAdmin bool) string {
	var b strings.Builder
	b.WriteString("#### Frontdesk commands\n")
	for _, s := range r.Specs() {
		if s.AdminOnly && !isAdmin {
			continue
		}
		fmt.Fprintf(&b, "- `/%s %s", Trigger, s.Name)
		if s.Hint != "" {
			b.WriteString(" " + s.Hint)
		}
		b.WriteString("` — " + s.Help + "\n")
	}
	return b.String()
}

// Definition is the command to register with Mattermost, autocomplete included.
func (r *Registry) Definition() *model.Command {
	root := model.NewAutocompleteData(Trigger, "[command]", "Customer chats: archive, reopen, start, link clients")
	for _, s := range r.Specs() {
		sub := model.NewAutocompleteData(string(s.Name), s.Hint, s.Help)
		if s.DynamicList != "" {
			sub.AddDynamicListArgument(s.Hint, s.DynamicList, true)
		}
		if len(s.Suggestions) > 0 {
			items := make([]model.AutocompleteListItem, 0, len(s.Suggestions))
			for _, w := range s.Suggestions {
				items = append(items, model.AutocompleteListItem{Item: w.Word, Hint: w.Word, HelpText: w.Help})
			}
			sub.AddStaticListArgument(s.Hint, false, items)
		}
		if s.AdminOnly {
			sub.RoleID = model.SystemAdminRoleId
		}
		root.AddCommand(sub)
	}
	return &model.Command{
		Trigger:          Trigger,
		AutoComplete:     true,
		AutoCompleteDesc: "Customer chats from WhatsApp, Messenger, Instagram, Telegram and SMS",
		AutoCompleteHint: "[command]",
		DisplayName:      "Frontdesk",
		AutocompleteData: root,
	}
}
