// Package coretest holds in-memory fakes of the core's seams (its Store and its Mattermost server) for
// fast tests of the core. The Store reproduces the PostgreSQL store's semantics, and a conformance
// test runs one table of behaviours against both, so the fake cannot drift from the real thing.
package coretest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Store is an in-memory conversation.Store with the PostgreSQL store's semantics: the same unique
// claims, upserts, orders, filters and "changed" answers. It is safe for concurrent use.
type Store struct {
	mu            sync.Mutex
	now           func() time.Time
	connections   map[string]*conversation.Connection
	conversations map[string]*convRow
	messages      []*msgRow // insertion order: what PostgreSQL returns where a query orders nothing
	reads         map[readKey]int64
	early         []earlyRow
	audit         []conversation.AuditEntry
	settingsSeen  map[string]string // AddAuditOnChange's last value per target
	incidents     map[string]*incident
	quickReplies  map[[2]string]conversation.QuickReply
	retired       map[string]retiredRow
	sweeps        map[string]int64
	applied       map[appliedKey]int64
	chatChannels  map[string]bool
	// counted counts the calls of a pass's batched writes and of the reply hook's chat lookup, and
	// queues their failures (FailNext).
	counted calls

	locksMu sync.Mutex
	locks   map[string]chan struct{}
}

// convRow is a conversation as stored: root_post_id is nullable, and NULL differs from "".
type convRow struct {
	c       conversation.Conversation
	rootSet bool
}

// msgRow is a message as stored: provider_message_id and post_id are nullable, and the event is
// kept as the JSON the jsonb column holds, so reads return what a round trip through it returns.
type msgRow struct {
	m           conversation.Message
	providerSet bool
	postSet     bool
	event       []byte
}

type readKey struct{ user, conversation string }

type earlyRow struct {
	st       conversation.EarlyStatus
	state    string
	createAt int64
}

// NewStore returns an empty store whose own timestamps (update_at, an early status's create_at) come
// from the wall clock, as the SQL's do.
func NewStore() *Store {
	return &Store{
		now:           time.Now,
		connections:   map[string]*conversation.Connection{},
		conversations: map[string]*convRow{},
		reads:         map[readKey]int64{},
		incidents:     map[string]*incident{},
		quickReplies:  map[[2]string]conversation.QuickReply{},
		retired:       map[string]retiredRow{},
		sweeps:        map[string]int64{},
		applied:       map[appliedKey]int64{},
		chatChannels:  map[string]bool{},
		counted:       newCalls("NoteAttempts", "MarkPosted", "ChatOfThread"),
		locks:         map[string]chan struct{}{},
	}
}

// SetNow replaces the wall clock the store stamps rows with, so a test can age early statuses.
func (s *Store) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

func (s *Store) nowMillis() int64 { return s.now().UnixMilli() }

// constraintError is what a write that PostgreSQL would refuse returns.
type constraintError struct{ msg string }

func (e *constraintError) Error() string { return "coretest store: " + e.msg }

func violation(format string, args ...any) error {
	return &constraintError{msg: fmt.Sprintf(format, args...)}
}

// varchar checks VARCHAR(n) limits, which PostgreSQL counts in characters.
func varchar(checks ...any) error {
	for i := 0; i+2 < len(checks); i += 3 {
		col, v, n := checks[i].(string), checks[i+1].(string), checks[i+2].(int)
		if utf8.RuneCountInString(v) > n {
			return violation("value too long for type character varying(%d) (%s)", n, col)
		}
		if strings.IndexByte(v, 0) >= 0 {
			return violation("invalid byte sequence for encoding \"UTF8\": 0x00 (%s)", col)
		}
	}
	return nil
}

// Connections.

func copyConnection(c *conversation.Connection) *conversation.Connection {
	out := *c
	out.Credentials, out.CredentialsUnreadable = nil, false // only the sealed form is stored
	out.Sealed = append([]byte{}, c.Sealed...)
	return &out
}

func connectionLimits(c *conversation.Connection) error {
	if c.Sealed == nil {
		return violation("null value in column \"credentials\" violates not-null constraint") // a nil []byte is NULL
	}
	return varchar("id", c.ID, 26, "kind", string(c.Kind), 16, "name", c.Name, 128, "channel_id", c.ChannelID, 26,
		"verify_token", c.VerifyToken, 64, "account_id", c.AccountID, 128, "account_name", c.AccountName, 256,
		"created_by", c.CreatedBy, 26)
}

func (s *Store) CreateConnection(_ context.Context, c *conversation.Connection) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := connectionLimits(c); err != nil {
		return err
	}
	if _, ok := s.connections[c.ID]; ok {
		return violation("duplicate key: connection %s", c.ID)
	}
	s.connections[c.ID] = copyConnection(c)
	s.chatChannels[c.ChannelID] = true
	return nil
}

// ChatChannels lists every channel a connection was ever mapped to.
func (s *Store) ChatChannels(context.Context) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.chatChannels)), nil
}

func (s *Store) UpdateConnection(_ context.Context, c *conversation.Connection) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.connections[c.ID]
	if !ok {
		return conversation.ErrNotFound
	}
	if err := connectionLimits(c); err != nil {
		return err
	}
	// Kind, verify token, creator and creation time are not editable.
	upd := copyConnection(c)
	upd.Kind, upd.VerifyToken, upd.CreatedBy, upd.CreateAt = row.Kind, row.VerifyToken, row.CreatedBy, row.CreateAt
	s.connections[c.ID] = upd
	s.chatChannels[c.ChannelID] = true
	return nil
}

func (s *Store) SetAccount(_ context.Context, id, accountID, accountName string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.connections[id]
	if !ok {
		return conversation.ErrNotFound
	}
	if err := varchar("account_id", accountID, 128, "account_name", accountName, 256); err != nil {
		return err
	}
	row.AccountID, row.AccountName = accountID, accountName
	return nil
}

func (s *Store) SetCredentials(_ context.Context, id string, sealed []byte, updateAt, expectedUpdateAt int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.connections[id]
	if !ok || row.UpdateAt != expectedUpdateAt {
		return false, nil
	}
	row.Sealed, row.UpdateAt = slices.Clone(sealed), updateAt
	return true, nil
}

func (s *Store) SetSyncLost(_ context.Context, id string, at int64, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.connections[id]
	if !ok {
		return conversation.ErrNotFound
	}
	row.SyncLostAt, row.SyncReason = at, reason
	return nil
}

func (s *Store) GetConnection(_ context.Context, id string) (*conversation.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.connections[id]
	if !ok {
		return nil, conversation.ErrNotFound
	}
	return copyConnection(row), nil
}

func (s *Store) ListConnections(context.Context) ([]*conversation.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*conversation.Connection
	for _, row := range s.connections {
		out = append(out, copyConnection(row))
	}
	slices.SortFunc(out, func(a, b *conversation.Connection) int {
		return cmp.Or(cmp.Compare(a.CreateAt, b.CreateAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// DeleteConnection cascades as the foreign keys do: its conversations, their messages and read
// marks go; messages that only name the connection and early statuses stay.
func (s *Store) DeleteConnection(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.connections[id]; !ok {
		return conversation.ErrNotFound
	}
	delete(s.connections, id)
	delete(s.incidents, id)
	for k := range s.applied {
		if k.connection == id {
			delete(s.applied, k)
		}
	}
	for cid, row := range s.conversations {
		if row.c.ConnectionID == id {
			s.deleteConversation(cid)
		}
	}
	return nil
}

func (s *Store) deleteConversation(id string) {
	delete(s.conversations, id)
	s.messages = slices.DeleteFunc(s.messages, func(r *msgRow) bool { return r.m.ConversationID == id })
	for root, r := range s.retired {
		if r.conversationID == id {
			delete(s.retired, root)
		}
	}
	for k := range s.reads {
		if k.conversation == id {
			delete(s.reads, k)
		}
	}
}

// Conversations.

func (r *convRow) copy() *conversation.Conversation {
	out := r.c
	out.Viewer, out.ViewerReadAt = "", 0
	return &out
}

// EnsureConversation inserts the conversation or, when the customer already has one on the
// connection (whatever its status), refreshes the display data the provider sent and returns it.
func (s *Store) EnsureConversation(_ context.Context, c *conversation.Conversation) (*conversation.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := varchar("id", c.ID, 26, "connection_id", c.ConnectionID, 26, "customer_id", string(c.CustomerID), 128,
		"customer_name", c.CustomerName, 256, "customer_phone", c.CustomerPhone, 64,
		"customer_username", c.CustomerUsername, 128); err != nil {
		return nil, err
	}
	for _, row := range s.conversations {
		if row.c.ConnectionID == c.ConnectionID && row.c.CustomerID == c.CustomerID {
			row.c.CustomerName = cmp.Or(c.CustomerName, row.c.CustomerName)
			row.c.CustomerPhone = cmp.Or(c.CustomerPhone, row.c.CustomerPhone)
			row.c.CustomerUsername = cmp.Or(c.CustomerUsername, row.c.CustomerUsername)
			return row.copy(), nil
		}
	}
	if _, ok := s.conversations[c.ID]; ok {
		return nil, violation("duplicate key: conversation %s", c.ID)
	}
	if _, ok := s.connections[c.ConnectionID]; !ok {
		return nil, violation("foreign key: no connection %s", c.ConnectionID)
	}
	row := &convRow{c: conversation.Conversation{
		ID: c.ID, ConnectionID: c.ConnectionID, CustomerID: c.CustomerID, CustomerName: c.CustomerName,
		CustomerPhone: c.CustomerPhone, CustomerUsername: c.CustomerUsername, Status: conversation.Active,
		CreateAt: c.CreateAt, UpdateAt: c.CreateAt,
	}}
	s.conversations[c.ID] = row
	return row.copy(), nil
}

func (s *Store) GetConversation(_ context.Context, id string) (*conversation.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.conversations[id]
	if !ok {
		return nil, conversation.ErrNotFound
	}
	return row.copy(), nil
}

func (s *Store) GetConversationByRoot(_ context.Context, rootPostID string) (*conversation.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, row := range s.conversations {
		if row.rootSet && row.c.RootPostID == rootPostID {
			return row.copy(), nil
		}
	}
	return nil, conversation.ErrNotFound
}

func (s *Store) ConversationByCustomer(_ context.Context, connectionID string, customer channel.CustomerID) (*conversation.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, row := range s.conversations {
		if row.c.ConnectionID == connectionID && row.c.CustomerID == customer {
			return row.copy(), nil
		}
	}
	return nil, conversation.ErrNotFound
}

// SetRootPost stores postID as given: "" is an empty root, not NULL, as in the SQL.
func (s *Store) SetRootPost(_ context.Context, id, postID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.conversations[id]
	if !ok {
		return conversation.ErrNotFound
	}
	if err := varchar("root_post_id", postID, 26); err != nil {
		return err
	}
	for oid, other := range s.conversations {
		if oid != id && other.rootSet && other.c.RootPostID == postID {
			return violation("duplicate key: root post %s", postID)
		}
	}
	row.c.RootPostID, row.rootSet = postID, true
	return nil
}

func (s *Store) SetOptedOut(_ context.Context, id string, at int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.conversations[id]
	if !ok || (row.c.OptedOutAt == 0) == (at == 0) {
		return false, nil
	}
	row.c.OptedOutAt, row.c.UpdateAt = at, s.nowMillis()
	return true, nil
}

func (s *Store) SetStatus(_ context.Context, id string, status conversation.Status, by string, at int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.conversations[id]
	if !ok || row.c.Status == status {
		return false, nil
	}
	if err := varchar("status", string(status), 16, "archived_by", by, 26); err != nil {
		return false, err
	}
	row.c.Status, row.c.ArchivedBy, row.c.ArchivedAt, row.c.UpdateAt = status, by, at, s.nowMillis()
	return true, nil
}

func (s *Store) RecordMessage(_ context.Context, id string, fromCustomer bool, at int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if row, ok := s.conversations[id]; ok {
		row.record(fromCustomer, at, s.nowMillis())
	}
	return nil
}

// record is the SQL's recordSet: every right-hand side reads the row as it was before the update.
func (r *convRow) record(from bool, at, now int64) {
	c := &r.c
	if at >= c.LastMessageAt {
		c.LastFromCustomer = from
	}
	if from {
		c.LastCustomerAt = max(c.LastCustomerAt, at)
	}
	c.LastMessageAt = max(c.LastMessageAt, at)
	c.UpdateAt = now
}

func (s *Store) AddPruned(_ context.Context, id string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if row, ok := s.conversations[id]; ok {
		row.c.PrunedCount += n
	}
	return nil
}

// ListConversations lists conversations with a root post on the given connections, newest activity
// first; PerPage 0 lists nothing (LIMIT 0).
func (s *Store) ListConversations(_ context.Context, f conversation.ListFilter) ([]*conversation.Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(f.ConnectionIDs) == 0 {
		return nil, nil
	}
	if f.PerPage < 0 || f.Page*f.PerPage < 0 {
		return nil, violation("LIMIT and OFFSET must not be negative")
	}
	var all []*conversation.Conversation
	for _, row := range s.conversations {
		c := &row.c
		if !row.rootSet || !slices.Contains(f.ConnectionIDs, c.ConnectionID) ||
			f.Status != "" && c.Status != f.Status ||
			f.Unanswered && !c.LastFromCustomer ||
			f.Phone != "" && c.CustomerPhone != f.Phone ||
			f.UnreadFor != "" && c.LastCustomerAt <= s.reads[readKey{f.UnreadFor, c.ID}] ||
			!matchesQuery(c, f.Query) ||
			f.Assigned == conversation.Unassigned && c.AssigneeID != "" ||
			f.Assigned != "" && f.Assigned != conversation.Unassigned && c.AssigneeID != f.Assigned {
			continue
		}
		out := row.copy()
		out.Viewer, out.ViewerReadAt = f.Viewer, s.reads[readKey{f.Viewer, c.ID}]
		all = append(all, out)
	}
	slices.SortFunc(all, func(a, b *conversation.Conversation) int {
		return cmp.Or(cmp.Compare(b.LastMessageAt, a.LastMessageAt), cmp.Compare(a.ID, b.ID))
	})
	limit := f.PerPage
	if f.More {
		limit++
	}
	from := min(f.Page*f.PerPage, len(all))
	page := all[from:min(from+limit, len(all))]
	if len(page) == 0 {
		return nil, nil
	}
	return page, nil
}

// matchesQuery is the list's search: the name or username contains the text (case-insensitive), or
// the phone contains its digits.
func matchesQuery(c *conversation.Conversation, query string) bool {
	text := strings.ToLower(strings.TrimSpace(query))
	if text == "" {
		return true
	}
	if strings.Contains(strings.ToLower(c.CustomerName), text) || strings.Contains(strings.ToLower(c.CustomerUsername), text) {
		return true
	}
	d := conversation.Digits(text)
	return d != "" && strings.Contains(c.CustomerPhone, d)
}

// SetAssignee assigns a conversation ("" unassigns) and reports whether that changed anything.
func (s *Store) SetAssignee(_ context.Context, id, userID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := varchar("assignee_id", userID, 26); err != nil {
		return false, err
	}
	row, ok := s.conversations[id]
	if !ok || row.c.AssigneeID == userID {
		return false, nil
	}
	row.c.AssigneeID, row.c.UpdateAt = userID, s.nowMillis()
	return true, nil
}

// Quick replies.

func (s *Store) QuickReplies(_ context.Context, teamID string) ([]conversation.QuickReply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []conversation.QuickReply{}
	for k, q := range s.quickReplies {
		if k[0] == teamID {
			out = append(out, q)
		}
	}
	slices.SortFunc(out, func(a, b conversation.QuickReply) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

func (s *Store) QuickReply(_ context.Context, teamID, name string) (conversation.QuickReply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.quickReplies[[2]string{teamID, name}]
	if !ok {
		return conversation.QuickReply{}, conversation.ErrNotFound
	}
	return q, nil
}

func (s *Store) PutQuickReply(_ context.Context, q conversation.QuickReply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := varchar("team_id", q.TeamID, 26, "name", q.Name, 32, "updated_by", q.UpdatedBy, 26); err != nil {
		return err
	}
	s.quickReplies[[2]string{q.TeamID, q.Name}] = q
	return nil
}

func (s *Store) DeleteQuickReply(_ context.Context, teamID, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{teamID, name}
	if _, ok := s.quickReplies[k]; !ok {
		return conversation.ErrNotFound
	}
	delete(s.quickReplies, k)
	return nil
}

func (s *Store) Indicators(_ context.Context, userID string, connectionIDs []string) (unread, unanswered, attention int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, row := range s.conversations {
		c := &row.c
		if !row.rootSet || c.Status != conversation.Active || !slices.Contains(connectionIDs, c.ConnectionID) {
			continue
		}
		isUnread := c.LastCustomerAt > s.reads[readKey{userID, c.ID}]
		if isUnread {
			unread++
		}
		if c.LastFromCustomer {
			unanswered++
		}
		if isUnread || c.LastFromCustomer {
			attention++
		}
	}
	return unread, unanswered, attention, nil
}

func (s *Store) ReadState(_ context.Context, userID, conversationID string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads[readKey{userID, conversationID}], nil
}

func (s *Store) MarkRead(_ context.Context, userID, conversationID string, at int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := varchar("user_id", userID, 26, "conversation_id", conversationID, 26); err != nil {
		return err
	}
	k := readKey{userID, conversationID}
	if old, ok := s.reads[k]; ok {
		s.reads[k] = max(old, at)
		return nil
	}
	if _, ok := s.conversations[conversationID]; !ok {
		return violation("foreign key: no conversation %s", conversationID)
	}
	s.reads[k] = at
	return nil
}

// WithConversationLock runs fn holding a per-conversation lock; like the store's claim it does not
// need the conversation to exist, is not re-entrant, and gives up when ctx ends while waiting.
func (s *Store) WithConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.locksMu.Lock()
	l, ok := s.locks[conversationID]
	if !ok {
		l = make(chan struct{}, 1)
		s.locks[conversationID] = l
	}
	s.locksMu.Unlock()
	select {
	case l <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("locking conversation: %w", ctx.Err())
	}
	defer func() { <-l }()
	return fn(ctx)
}

// TryConversationLock runs fn holding the conversation's lock when it is free; when another holder
// has it, it reports false at once without running fn, like the store's claim.
func (s *Store) TryConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	s.locksMu.Lock()
	l, ok := s.locks[conversationID]
	if !ok {
		l = make(chan struct{}, 1)
		s.locks[conversationID] = l
	}
	s.locksMu.Unlock()
	select {
	case l <- struct{}{}:
	default:
		return false, nil
	}
	defer func() { <-l }()
	return true, fn(ctx)
}

// Messages.

func (r *msgRow) copy() (*conversation.Message, error) {
	out := r.m
	out.Event = nil
	if r.event != nil {
		out.Event = new(channel.Event)
		if err := json.Unmarshal(r.event, out.Event); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

func copies(rows []*msgRow) ([]*conversation.Message, error) {
	var out []*conversation.Message
	for _, r := range rows {
		m, err := r.copy()
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func (s *Store) findMessages(keep func(*msgRow) bool) []*msgRow {
	var out []*msgRow
	for _, r := range s.messages {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Store) messageByID(id string) *msgRow {
	for _, r := range s.messages {
		if r.m.ID == id {
			return r
		}
	}
	return nil
}

// providerTaken reports whether another row holds (connection, provider id); NULLs never clash.
func (s *Store) providerTaken(self *msgRow, connectionID string, id channel.MessageID) bool {
	if id == "" {
		return false
	}
	for _, r := range s.messages {
		if r != self && r.providerSet && r.m.ConnectionID == connectionID && r.m.ProviderMessageID == id {
			return true
		}
	}
	return false
}

func (s *Store) postTaken(self *msgRow, postID string, set bool) bool {
	if !set {
		return false
	}
	for _, r := range s.messages {
		if r != self && r.postSet && r.m.PostID == postID {
			return true
		}
	}
	return false
}

// insert is the SQL's insertMessage: any unique clash (id, claim, post) is a quiet "no"; a missing
// conversation is an error.
func (s *Store) insert(m *conversation.Message) (*msgRow, error) {
	if err := varchar("id", m.ID, 26, "conversation_id", m.ConversationID, 26, "connection_id", m.ConnectionID, 26,
		"direction", string(m.Direction), 8, "provider_message_id", string(m.ProviderMessageID), 256,
		"post_id", m.PostID, 26, "state", m.State, 16); err != nil {
		return nil, err
	}
	row := &msgRow{m: *m, providerSet: m.ProviderMessageID != "", postSet: m.PostID != ""}
	row.m.Event, row.m.Pruned = nil, false
	if m.Event != nil {
		// The store's event codec cleans every text (channel.CleanText); jsonbAccepts still checks.
		ev := *m.Event
		ev.Media = slices.Clone(ev.Media)
		if ev.Err != nil {
			e := *ev.Err
			ev.Err = &e
		}
		ev.Clean()
		b, err := json.Marshal(&ev)
		if err != nil {
			return nil, err
		}
		if err := jsonbAccepts(b); err != nil {
			return nil, err
		}
		row.event = b
	}
	if s.messageByID(m.ID) != nil || s.providerTaken(nil, m.ConnectionID, m.ProviderMessageID) ||
		s.postTaken(nil, m.PostID, row.postSet) {
		return nil, nil
	}
	if _, ok := s.conversations[m.ConversationID]; !ok {
		return nil, violation("foreign key: no conversation %s", m.ConversationID)
	}
	s.messages = append(s.messages, row)
	return row, nil
}

// jsonbAccepts refuses what a jsonb column refuses: a NUL character in a string.
func jsonbAccepts(b []byte) error {
	var probe any
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case string:
			return !slices.Contains([]byte(v), 0)
		case []any:
			return !slices.ContainsFunc(v, func(e any) bool { return !walk(e) })
		case map[string]any:
			for k, e := range v {
				if !walk(k) || !walk(e) {
					return false
				}
			}
		}
		return true
	}
	if !walk(probe) {
		return violation("unsupported Unicode escape sequence: \\u0000 cannot be converted to text")
	}
	return nil
}

func (s *Store) InsertMessage(_ context.Context, m *conversation.Message) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, err := s.insert(m)
	return row != nil, err
}

// ClaimMessage inserts and, only when the claim was taken, records the message on its conversation
// at the message's ProviderAt, stamping update_at with its CreateAt (not the clock), as the SQL does.
func (s *Store) ClaimMessage(_ context.Context, m *conversation.Message) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, err := s.insert(m)
	if row == nil || err != nil {
		return false, err
	}
	s.conversations[m.ConversationID].record(m.Direction == conversation.In, m.ProviderAt, m.CreateAt)
	return true, nil
}

func byProviderOrder(a, b *msgRow) int {
	return cmp.Or(cmp.Compare(a.m.ProviderAt, b.m.ProviderAt), cmp.Compare(a.m.CreateAt, b.m.CreateAt), cmp.Compare(a.m.ID, b.m.ID))
}

func (s *Store) Work(_ context.Context, conversationID string, now int64) (pending, outbox []*conversation.Message, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := s.findMessages(func(r *msgRow) bool {
		return r.m.ConversationID == conversationID &&
			((r.m.State == conversation.StatePending && r.m.NextAttemptAt <= now) || (r.m.Direction == conversation.Out && r.m.State == "sending"))
	})
	slices.SortFunc(rows, byProviderOrder)
	all, err := copies(rows)
	pending, outbox = conversation.SplitWork(all)
	return pending, outbox, err
}

func (s *Store) PendingInbound(ctx context.Context, conversationID string, now int64) ([]*conversation.Message, error) {
	pending, _, err := s.Work(ctx, conversationID, now)
	return pending, err
}

func (s *Store) DropEchoClaim(_ context.Context, connectionID string, id channel.MessageID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = slices.DeleteFunc(s.messages, func(r *msgRow) bool {
		return r.m.ConnectionID == connectionID && r.providerSet && r.m.ProviderMessageID == id &&
			r.m.Direction == conversation.Out && r.m.State == conversation.StatePending && !r.postSet
	})
	return nil
}

// MarkPosted stores postID as given: "" is an empty post id, not NULL, as in the SQL.
// FailNext makes the next n calls of a write a worker's pass batches (NoteAttempts, MarkPosted),
// or of ChatOfThread, return err: the database failing after the posts were made. Failed calls
// change nothing.
func (s *Store) FailNext(method string, n int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counted.failNext(method, n, err)
}

// Calls counts the calls of a batched write, or of ChatOfThread, so far, failed ones included.
func (s *Store) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counted.counts[method]
}

// MarkPosted checks every mark before it applies any, as one statement does.
func (s *Store) MarkPosted(_ context.Context, posted ...conversation.Posted) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.counted.call("MarkPosted"); err != nil {
		return err
	}
	rows := make([]*msgRow, len(posted))
	for i, p := range posted {
		row := s.messageByID(p.ID)
		if row == nil {
			return conversation.ErrNotFound
		}
		if err := varchar("post_id", p.PostID, 26, "state", p.State, 16); err != nil {
			return err
		}
		if s.postTaken(row, p.PostID, true) {
			return violation("duplicate key: post %s", p.PostID)
		}
		rows[i] = row
	}
	for i, p := range posted {
		rows[i].m.PostID, rows[i].postSet, rows[i].m.State, rows[i].event = p.PostID, true, p.State, nil
	}
	return nil
}

func (s *Store) NoteAttempts(_ context.Context, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.counted.call("NoteAttempts"); err != nil {
		return err
	}
	for _, id := range ids {
		if row := s.messageByID(id); row != nil {
			row.m.Attempts++
		}
	}
	return nil
}

func (s *Store) MarkApplied(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row := s.messageByID(id)
	if row == nil {
		return conversation.ErrNotFound
	}
	row.m.State, row.event = conversation.StateApplied, nil
	return nil
}

// RetryOutboxNow names each conversation once, in the order its first row was stored (the SQL's
// RETURNING promises no order).
func (s *Store) RetryOutboxNow(_ context.Context, connectionID string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.messages {
		if r.m.ConnectionID == connectionID && r.m.Direction == conversation.Out && r.m.State == "sending" && r.m.NextAttemptAt > 0 {
			r.m.NextAttemptAt = 0
			if !slices.Contains(out, r.m.ConversationID) {
				out = append(out, r.m.ConversationID)
			}
		}
	}
	return out, nil
}

// Outbox lists every unsent reply, due or not.
// DueConversations returns the longest waiting first, as the SQL does: by their earliest due
// attempt, then their oldest row, then id.
func (s *Store) DueConversations(_ context.Context, now int64, limit int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit < 0 {
		return nil, violation("LIMIT must not be negative")
	}
	type due struct{ next, created int64 }
	first := map[string]*due{}
	var out []string
	for _, r := range s.messages {
		if (r.m.State == conversation.StatePending || r.m.State == "sending") && r.m.NextAttemptAt <= now {
			d, ok := first[r.m.ConversationID]
			if !ok {
				first[r.m.ConversationID] = &due{r.m.NextAttemptAt, r.m.CreateAt}
				out = append(out, r.m.ConversationID)
				continue
			}
			d.next, d.created = min(d.next, r.m.NextAttemptAt), min(d.created, r.m.CreateAt)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(first[a].next, first[b].next), cmp.Compare(first[a].created, first[b].created), strings.Compare(a, b))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// UpdateDelivery saves the provider id ("" clears it), state, reason, attempts, next attempt and read
// time; a provider id another row of the connection holds is an error, not a quiet "no".
func (s *Store) UpdateDelivery(_ context.Context, m *conversation.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row := s.messageByID(m.ID)
	if row == nil {
		return conversation.ErrNotFound
	}
	if err := varchar("provider_message_id", string(m.ProviderMessageID), 256, "state", m.State, 16); err != nil {
		return err
	}
	if s.providerTaken(row, row.m.ConnectionID, m.ProviderMessageID) {
		return violation("duplicate key: provider message %s", m.ProviderMessageID)
	}
	row.m.ProviderMessageID, row.providerSet = m.ProviderMessageID, m.ProviderMessageID != ""
	row.m.State, row.m.Reason, row.m.Attempts, row.m.NextAttemptAt, row.m.ReadAt = m.State, m.Reason, m.Attempts, m.NextAttemptAt, m.ReadAt
	return nil
}

func (s *Store) oneMessage(match func(*msgRow) bool) (*conversation.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.messages {
		if match(r) {
			return r.copy()
		}
	}
	return nil, conversation.ErrNotFound
}

func (s *Store) MessageByProviderID(_ context.Context, connectionID string, id channel.MessageID) (*conversation.Message, error) {
	return s.oneMessage(func(r *msgRow) bool {
		return r.providerSet && r.m.ConnectionID == connectionID && r.m.ProviderMessageID == id
	})
}

func (s *Store) MessageByPost(_ context.Context, postID string) (*conversation.Message, error) {
	return s.oneMessage(func(r *msgRow) bool { return r.postSet && r.m.PostID == postID })
}

func (s *Store) MessageByID(_ context.Context, id string) (*conversation.Message, error) {
	return s.oneMessage(func(r *msgRow) bool { return r.m.ID == id })
}

// LastInbound breaks a tie of provider_at and create_at by the newest id; the SQL leaves it open.
func (s *Store) LastInbound(_ context.Context, conversationID string) (channel.MessageID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := s.findMessages(func(r *msgRow) bool {
		return r.m.ConversationID == conversationID && r.m.Direction == conversation.In && r.providerSet && r.postSet
	})
	if len(rows) == 0 {
		return "", conversation.ErrNotFound
	}
	return slices.MaxFunc(rows, byProviderOrder).m.ProviderMessageID, nil
}

// SentUpTo lists replies sent or delivered at or before the watermark, in provider order (ties by
// creation and id; the SQL orders by provider time only).
func (s *Store) SentUpTo(_ context.Context, conversationID string, watermark int64, behind string) ([]*conversation.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := s.findMessages(func(r *msgRow) bool {
		return r.m.ConversationID == conversationID && r.m.Direction == conversation.Out && r.m.ProviderAt <= watermark &&
			(r.m.State == "sent" || r.m.State == "delivered") && r.m.State != behind && r.postSet
	})
	slices.SortFunc(rows, byProviderOrder)
	return copies(rows)
}

func (s *Store) OverLimit(ctx context.Context, conversationIDs []string, keep int) ([]string, error) {
	var out []string
	for _, id := range conversationIDs {
		over, err := s.PrunableMessages(ctx, id, keep)
		if err != nil {
			return nil, err
		}
		if len(over) > 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

func (s *Store) PrunableMessages(_ context.Context, conversationID string, keep int) ([]*conversation.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if keep < 0 {
		return nil, violation("OFFSET must not be negative")
	}
	rows := s.findMessages(func(r *msgRow) bool {
		return r.m.ConversationID == conversationID && !r.m.Pruned && r.postSet && r.m.State != conversation.StatePending
	})
	slices.SortFunc(rows, func(a, b *msgRow) int { return byProviderOrder(b, a) })
	return copies(rows[min(keep, len(rows)):])
}

func (s *Store) MarkPruned(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if row := s.messageByID(id); row != nil {
		row.m.Pruned = true
	}
	return nil
}

// Early statuses.

// KeepEarlyStatus keeps one status per (connection, message, state); a repeat is ignored.
func (s *Store) KeepEarlyStatus(_ context.Context, st conversation.EarlyStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	state := st.State.String()
	if err := varchar("connection_id", st.ConnectionID, 26, "provider_message_id", string(st.ProviderMessageID), 256,
		"state", state, 16, "class", string(st.Class), 32); err != nil {
		return err
	}
	for _, e := range s.early {
		if e.st.ConnectionID == st.ConnectionID && e.st.ProviderMessageID == st.ProviderMessageID && e.state == state {
			return nil
		}
	}
	s.early = append(s.early, earlyRow{st: st, state: state, createAt: s.nowMillis()})
	return nil
}

// TakeEarlyStatuses returns the kept statuses in the order they were kept; the SQL's DELETE ...
// RETURNING promises no order.
func (s *Store) TakeEarlyStatuses(_ context.Context, connectionID string, id channel.MessageID) ([]conversation.EarlyStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []conversation.EarlyStatus
	s.early = slices.DeleteFunc(s.early, func(e earlyRow) bool {
		if e.st.ConnectionID != connectionID || e.st.ProviderMessageID != id {
			return false
		}
		st := e.st
		st.State = channel.ParseDeliveryState(e.state) // stored by name, as the SQL does
		out = append(out, st)
		return true
	})
	return out, nil
}

func (s *Store) DropEarlyStatuses(_ context.Context, before int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.early = slices.DeleteFunc(s.early, func(e earlyRow) bool { return e.createAt < before })
	return nil
}
