// Command frontdesk-sim plays a messaging provider against a running Frontdesk, for trying the plugin
// by hand without a real WhatsApp, Messenger, Instagram, Telegram or Twilio account.
//
// It serves the provider's fake API (paste the printed base URL as the connection's api_base_url),
// turns each line typed on standard input into a webhook delivery to Frontdesk, and prints every
// message Frontdesk sends through the fake API. See docs/simulator.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "frontdesk-sim:", err)
		os.Exit(1)
	}
}

// run is main without the process: the simulator's test drives it with pipes.
func run(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	cfg, err := parseArgs(args, out)
	if err != nil {
		return err
	}
	sim, err := start(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer sim.close()
	return sim.readLines(ctx, in)
}
