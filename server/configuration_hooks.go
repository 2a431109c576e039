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
	c = c.withDefaults()
	if c.EncryptionKey == "" {
		// A fresh install: OnActivate generates the key and saves it, which calls this hook again.
		p.setConfiguration(c)
		return nil
	}
	if err := c.IsValid(); err != nil {
		return fmt.Errorf("frontdesk settings: %w", err)
	}
	p.setConfiguration(c)
	return nil
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
