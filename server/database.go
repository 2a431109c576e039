package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lib/pq"
	"github.com/mattermost/mattermost/server/public/model"
)

// ownPoolSize bounds Frontdesk's own connections to the database, which the workers, the webhooks
// and the API share: no connection is held while a provider answers (a chat's claim is a row, not
// a transaction), so a few are enough, and the server's own pool keeps the rest of the database's
// connections.
const ownPoolSize = 10

// openDatabase opens Frontdesk's own small pool to the Mattermost database, from the server's
// DataSource setting, and falls back to the plugin API's database (every query a call through the
// server) when that cannot be reached.
//
// Why a pool of its own: through the plugin API each query is a remote call into the server, and
// a message costs several; the benchmark's throughput is bound by those calls. And when a plugin
// process dies, the plugin API's driver returns the connection of an open transaction to the
// server's own pool still in that transaction, while a connection of Frontdesk's own pool closes
// with the process and PostgreSQL rolls its transaction back.
func (p *Plugin) openDatabase() (db *sql.DB, own bool, err error) {
	if p.client.Store.DriverName() != model.DatabaseDriverPostgres {
		return nil, false, errors.New("frontdesk needs PostgreSQL, the database Mattermost 11 runs on")
	}
	if cfg := p.API.GetUnsanitizedConfig(); cfg != nil && cfg.SqlSettings.DataSource != nil {
		db, err := openOwnPool(*cfg.SqlSettings.DataSource)
		if err == nil {
			return db, true, nil
		}
		// The error can hold the data source, password included: only its kind is logged.
		p.API.LogWarn("Frontdesk: its own database connections cannot be opened; using the plugin API's", "err", fmt.Sprintf("%T", err))
	}
	db, err = p.client.Store.GetMasterDB()
	if err != nil {
		return nil, false, fmt.Errorf("opening the database: %w", err)
	}
	return db, false, nil
}

func openOwnPool(dataSource string) (*sql.DB, error) {
	connector, err := pq.NewConnector(withOwnOptions(dataSource))
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(ownPoolSize)
	db.SetMaxIdleConns(ownPoolSize)
	db.SetConnMaxIdleTime(time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// ownOptions are what Frontdesk's own connections add to the server's data source, unless it sets
// them: application_name names them in PostgreSQL's pg_stat_activity, and binary_parameters makes
// the driver send a query with its parameters in one round trip instead of two (prepare, then
// execute), which halves the database's share of a message's time. Its one other effect, []byte
// parameters sent as bytes, is what Frontdesk's bytea columns want; text and JSON go as strings.
var ownOptions = [][2]string{{"application_name", "frontdesk"}, {"binary_parameters", "yes"}}

// withOwnOptions adds ownOptions to a data source in either of the forms PostgreSQL takes: a URL,
// or key=value pairs.
func withOwnOptions(dataSource string) string {
	if strings.HasPrefix(dataSource, "postgres://") || strings.HasPrefix(dataSource, "postgresql://") {
		u, err := url.Parse(dataSource)
		if err != nil {
			return dataSource // pq reports it
		}
		q := u.Query()
		for _, o := range ownOptions {
			if q.Get(o[0]) == "" {
				q.Set(o[0], o[1])
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	for _, o := range ownOptions {
		if !strings.Contains(dataSource, o[0]+"=") {
			dataSource = strings.TrimSpace(dataSource + " " + o[0] + "=" + o[1])
		}
	}
	return dataSource
}
