package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// cpuUse is the CPU time the parts of the system spent on one load: the Mattermost server, the
// Frontdesk plugin process, and the PostgreSQL sessions of the run's database. Divided by the posts
// seen, it shows where a message's cost goes.
type cpuUse struct{ server, plugin, database time.Duration }

func (c cpuUse) total() time.Duration { return c.server + c.plugin + c.database }

// per is the use per message.
func (c cpuUse) per(n int) cpuUse {
	if n == 0 {
		return cpuUse{}
	}
	return cpuUse{c.server / time.Duration(n), c.plugin / time.Duration(n), c.database / time.Duration(n)}
}

func (c cpuUse) String() string {
	return fmt.Sprintf("%s / %s / %s", msn(c.server), msn(c.plugin), msn(c.database))
}

// clockTick is the unit of utime and stime in /proc/<pid>/stat (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// cpuMeter samples the processes' CPU times every 250 ms from start until stop; a database
// session that ends between two samples keeps the time of its last sample.
type cpuMeter struct {
	e     *env
	mu    sync.Mutex
	first map[int]time.Duration // each process's CPU time when first seen (0 for one started since)
	last  map[int]time.Duration
	part  map[int]string
	stop  chan struct{}
	done  chan struct{}
}

func (e *env) meterCPU(ctx context.Context) *cpuMeter {
	m := &cpuMeter{e: e, first: map[int]time.Duration{}, last: map[int]time.Duration{}, part: map[int]string{},
		stop: make(chan struct{}), done: make(chan struct{})}
	m.sample(ctx, true)
	go func() {
		defer close(m.done)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.sample(ctx, false)
			}
		}
	}()
	return m
}

// sample reads each part's processes: the server by its pid, the plugin by its executable, the
// database sessions by pg_stat_activity.
func (m *cpuMeter) sample(ctx context.Context, initial bool) {
	procs := map[int]string{m.e.srv.PID(): "server"}
	if pid := pluginPID(m.e.srv.Home); pid != 0 {
		procs[pid] = "plugin"
	}
	rows, err := m.e.srv.DB().QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	if err == nil {
		for rows.Next() {
			var pid int
			if rows.Scan(&pid) == nil {
				procs[pid] = "database"
			}
		}
		rows.Close()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for pid, part := range procs {
		t, ok := processCPU(pid)
		if !ok {
			continue
		}
		if _, seen := m.first[pid]; !seen {
			m.first[pid], m.part[pid] = 0, part
			if initial {
				m.first[pid] = t
			}
		}
		m.last[pid] = t
	}
}

// end stops sampling and returns the CPU time each part spent since meterCPU.
func (m *cpuMeter) end(ctx context.Context) cpuUse {
	close(m.stop)
	<-m.done
	m.sample(ctx, false)
	m.mu.Lock()
	defer m.mu.Unlock()
	var c cpuUse
	for pid, t := range m.last {
		d := t - m.first[pid]
		switch m.part[pid] {
		case "server":
			c.server += d
		case "plugin":
			c.plugin += d
		case "database":
			c.database += d
		}
	}
	return c
}

// processCPU is a process's user and system CPU time so far.
func processCPU(pid int) (time.Duration, bool) {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may hold spaces; the fields after it are counted from its ")".
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * clockTick, true
}
