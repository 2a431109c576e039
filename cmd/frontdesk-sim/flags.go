package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// config is what the command line says.
type config struct {
	provider string
	webhook  string
	listen   string
	secret   string
	// frontdesk is set with -frontdesk (or -dev): the simulator creates the connection itself.
	frontdesk frontdeskTarget
	make      func() (provider, error)
}

// parseArgs reads the common flags and those of the chosen provider: each provider declares its own
// credential flags, so -provider is looked up first.
func parseArgs(args []string, out io.Writer) (config, error) {
	all := providers()
	name := providerArg(args)
	reg, ok := all[name]
	if !ok {
		return config{}, fmt.Errorf("-provider must be one of %s", strings.Join(providerNames(all), ", "))
	}
	fs := flag.NewFlagSet("frontdesk-sim", flag.ContinueOnError)
	fs.SetOutput(out)
	var cfg config
	fs.StringVar(&cfg.provider, "provider", "", "provider to play: "+strings.Join(providerNames(all), ", "))
	fs.StringVar(&cfg.webhook, "webhook", "", "Frontdesk's webhook URL of the connection (default: the URL Frontdesk registers, where the provider has registration)")
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "address to serve the fake provider API on")
	fs.StringVar(&cfg.secret, "secret", "", "the connection's verify_token (Telegram secret token, Meta hub.verify_token)")
	fd := &cfg.frontdesk
	fs.StringVar(&fd.siteURL, "frontdesk", "", "Mattermost site URL: create (or reuse) the connection there instead of by hand")
	fs.StringVar(&fd.token, "token", "", "with -frontdesk: a system admin's access token")
	fs.StringVar(&fd.channelID, "channel", "", "with -frontdesk: id of the Mattermost channel the connection posts to")
	fs.StringVar(&fd.name, "name", "", "with -frontdesk: the connection's name; an existing connection of this kind and name is reused (default \"Simulated <provider>\")")
	dev := fs.String("dev", "", "credentials file written by make dev (build/dev/credentials.json): fills -frontdesk, -token and -channel")
	cfg.make = reg(fs)
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *dev != "" {
		if err := fd.fillFromDev(*dev); err != nil {
			return config{}, err
		}
	}
	if err := checkFrontdesk(cfg); err != nil {
		return config{}, err
	}
	if fd.name == "" {
		fd.name = "Simulated " + cfg.provider
	}
	return cfg, nil
}

// checkFrontdesk rejects half a -frontdesk setup, and flags that the created connection would override.
func checkFrontdesk(cfg config) error {
	fd := cfg.frontdesk
	switch {
	case fd.siteURL == "" && (fd.token != "" || fd.channelID != ""):
		return errors.New("-token and -channel go with -frontdesk (or -dev)")
	case fd.siteURL == "":
		return nil
	case fd.token == "" || fd.channelID == "":
		return errors.New("-frontdesk needs -token (a system admin's) and -channel (the channel id)")
	case cfg.webhook != "" || cfg.secret != "":
		return errors.New("-webhook and -secret come from the connection -frontdesk creates; leave them out")
	}
	return nil
}

// providerArg finds -provider's value before the flag set exists.
func providerArg(args []string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, "provider="); ok {
			return v
		}
		if a == "provider" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func providerNames(all map[string]registration) []string {
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var (
	errUnsupported = errors.New("not something this provider has")
	errNoWebhook   = errors.New("no webhook URL yet: pass -webhook with the connection's webhook_url, type /webhook URL, or use -frontdesk")
)
