package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/audit"
)

// OnConfigurationChange loads the settings. An invalid configuration is refused: the previous one
// stays in force and the System Console shows the error.
func (p *Plugin) OnConfigurationChange() error {
	c := new(configuration)
	if err := p.API.LoadPluginConfiguration(c); err != nil {
		return fmt.Errorf("loading configuration: %w", err)
	}
	next, err := nextConfiguration(p.getConfiguration(), c)
	if err != nil {
		return fmt.Errorf("frontdesk settings: %w", err)
	}
	prev := p.getConfiguration()
	p.setConfiguration(next)
	if p.mm != nil { // nil before activation, which loads the settings on first use
		p.mm.ConfigChanged()
	}
	p.auditAccessChange(prev, next)
	p.followAfterAccessChange(prev, next)
	return nil
}

// auditAccessChange records a change of who may use chats, made in the System Console (the hook
// does not say by whom). Mattermost runs the hook on the server where the admin saved and on every
// other one: each that has the trail wired and sees the change asks, and the trail writes the entry
// once for the cluster (the first load, at activation, is no change).
func (p *Plugin) auditAccessChange(prev, next *configuration) {
	trail := p.audit.Load()
	if trail == nil || prev == nil || prev.EncryptionKey == "" || prev.accessDetail() == next.accessDetail() {
		return
	}
	trail.RecordSettingChange(context.Background(), audit.AccessChange, "ChatAccess", next.accessDetail())
}

// nextConfiguration is the configuration a change puts in force, or why it is refused. An empty
// encryption key is accepted only before the plugin has one (a fresh install: OnActivate generates
// it and saves it, which calls the hook again); clearing the key in force is refused, as IsValid
// refuses an empty key, so that the stored credentials stay readable.
func nextConfiguration(prev, loaded *configuration) (*configuration, error) {
	c := loaded.withDefaults()
	if c.EncryptionKey == "" && (prev == nil || prev.EncryptionKey == "") {
		return c, nil
	}
	if err := c.IsValid(); err != nil {
		return nil, err
	}
	return c, nil
}

// ensureEncryptionKey generates the key on first activation: the "generated" setting type is only
// filled when an admin opens and saves the System Console page.
func (p *Plugin) ensureEncryptionKey() error {
	if p.getConfiguration().EncryptionKey != "" {
		return nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("generating the encryption key: %w", err)
	}
	cfg := p.client.Configuration.GetPluginConfig()
	if cfg == nil {
		cfg = map[string]any{}
	}
	cfg["EncryptionKey"] = base64.RawURLEncoding.EncodeToString(raw)
	if err := p.client.Configuration.SavePluginConfig(cfg); err != nil {
		return fmt.Errorf("saving the generated encryption key: %w", err)
	}
	return p.OnConfigurationChange()
}
