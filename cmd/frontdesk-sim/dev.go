package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// devAdmin is the user of the dev credentials file whose token creates connections.
const devAdmin = "admin"

// devFile is the part of the credentials file `make dev` writes that the simulator uses: the site
// URL, the demo channel and the system admin's login token.
type devFile struct {
	URL       string `json:"url"`
	ChannelID string `json:"channel_id"`
	Users     map[string]struct {
		Token string `json:"token"`
	} `json:"users"`
}

// fillFromDev fills whatever of -frontdesk, -token and -channel was not given from the dev file.
func (t *frontdeskTarget) fillFromDev(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("-dev: %w (run make dev first; it writes this file when the server is ready)", err)
	}
	var f devFile
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("-dev %s: %w", path, err)
	}
	token := f.Users[devAdmin].Token
	if f.URL == "" || f.ChannelID == "" || token == "" {
		return fmt.Errorf("-dev %s: url, channel_id or the %s user's token is missing", path, devAdmin)
	}
	if t.siteURL == "" {
		t.siteURL = f.URL
	}
	if t.token == "" {
		t.token = token
	}
	if t.channelID == "" {
		t.channelID = f.ChannelID
	}
	return nil
}
