//go:build tools

// Package mmserver pins the Mattermost server command so that
// `go build github.com/mattermost/mattermost/server/v8/cmd/mattermost`
// resolves inside this module.
package mmserver

import _ "github.com/mattermost/mattermost/server/v8/cmd/mattermost"
