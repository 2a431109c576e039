package main

import (
	"strings"
	"sync"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/builtin"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk/remonline"
)

// The helpdesks an admin can choose in the System Console.
const (
	helpdeskBuiltin   = "builtin"
	helpdeskRemOnline = "remonline"
)

// helpdesks builds the chosen helpdesk once per configuration: an external one keeps its rate
// limiter and cache between calls.
type helpdesks struct {
	mu     sync.Mutex
	config *configuration
	built  helpdesk.Helpdesk
	err    error
}

func (p *Plugin) helpdesk() (helpdesk.Helpdesk, string, error) {
	cfg := p.getConfiguration()
	h := &p.helpdesks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.config != cfg {
		h.config = cfg
		h.built, h.err = p.buildHelpdesk(cfg)
	}
	return h.built, cfg.Helpdesk, h.err
}

func (p *Plugin) buildHelpdesk(cfg *configuration) (helpdesk.Helpdesk, error) {
	switch cfg.Helpdesk {
	case helpdeskRemOnline:
		branch, _ := optionalID(cfg.RemOnlineBranchID) // IsValid checked both
		orderType, _ := optionalID(cfg.RemOnlineOrderTypeID)
		return remonline.New(remonline.Config{
			BaseURL: strings.TrimSpace(cfg.RemOnlineBaseURL), APIKey: cfg.RemOnlineAPIKey,
			BranchID: branch, OrderTypeID: orderType, DefaultRegion: cfg.HelpdeskRegion,
		})
	default:
		return builtin.New(builtin.Config{DB: p.store.DB(), DefaultRegion: cfg.HelpdeskRegion})
	}
}
