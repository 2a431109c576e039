package command

import (
	"strings"
	"testing"
)

func testRegistry() *Registry {
	r := NewRegistry()
	r.Add(Spec{Name: "archive", Help: "Archive this chat"})
	r.Add(Spec{Name: "start", Hint: "<channel> <phone>", Help: "Start a chat", MinArgs: 2})
	r.Add(Spec{Name: "channels", Help: "List connected channels", AdminOnly: true})
	return r
}

func TestParse(t *testing.T) {
	r := testRegistry()
	tests := []struct {
		in      string
		want    Command
		wantErr string
	}{
		{in: "/frontdesk", want: Command{Name: Help}},
		{in: "/frontdesk help", want: Command{Name: Help, Args: []string{}}},
		{in: "/frontdesk   ARCHIVE ", want: Command{Name: "archive", Args: []string{}}},
		{in: "/frontdesk start sms +15551234567", want: Command{Name: "start", Args: []string{"sms", "+15551234567"}}},
		{in: "/frontdesk start sms", wantErr: "usage: /frontdesk start <channel> <phone>"},
		{in: "/frontdesk bogus", wantErr: `unknown command "bogus"`},
		{in: "/other help", wantErr: "not a /frontdesk command"},
		{in: "", wantErr: "not a /frontdesk command"},
	}
	for _, tt := range tests {
		got, err := r.Parse(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) unexpected error %v", tt.in, err)
			continue
		}
		if got.Name != tt.want.Name || strings.Join(got.Args, " ") != strings.Join(tt.want.Args, " ") {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestHelpHidesAdminCommands(t *testing.T) {
	r := testRegistry()
	if strings.Contains(r.HelpText(false), "channels") {
		t.Error("help for a non-admin lists an admin command")
	}
	admin := r.HelpText(true)
	if !strings.Contains(admin, "/frontdesk channels") || !strings.Contains(admin, "/frontdesk start <channel> <phone>") {
		t.Errorf("admin help incomplete:\n%s", admin)
	}
	if strings.Index(admin, "help") < strings.Index(admin, "start") {
		t.Error("help should be listed last")
	}
}

func TestDefinitionAutocomplete(t *testing.T) {
	def := testRegistry().Definition()
	if def.Trigger != "frontdesk" || !def.AutoComplete || def.AutocompleteData == nil {
		t.Fatalf("bad definition %+v", def)
	}
	var names []string
	for _, sub := range def.AutocompleteData.SubCommands {
		names = append(names, sub.Trigger)
		if sub.Trigger == "channels" && sub.RoleID != "system_admin" {
			t.Errorf("channels autocomplete role = %q, want system_admin", sub.RoleID)
		}
	}
	if got := strings.Join(names, ","); got != "archive,channels,start,help" {
		t.Errorf("subcommands = %s", got)
	}
	if err := def.AutocompleteData.IsValid(); err != nil {
		t.Errorf("autocomplete data invalid: %v", err)
	}
}
