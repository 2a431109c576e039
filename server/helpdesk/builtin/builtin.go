// Package builtin is the helpdesk Frontdesk ships: clients and documents kept in its own prefixed
// tables on the Mattermost PostgreSQL database (created by the store's migration 0005_helpdesk),
// so a business with no CRM can link chats to clients and open orders from day one.
//
// Promises kept by the database rather than by code: a messenger handle belongs to at most one
// client (primary key), and document numbers are per kind, gapless and never given twice (a
// counter row incremented in the inserting transaction, backed by a unique constraint).
package builtin

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/lib/pq"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// QueryTimeout bounds every query, as in the store.
const QueryTimeout = 10 * time.Second

// Statuses lists each kind's statuses in workflow order; the first is a new document's.
var Statuses = map[helpdesk.DocumentKind][]string{
	helpdesk.Order:    {"new", "in_progress", "ready", "done", "cancelled"},
	helpdesk.Estimate: {"draft", "sent", "accepted", "declined"},
	helpdesk.Lead:     {"new", "contacted", "converted", "lost"},
	helpdesk.Invoice:  {"unpaid", "paid", "void"},
}

// Config configures the built-in helpdesk.
type Config struct {
	// DB is the Mattermost PostgreSQL database, already migrated by the store.
	DB *sql.DB
	// DefaultRegion (ISO 3166 alpha-2, e.g. "PL") reads phone numbers typed without a country
	// code; empty means such numbers are refused.
	DefaultRegion string
	// Currency (ISO 4217) is given to documents priced here; empty leaves it unset.
	Currency string
}

// Helpdesk is the built-in helpdesk. It is safe for concurrent use.
type Helpdesk struct {
	db       *sql.DB
	region   string
	currency string
	now      func() time.Time
}

var _ helpdesk.Helpdesk = (*Helpdesk)(nil)

// New checks cfg and returns the built-in helpdesk.
func New(cfg Config) (*Helpdesk, error) {
	if cfg.DB == nil {
		return nil, errors.New("builtin helpdesk: no database")
	}
	if !helpdesk.ValidRegion(cfg.DefaultRegion) {
		return nil, fmt.Errorf("builtin helpdesk: unknown default region %q", cfg.DefaultRegion)
	}
	return &Helpdesk{db: cfg.DB, region: strings.ToUpper(cfg.DefaultRegion), currency: strings.ToUpper(cfg.Currency), now: time.Now}, nil
}

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, QueryTimeout)
}

const clientColumns = `c.id, c.name, c.phones, c.emails, c.address, c.notes`

type scanner interface{ Scan(...any) error }

func scanClient(row scanner) (helpdesk.Client, error) {
	var c helpdesk.Client
	err := row.Scan(&c.ID, &c.Name, pq.Array(&c.Phones), pq.Array(&c.Emails), &c.Address, &c.Notes)
	if errors.Is(err, sql.ErrNoRows) {
		return helpdesk.Client{}, helpdesk.ErrNotFound
	}
	if c.Phones == nil {
		c.Phones = []string{}
	}
	if c.Emails == nil {
		c.Emails = []string{}
	}
	c.Handles = []helpdesk.Handle{}
	return c, err
}

// SearchClients finds clients by handle, phone, email or name (the first criterion set in q).
// Name search uses PostgreSQL full-text search with a 'simple' tsvector and prefix terms: it is
// served by a GIN index (an ILIKE '%…%' scan is not, and the picker searches on every keystroke),
// it matches "kow" to "Kowalski" and word order does not matter. It does not match inside a word
// or fold accents (the unaccent extension cannot be assumed on the Mattermost database).
func (h *Helpdesk) SearchClients(ctx context.Context, q helpdesk.Query) ([]helpdesk.Client, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	limit := q.SearchLimit()
	var rows *sql.Rows
	var err error
	switch {
	case q.Handle.Kind != "" || q.Handle.ID != "":
		hd, nerr := helpdesk.NormalizeHandle(q.Handle)
		if nerr != nil {
			return nil, fmt.Errorf("builtin: search clients by handle: %w", nerr)
		}
		rows, err = h.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM frontdesk_clients c
			JOIN frontdesk_client_handles hd ON hd.client_id = c.id
			WHERE hd.kind = $1 AND hd.handle_id = $2`, hd.Kind, hd.ID)
	case strings.TrimSpace(q.Phone) != "":
		phone, nerr := helpdesk.NormalizePhone(q.Phone, h.region)
		if nerr != nil {
			return nil, fmt.Errorf("builtin: search clients by phone: %w", nerr)
		}
		rows, err = h.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM frontdesk_clients c
			WHERE c.phones @> ARRAY[$1]::text[] ORDER BY c.name, c.id LIMIT $2`, phone, limit)
	case strings.TrimSpace(q.Email) != "":
		email, nerr := helpdesk.NormalizeEmail(q.Email)
		if nerr != nil {
			return nil, fmt.Errorf("builtin: search clients by email: %w", nerr)
		}
		rows, err = h.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM frontdesk_clients c
			WHERE c.emails @> ARRAY[$1]::text[] ORDER BY c.name, c.id LIMIT $2`, email, limit)
	case strings.TrimSpace(q.Text) != "":
		tsq := prefixQuery(q.Text)
		if tsq == "" {
			return []helpdesk.Client{}, nil
		}
		rows, err = h.db.QueryContext(ctx, `SELECT `+clientColumns+` FROM frontdesk_clients c
			WHERE c.name_tsv @@ to_tsquery('simple', $1)
			ORDER BY ts_rank(c.name_tsv, to_tsquery('simple', $1)) DESC, c.name, c.id LIMIT $2`, tsq, limit)
	default:
		return nil, fmt.Errorf("builtin: search clients: no criterion: %w", helpdesk.ErrInvalid)
	}
	if err != nil {
		return nil, fmt.Errorf("builtin: search clients: %w", err)
	}
	defer rows.Close()
	out := []helpdesk.Client{}
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, fmt.Errorf("builtin: search clients: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("builtin: search clients: %w", err)
	}
	if err := h.loadHandles(ctx, out); err != nil {
		return nil, fmt.Errorf("builtin: search clients: %w", err)
	}
	return out, nil
}

// prefixQuery turns typed text into a tsquery where every word must prefix a word of the name.
// Only letters and digits pass, so nothing typed can be tsquery syntax.
func prefixQuery(text string) string {
	var terms []string
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(terms) == 8 {
			break
		}
		terms = append(terms, strings.ToLower(word)+":*")
	}
	return strings.Join(terms, " & ")
}

func (h *Helpdesk) loadHandles(ctx context.Context, clients []helpdesk.Client) error {
	if len(clients) == 0 {
		return nil
	}
	ids := make([]string, len(clients))
	for i, c := range clients {
		ids[i] = c.ID
	}
	rows, err := h.db.QueryContext(ctx, `SELECT client_id, kind, handle_id, username FROM frontdesk_client_handles
		WHERE client_id = ANY($1) ORDER BY client_id, position`, pq.Array(ids))
	if err != nil {
		return fmt.Errorf("loading handles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var clientID string
		var hd helpdesk.Handle
		if err := rows.Scan(&clientID, &hd.Kind, &hd.ID, &hd.Username); err != nil {
			return fmt.Errorf("loading handles: %w", err)
		}
		i := slices.Index(ids, clientID)
		clients[i].Handles = append(clients[i].Handles, hd)
	}
	return rows.Err()
}

// GetClient loads one client with its handles.
func (h *Helpdesk) GetClient(ctx context.Context, id string) (helpdesk.Client, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c, err := scanClient(h.db.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM frontdesk_clients c WHERE c.id = $1`, id))
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: get client: %w", err)
	}
	one := []helpdesk.Client{c}
	if err := h.loadHandles(ctx, one); err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: get client: %w", err)
	}
	return one[0], nil
}

// CreateClient stores a new client. A handle already held by another client is ErrConflict.
func (h *Helpdesk) CreateClient(ctx context.Context, c helpdesk.Client) (helpdesk.Client, error) {
	n, err := helpdesk.NormalizeClient(c, h.region)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: create client: %w", err)
	}
	n.ID, n.URL = newID(), ""
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	err = h.inTx(ctx, func(tx *sql.Tx) error {
		now := h.now().UnixMilli()
		if _, err := tx.ExecContext(ctx, `INSERT INTO frontdesk_clients
			(id, name, phones, emails, address, notes, create_at, update_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`,
			n.ID, n.Name, pq.Array(n.Phones), pq.Array(n.Emails), n.Address, n.Notes, now); err != nil {
			return err
		}
		return insertHandles(ctx, tx, n)
	})
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: create client: %w", err)
	}
	return n, nil
}

// UpdateClient replaces a client's fields and handles.
func (h *Helpdesk) UpdateClient(ctx context.Context, c helpdesk.Client) (helpdesk.Client, error) {
	n, err := helpdesk.NormalizeClient(c, h.region)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: update client: %w", err)
	}
	n.URL = ""
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	err = h.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE frontdesk_clients SET name=$2, phones=$3, emails=$4, address=$5,
			notes=$6, update_at=$7 WHERE id=$1`,
			n.ID, n.Name, pq.Array(n.Phones), pq.Array(n.Emails), n.Address, n.Notes, h.now().UnixMilli())
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return helpdesk.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM frontdesk_client_handles WHERE client_id = $1`, n.ID); err != nil {
			return err
		}
		return insertHandles(ctx, tx, n)
	})
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("builtin: update client: %w", err)
	}
	return n, nil
}

func insertHandles(ctx context.Context, tx *sql.Tx, c helpdesk.Client) error {
	for i, hd := range c.Handles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO frontdesk_client_handles (kind, handle_id, client_id, username, position)
			VALUES ($1,$2,$3,$4,$5)`, hd.Kind, hd.ID, c.ID, hd.Username, i); err != nil {
			if isUniqueViolation(err) {
				return fmt.Errorf("%s handle already belongs to another client: %w", hd.Kind, helpdesk.ErrConflict)
			}
			return err
		}
	}
	return nil
}

// ListDocuments lists a client's documents, newest first; ErrNotFound for an unknown client.
func (h *Helpdesk) ListDocuments(ctx context.Context, clientID string) ([]helpdesk.Document, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows, err := h.db.QueryContext(ctx, `SELECT d.id, d.kind, d.number, d.title, d.status, d.amount, d.currency, d.create_at
		FROM frontdesk_clients c LEFT JOIN frontdesk_documents d ON d.client_id = c.id
		WHERE c.id = $1 ORDER BY d.create_at DESC, d.seq DESC`, clientID)
	if err != nil {
		return nil, fmt.Errorf("builtin: list documents: %w", err)
	}
	defer rows.Close()
	out := []helpdesk.Document{}
	clientSeen := false
	for rows.Next() {
		clientSeen = true
		var id, kind, title, status, currency sql.NullString
		var number, createAt sql.NullInt64
		var amount sql.NullString
		if err := rows.Scan(&id, &kind, &number, &title, &status, &amount, &currency, &createAt); err != nil {
			return nil, fmt.Errorf("builtin: list documents: scan: %w", err)
		}
		if !id.Valid { // the client exists and has no documents
			continue
		}
		out = append(out, helpdesk.Document{
			ID: id.String, Kind: helpdesk.DocumentKind(kind.String), ClientID: clientID,
			Number: strconv.FormatInt(number.Int64, 10), Date: time.UnixMilli(createAt.Int64).UTC(),
			Status: status.String, Title: title.String, Amount: amount.String, Currency: currency.String,
		})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("builtin: list documents: %w", err)
	}
	if !clientSeen {
		return nil, fmt.Errorf("builtin: list documents: client: %w", helpdesk.ErrNotFound)
	}
	return out, nil
}

// CreateDocument creates an order, estimate or lead with the next number of its kind and the
// kind's first status. The counter row is incremented in the same transaction as the insert: a
// concurrent creator waits on that row, and a rolled-back insert gives its number back.
func (h *Helpdesk) CreateDocument(ctx context.Context, d helpdesk.NewDocument) (helpdesk.Document, error) {
	n, err := helpdesk.NormalizeNewDocument(d)
	if err != nil {
		return helpdesk.Document{}, fmt.Errorf("builtin: create document: %w", err)
	}
	doc := helpdesk.Document{
		ID: newID(), Kind: n.Kind, ClientID: n.ClientID, Title: n.Title,
		Status: Statuses[n.Kind][0], Date: time.UnixMilli(h.now().UnixMilli()).UTC(),
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	err = h.inTx(ctx, func(tx *sql.Tx) error {
		var exists bool
		// FOR SHARE keeps the client from being deleted before the insert commits.
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM frontdesk_clients WHERE id = $1 FOR SHARE)`,
			n.ClientID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("client: %w", helpdesk.ErrNotFound)
		}
		var number int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO frontdesk_document_counters (kind, last_number) VALUES ($1, 1)
			ON CONFLICT (kind) DO UPDATE SET last_number = frontdesk_document_counters.last_number + 1
			RETURNING last_number`, string(n.Kind)).Scan(&number); err != nil {
			return fmt.Errorf("allocating number: %w", err)
		}
		doc.Number = strconv.FormatInt(number, 10)
		_, err := tx.ExecContext(ctx, `INSERT INTO frontdesk_documents
			(id, client_id, kind, number, title, description, status, currency, create_at, update_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)`,
			doc.ID, doc.ClientID, string(doc.Kind), number, doc.Title, n.Description, doc.Status, h.currency, doc.Date.UnixMilli())
		return err
	})
	if err != nil {
		return helpdesk.Document{}, fmt.Errorf("builtin: create document: %w", err)
	}
	doc.Currency = h.currency
	return doc, nil
}

// SetStatus moves a document to one of its kind's statuses (see Statuses).
func (h *Helpdesk) SetStatus(ctx context.Context, documentID, status string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var kind string
	if err := h.db.QueryRowContext(ctx, `SELECT kind FROM frontdesk_documents WHERE id = $1`, documentID).Scan(&kind); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = helpdesk.ErrNotFound
		}
		return fmt.Errorf("builtin: set status: %w", err)
	}
	if !slices.Contains(Statuses[helpdesk.DocumentKind(kind)], status) {
		return fmt.Errorf("builtin: set status: %q is not a status of a %s: %w", status, kind, helpdesk.ErrInvalid)
	}
	if _, err := h.db.ExecContext(ctx, `UPDATE frontdesk_documents SET status = $2, update_at = $3 WHERE id = $1`,
		documentID, status, h.now().UnixMilli()); err != nil {
		return fmt.Errorf("builtin: set status: %w", err)
	}
	return nil
}

func (h *Helpdesk) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func isUniqueViolation(err error) bool {
	var pqErr *pq.Error
	return errors.As(err, &pqErr) && pqErr.Code == "23505"
}

// newID makes a 26-character id like Mattermost's: 128 random bits in lower-case base32.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}
