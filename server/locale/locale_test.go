package locale_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/locale"
)

const dir = "../../assets/i18n"

// keys lists a language's message ids, sorted, and fails on an empty text.
func keys(t *testing.T, lang string) []string {
	t.Helper()
	var out []string
	for k, v := range texts(t, lang) {
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

var placeholder = regexp.MustCompile(`\{\{[^}]*?\.(\w+)`)

func placeholders(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out[m[1]] = true
	}
	return out
}

func texts(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "active."+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A translation uses the data its English text is given: the same placeholders. The failure
// texts are the exception the code documents: English says the error as written ({{.Message}}),
// a translation may say only its detail ({{.Detail}}) after its own lead.
func TestPlaceholdersMatch(t *testing.T) {
	en, pl := texts(t, "en"), texts(t, "pl")
	for id, e := range en {
		want, got := placeholders(e), placeholders(pl[id])
		if fmt.Sprint(want) == fmt.Sprint(got) {
			continue
		}
		if want["Message"] && len(want) == 1 && subset(got, map[string]bool{"Message": true, "Detail": true}) {
			continue
		}
		t.Errorf("%s: English uses %v, Polish %v", id, keysOf(want), keysOf(got))
	}
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keysOf(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var literalText = regexp.MustCompile(`locale\.Text\{ID: ("[^"]+"), Other: ("(?:[^"\\]|\\.)*")\}|\{ID: ("[^"]+"), Other: ("(?:[^"\\]|\\.)*")\}`)

// The English file says what the code says: every text written in the server's code with a fixed
// id has its wording, unchanged, in active.en.json (a changed English text must change there too,
// and its translation be looked at).
func TestEnglishFileMatchesTheCode(t *testing.T) {
	en := texts(t, "en")
	seen := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literalText.FindAllStringSubmatch(string(src), -1) {
			rawID, rawOther := m[1], m[2]
			if rawID == "" {
				rawID, rawOther = m[3], m[4]
			}
			id, err1 := strconv.Unquote(rawID)
			other, err2 := strconv.Unquote(rawOther)
			if err1 != nil || err2 != nil {
				t.Errorf("%s: cannot read %s", path, m[0])
				continue
			}
			seen++
			if got, ok := en[id]; !ok {
				t.Errorf("%s: %s is missing from active.en.json", path, id)
			} else if got != other {
				t.Errorf("%s: %s says %q in the code, %q in active.en.json", path, id, other, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Fatalf("only %d texts found in the code: the pattern no longer matches how texts are written", seen)
	}
}
