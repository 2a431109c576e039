//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" //nolint:gosec // only in the profiling build (`make bench-profile`), on loopback
	"os"
	"time"
)

// The profiling build (`-tags pprof`, made by `make bench-profile`) serves Go's profiles on
// FRONTDESK_PPROF_ADDR (default 127.0.0.1:6061). Release builds have none of this.
func init() {
	addr := os.Getenv("FRONTDESK_PPROF_ADDR")
	if addr == "" {
		addr = "127.0.0.1:6061"
	}
	go func() {
		srv := &http.Server{Addr: addr, ReadHeaderTimeout: 10 * time.Second}
		_ = srv.ListenAndServe()
	}()
}
