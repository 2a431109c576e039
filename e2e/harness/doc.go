// Package harness starts a real Mattermost server (the pinned 11.4 build from
// e2e/mmserver) on a fresh PostgreSQL database, installs the Frontdesk plugin
// bundle into it and hands the tests an admin, REST clients and the database.
//
// Every server gets its own HOME folder, database and loopback port, and is
// torn down by process group id. Nothing here skips: a test that cannot get
// its server fails with the tail of the server log.
//
// Set FRONTDESK_E2E_KEEP=1 to keep a server's HOME folder (config, logs)
// after it stops.
package harness
