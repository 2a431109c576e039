package locale_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/locale"
)

const dir = "../../assets/i18n"

func keys(t *testing.T, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "active."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k, v := range m {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: %s is empty", lang, k)
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Every text has its Polish translation, and nothing is translated that English lacks.
func TestEveryTextIsTranslated(t *testing.T) {
	en, pl := keys(t, "en"), keys(t, "pl")
	if strings.Join(en, ",") != strings.Join(pl, ",") {
		t.Fatalf("English and Polish texts differ:\nen %v\npl %v", en, pl)
	}
}

func TestLanguages(t *testing.T) {
	users := map[string]string{"u-pl": "pl", "u-en": "en", "u-de": "de", "u-none": ""}
	site := "pl"
	l, err := locale.Load(dir, func(id string) string { return users[id] }, func() string { return site })
	if err != nil {
		t.Fatal(err)
	}
	text := locale.Text{ID: "command.assign.done", Other: "Chat assigned to @{{.Username}}."}
	data := map[string]any{"Username": "bob"}
	tests := []struct{ name, got, want string }{
		{"a Polish user", l.ForUser("u-pl", text, data), "Czat przypisany do @bob."},
		{"an English user", l.ForUser("u-en", text, data), "Chat assigned to @bob."},
		{"a language without translations falls back to English", l.ForUser("u-de", text, data), "Chat assigned to @bob."},
		{"a user without a language", l.ForUser("u-none", text, data), "Chat assigned to @bob."},
		{"shared posts in the site's language", l.ForSite(text, data), "Czat przypisany do @bob."},
		{"a text missing from the files speaks its English", l.ForUser("u-pl", locale.Text{ID: "x.new", Other: "New {{.Username}}"}, data), "New bob"},
		{"a nil Locale speaks English", (*locale.Locale)(nil).ForSite(text, data), "Chat assigned to @bob."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
