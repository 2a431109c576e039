package main

import (
	"strings"
	"testing"
)

func TestConfigurationIsValid(t *testing.T) {
	good := configuration{RetentionMessages: intp(500), MaxMessageLength: 1000, EncryptionKey: "abcdefghijklmnopqrstuvwxyz012345"}
	tests := []struct {
		name    string
		mutate  func(*configuration)
		wantErr string
	}{
		{"defaults are valid", func(*configuration) {}, ""},
		{"retention never saved", func(c *configuration) { c.RetentionMessages = nil }, ""},
		{"keep everything", func(c *configuration) { c.RetentionMessages = intp(0) }, ""},
		{"negative retention", func(c *configuration) { c.RetentionMessages = intp(-1) }, "0 (keep all) or more"},
		{"tiny retention", func(c *configuration) { c.RetentionMessages = intp(3) }, "at least 10"},
		{"zero length", func(c *configuration) { c.MaxMessageLength = 0 }, "between 1 and 4096"},
		{"huge length", func(c *configuration) { c.MaxMessageLength = 5000 }, "between 1 and 4096"},
		{"no key", func(c *configuration) { c.EncryptionKey = "" }, "encryption key is empty"},
		{"short key", func(c *configuration) { c.EncryptionKey = "abc" }, "too short"},
		{"unknown helpdesk", func(c *configuration) { c.Helpdesk = "zendesk" }, "builtin or remonline"},
		{"RemOnline without a key", func(c *configuration) { c.Helpdesk = helpdeskRemOnline }, "needs its API key"},
		{"RemOnline with a bad branch", func(c *configuration) {
			c.Helpdesk, c.RemOnlineAPIKey, c.RemOnlineBranchID = helpdeskRemOnline, "key", "main"
		}, "branch id must be a positive number"},
		{"RemOnline", func(c *configuration) {
			c.Helpdesk, c.RemOnlineAPIKey, c.RemOnlineBranchID, c.RemOnlineOrderTypeID = helpdeskRemOnline, "key", "12", "3"
		}, ""},
		{"unknown region", func(c *configuration) { c.HelpdeskRegion = "XX" }, "two-letter code"},
		{"region", func(c *configuration) { c.HelpdeskRegion = "pl" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.mutate(&c)
			err := c.IsValid()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestConfigurationDefaults(t *testing.T) {
	c := (&configuration{EncryptionKey: "k"}).withDefaults()
	if c.retention() != 500 || *c.RetentionMessages != 500 {
		t.Fatalf("retention = %d, want 500", c.retention())
	}
	if c.MaxMessageLength != 1000 {
		t.Fatalf("MaxMessageLength = %d, want 1000", c.MaxMessageLength)
	}
}

func intp(n int) *int { return &n }
