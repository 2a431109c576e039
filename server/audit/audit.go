// Package audit keeps Frontdesk's audit trail: who created, changed, reconnected or deleted a
// connection, changed who may use chats, linked or unlinked a client, archived or reopened a chat,
// and when. Admins read it through the API. Details name things, never message text or phones.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// The actions the trail records.
const (
	ConnectionCreate    = "connection.create"
	ConnectionUpdate    = "connection.update"
	ConnectionReconnect = "connection.reconnect"
	ConnectionDelete    = "connection.delete"
	AccessChange        = "access.change"
	ClientLink          = "client.link"
	ClientUnlink        = "client.unlink"
	ConversationArchive = "conversation.archive"
	ConversationReopen  = "conversation.reopen"
	ConversationAssign  = "assign"
)

// Target types.
const (
	TargetConnection   = "connection"
	TargetConversation = "conversation"
	TargetSettings     = "settings"
)

// Store keeps the entries.
type Store interface {
	AddAudit(ctx context.Context, e conversation.AuditEntry) error
	// AddAuditOnChange writes e unless its detail is the value last recorded for its target.
	AddAuditOnChange(ctx context.Context, e conversation.AuditEntry) (bool, error)
	ListAudit(ctx context.Context, before int64, limit int) ([]conversation.AuditEntry, error)
}

// Mattermost names users and tells admins.
type Mattermost interface {
	IsSystemAdmin(userID string) bool
	Username(userID string) string
}

// Recorder is what the parts that change things need: one call per change.
type Recorder interface {
	Record(ctx context.Context, userID, action, targetType, targetID, detail string)
}

// Entry is an entry with its user's name, as the API answers it.
type Entry struct {
	conversation.AuditEntry
	Username string
	// Via is ViaSystemConsole for a setting saved in the System Console, "" otherwise.
	Via string
}

// A setting saved in the System Console: Mattermost's configuration hook does not say who saved it
// (Mattermost's own audit log does), so the entry has no user and is shown as the System Console.
const (
	ViaSystemConsole  = "system_console"
	SystemConsoleName = "System Console"
)

// MaxLimit bounds one page of the trail.
const MaxLimit = 500

// Trail records and lists entries. It is safe for concurrent use.
type Trail struct {
	store Store
	mm    Mattermost
	log   conversation.Logger
	now   func() time.Time
}

// New builds the trail.
func New(s Store, mm Mattermost, log conversation.Logger) *Trail {
	return &Trail{store: s, mm: mm, log: conversation.Scrubbed(log), now: time.Now}
}

// Record writes one entry. A failure is logged, never returned: the change it records is done.
func (t *Trail) Record(ctx context.Context, userID, action, targetType, targetID, detail string) {
	e := conversation.AuditEntry{ID: model.NewId(), At: conversation.Millis(t.now()), UserID: userID, Action: action,
		TargetType: targetType, TargetID: targetID, Detail: detail}
	if err := t.store.AddAudit(ctx, e); err != nil {
		t.log.Error("Frontdesk: recording an audit entry", "action", action, "target_id", targetID, "err", err.Error())
	}
}

// RecordSettingChange writes the entry for a setting (targetID) saved in the System Console with
// the value detail, once for the whole cluster: every server runs the configuration hook, and only
// the first to record the new value writes it.
func (t *Trail) RecordSettingChange(ctx context.Context, action, targetID, detail string) {
	e := conversation.AuditEntry{ID: model.NewId(), At: conversation.Millis(t.now()), Action: action,
		TargetType: TargetSettings, TargetID: targetID, Detail: detail}
	if _, err := t.store.AddAuditOnChange(ctx, e); err != nil {
		t.log.Error("Frontdesk: recording an audit entry", "action", action, "target_id", targetID, "err", err.Error())
	}
}

// List returns a page of the trail, newest first, to system admins only.
func (t *Trail) List(ctx context.Context, userID string, before int64, limit int) ([]Entry, error) {
	if !t.mm.IsSystemAdmin(userID) {
		return nil, fmt.Errorf("%w: only system admins read the audit trail", conversation.ErrForbidden)
	}
	if limit <= 0 || limit > MaxLimit {
		return nil, fmt.Errorf("%w: limit must be between 1 and %d", conversation.ErrInvalid, MaxLimit)
	}
	list, err := t.store.ListAudit(ctx, before, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(list))
	names := map[string]string{}
	for _, e := range list {
		name, ok := names[e.UserID]
		if !ok && e.UserID != "" {
			name = t.mm.Username(e.UserID)
			names[e.UserID] = name
		}
		entry := Entry{AuditEntry: e, Username: name}
		if e.UserID == "" && e.TargetType == TargetSettings {
			entry.Username, entry.Via = SystemConsoleName, ViaSystemConsole
		}
		out = append(out, entry)
	}
	return out, nil
}
