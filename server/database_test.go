package main

import "testing"

func TestOwnConnectionsAreNamedAndSendQueriesInOneRoundTrip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://mm:pw@localhost/mattermost?sslmode=disable", "postgres://mm:pw@localhost/mattermost?application_name=frontdesk&binary_parameters=yes&sslmode=disable"},
		{"postgresql://localhost/db?application_name=ops", "postgresql://localhost/db?application_name=ops&binary_parameters=yes"},
		{"postgres://localhost/db?binary_parameters=no", "postgres://localhost/db?application_name=frontdesk&binary_parameters=no"},
		{"host=localhost dbname=mattermost sslmode=disable", "host=localhost dbname=mattermost sslmode=disable application_name=frontdesk binary_parameters=yes"},
		{"host=localhost application_name=ops", "host=localhost application_name=ops binary_parameters=yes"},
	} {
		if got := withOwnOptions(tc.in); got != tc.want {
			t.Errorf("withOwnOptions(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A data source that cannot be reached is an error at once (the plugin then uses the plugin API's
// database), not a pool that fails later.
func TestAnUnreachableDataSourceIsRefusedAtOnce(t *testing.T) {
	if db, err := openOwnPool("postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil {
		_ = db.Close()
		t.Fatal("opened a pool to a closed port")
	}
}
