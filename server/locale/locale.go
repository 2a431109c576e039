// Package locale speaks the server's texts in the reader's language: ephemeral answers and refusals
// in the user's Mattermost language, shared posts (header cards, events in a thread) in the site's
// default language. English texts live next to the code that says them (a Text's Other); the
// bundled assets/i18n/active.<lang>.json files hold the translations (English and Polish).
package locale

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Text is one message: its id in the translation files and its English wording, a Go template
// over the data passed with it ({{.Name}}).
type Text struct {
	ID    string
	Other string
}

// Languages are the languages the bundled files translate to.
var Languages = []string{"en", "pl"}

// Locale renders texts. A nil *Locale speaks English from the Texts themselves.
type Locale struct {
	bundle     *i18n.Bundle
	userLocale func(userID string) string
	siteLocale func() string
}

// Load reads active.<lang>.json for every language from dir. userLocale tells a user's Mattermost
// language, siteLocale the site's default; either may answer "" (English).
func Load(dir string, userLocale func(userID string) string, siteLocale func() string) (*Locale, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range Languages {
		path := filepath.Join(dir, "active."+lang+".json")
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading the %s texts: %w", lang, err)
		}
		if _, err := b.ParseMessageFileBytes(data, path); err != nil {
			return nil, fmt.Errorf("parsing the %s texts: %w", lang, err)
		}
	}
	return &Locale{bundle: b, userLocale: userLocale, siteLocale: siteLocale}, nil
}

// english renders texts for a nil Locale.
var english = i18n.NewBundle(language.English)

// In renders a text in a language ("pl", "pl-PL", "en"…); unknown languages fall back to English.
func (l *Locale) In(lang string, t Text, data map[string]any) string {
	b := english
	if l != nil {
		b = l.bundle
	}
	out, err := i18n.NewLocalizer(b, normalize(lang)).Localize(&i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: t.ID, Other: t.Other},
		TemplateData:   data,
	})
	if err != nil && out == "" {
		return t.Other
	}
	return out
}

// ForUser renders a text in a user's Mattermost language.
func (l *Locale) ForUser(userID string, t Text, data map[string]any) string {
	return l.In(l.UserLanguage(userID), t, data)
}

// ForSite renders a text in the site's default language: for posts everyone reads.
func (l *Locale) ForSite(t Text, data map[string]any) string {
	lang := ""
	if l != nil && l.siteLocale != nil {
		lang = l.siteLocale()
	}
	return l.In(lang, t, data)
}

// UserLanguage is a user's Mattermost language ("" when unknown).
func (l *Locale) UserLanguage(userID string) string {
	if l == nil || l.userLocale == nil || userID == "" {
		return ""
	}
	return l.userLocale(userID)
}

// normalize turns Mattermost's locale names ("pt-BR", "zh-CN", "pl") into BCP 47 tags.
func normalize(lang string) string {
	return strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
}
