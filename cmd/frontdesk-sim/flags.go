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
	make     func() (provider, error)
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
	fs.StringVar(&cfg.secret, "secret", "", "the connection's verify token / webhook secret, where the provider needs one for deliveries")
	cfg.make = reg(fs)
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return cfg, nil
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

var errUnsupported = errors.New("not something this provider has")
