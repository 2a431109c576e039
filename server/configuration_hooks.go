package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
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
	p.setConfiguration(next)
	return nil
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
