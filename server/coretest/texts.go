package coretest

import (
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// PolishFor loads Frontdesk's texts with these users reading Polish and everyone else English, as
// their Mattermost language settings would say.
func PolishFor(t testing.TB, users ...string) *locale.Locale {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	l, err := locale.Load(filepath.Join(filepath.Dir(here), "..", "..", "assets", "i18n"), func(id string) string {
		if slices.Contains(users, id) {
			return "pl"
		}
		return "en"
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
