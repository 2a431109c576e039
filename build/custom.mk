# Frontdesk's own targets. `make dev` and `make test` are the two commands of the README.

E2E_ENV = FRONTDESK_BUNDLE=$(CURDIR)/dist/$(BUNDLE_NAME) FRONTDESK_CLIENT_DIR=$(CURDIR)/webapp/e2e/host/dist

.PHONY: setup dev test test-unit test-webapp test-e2e fuzz host simulate bench bench-profile

## setup: install what the tests need beyond Go and Node (Chromium for the browser test)
setup:
	./build/setup.sh

## host: build the stand-in host page the browser test opens
host: webapp/node_modules/.installed
	cd webapp && $(NPM) run build:host

## dev: build everything and run a local Mattermost with Frontdesk until Ctrl-C
dev: setup dist host
	cd e2e && $(E2E_ENV) $(GO) run ./cmd/dev

## test: the style checks and every test, against a real Mattermost server and PostgreSQL
test: setup check-style dist host test-unit fuzz test-webapp test-e2e

# These run the plugin on this machine, so they build its server executable only; `make dist` builds all.
dev test bench bench-profile: PLATFORMS = $(HOST_PLATFORM)

# The plugin module's packages; webapp/node_modules may hold stray Go files and is not ours.
GO_PACKAGES = ./server/... ./build/... ./cmd/...

test-unit:
	$(GO) test -count=1 $(GO_PACKAGES)

test-webapp: webapp/node_modules/.installed
	cd webapp && $(NPM) test

# One package at a time: each starts its own servers (the fault suite two), and together they would
# outgrow PostgreSQL's 100 connections.
test-e2e:
	cd e2e && $(E2E_ENV) $(GO) test -p 1 -count=1 -timeout 40m ./...

## fuzz: run every Go fuzz target for FUZZEXECS executions (default 100000)
fuzz:
	./build/fuzz.sh

## simulate: play a provider against a running Frontdesk (see docs/simulator.md)
simulate:
	$(GO) run ./cmd/frontdesk-sim $(ARGS)

## bench: measure P1–P6 (README, Performance) on a real server; prints a table. ARGS=-quick: a few minutes
bench: setup dist
	cd e2e && $(E2E_ENV) $(GO) run ./cmd/bench $(ARGS)

# The fault suite's provider outage (e2e/faults); `make test FAULTS_OUTAGE=15s` for a quick local run.
FAULTS_OUTAGE ?= 60s
E2E_ENV += FRONTDESK_FAULTS_OUTAGE=$(FAULTS_OUTAGE)

## bench-profile: the quick bench on a plugin built with -tags pprof; saves its CPU profile under P1 load
bench-profile: GOFLAGS = -buildvcs=false -tags=pprof
bench-profile: setup dist
	cd e2e && $(E2E_ENV) $(GO) run ./cmd/bench -quick -profile $(CURDIR)/build/bench-cpu.pprof $(ARGS)
	@echo "read it with: go tool pprof -top build/bench-cpu.pprof"
