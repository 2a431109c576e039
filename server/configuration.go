package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// configuration mirrors the settings_schema of plugin.json. It is replaced, never mutated: readers
// take the pointer under the lock and may keep it (clone-on-write, as the starter template does).
type configuration struct {
	// RetentionMessages is a pointer so that "never saved" (nil: the default 500) differs from 0 (keep all).
	RetentionMessages    *int
	MaxMessageLength     int
	EncryptionKey        string
	Helpdesk             string // "builtin" (default) or "remonline"
	HelpdeskRegion       string
	RemOnlineAPIKey      string
	RemOnlineBranchID    string
	RemOnlineOrderTypeID string
	RemOnlineBaseURL     string
	// Who may use chats (F2): ChatAccess is "members" (default) or "restricted"; then only
	// ChatAccessUsers (usernames) and members of ChatAccessGroups (group names), comma-separated.
	// The "Connections" setting of plugin.json is the webapp's own section: it holds nothing here.
	ChatAccess       string
	ChatAccessGroups string
	ChatAccessUsers  string
}

// access is the chat access policy's view of the settings.
func (c *configuration) access() access.Settings {
	return access.Settings{Mode: c.ChatAccess, Groups: access.ParseList(c.ChatAccessGroups), Users: access.ParseList(c.ChatAccessUsers)}
}

// accessDetail describes the access settings for the audit trail.
func (c *configuration) accessDetail() string {
	a := c.access()
	mode := a.Mode
	if mode == "" {
		mode = access.ModeMembers
	}
	return fmt.Sprintf("mode %s; groups %s; users %s", mode, strings.Join(a.Groups, ","), strings.Join(a.Users, ","))
}

// Defaults used when a setting is missing (a fresh install before the admin saves the page).
const (
	defaultRetention     = 500
	defaultMaxMessageLen = 1000
)

// retention is the number of messages kept per chat; 0 keeps all.
func (c *configuration) retention() int {
	if c.RetentionMessages == nil {
		return defaultRetention
	}
	return *c.RetentionMessages
}

func (c *configuration) Clone() *configuration {
	clone := *c
	return &clone
}

// withDefaults fills zero values that the schema's defaults would have given.
func (c *configuration) withDefaults() *configuration {
	out := c.Clone()
	if out.RetentionMessages == nil {
		n := defaultRetention
		out.RetentionMessages = &n
	}
	if out.MaxMessageLength == 0 {
		out.MaxMessageLength = defaultMaxMessageLen
	}
	if out.Helpdesk == "" {
		out.Helpdesk = helpdeskBuiltin
	}
	if out.ChatAccess == "" {
		out.ChatAccess = access.ModeMembers
	}
	return out
}

// IsValid reports the first setting an admin must fix.
func (c *configuration) IsValid() error {
	if n := c.retention(); n < 0 {
		return fmt.Errorf("messages kept per chat must be 0 (keep all) or more, got %d", n)
	} else if n > 0 && n < 10 {
		return fmt.Errorf("messages kept per chat must be at least 10 (or 0 to keep all), got %d", n)
	}
	if c.MaxMessageLength < 1 || c.MaxMessageLength > 4096 {
		return fmt.Errorf("longest reply must be between 1 and 4096 characters, got %d", c.MaxMessageLength)
	}
	switch c.Helpdesk {
	case "", helpdeskBuiltin:
	case helpdeskRemOnline:
		if c.RemOnlineAPIKey == "" {
			return errors.New("the RemOnline helpdesk needs its API key")
		}
		if _, err := optionalID(c.RemOnlineBranchID); err != nil {
			return fmt.Errorf("the RemOnline branch id %w", err)
		}
		if _, err := optionalID(c.RemOnlineOrderTypeID); err != nil {
			return fmt.Errorf("the RemOnline order type id %w", err)
		}
	default:
		return fmt.Errorf("helpdesk must be builtin or remonline, got %q", c.Helpdesk)
	}
	switch c.ChatAccess {
	case "", access.ModeMembers, access.ModeRestricted:
	default:
		return fmt.Errorf("who may use chats must be members or restricted, got %q", c.ChatAccess)
	}
	if !helpdesk.ValidRegion(c.HelpdeskRegion) {
		return fmt.Errorf("the default country for phone numbers must be a two-letter code such as PL or US, got %q", c.HelpdeskRegion)
	}
	if c.EncryptionKey == "" {
		return errors.New("the credentials encryption key is empty: regenerate it in the System Console")
	}
	if len(c.EncryptionKey) < 16 {
		return errors.New("the credentials encryption key is too short: regenerate it in the System Console")
	}
	return nil
}

func (p *Plugin) getConfiguration() *configuration {
	p.configurationLock.RLock()
	defer p.configurationLock.RUnlock()
	if p.configuration == nil {
		return &configuration{}
	}
	return p.configuration
}

func (p *Plugin) setConfiguration(c *configuration) {
	p.configurationLock.Lock()
	defer p.configurationLock.Unlock()
	if c != nil && p.configuration == c {
		// Storing the same pointer means a caller mutated it in place: a bug.
		panic("setConfiguration called with the existing configuration")
	}
	p.configuration = c
}

// optionalID reads a numeric id setting; empty is 0 (not set).
func optionalID(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("must be a positive number, got %q", v)
	}
	return n, nil
}
