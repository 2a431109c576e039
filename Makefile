# Frontdesk build, following the Mattermost plugin starter template: the manifest tool writes the
# plugin id into the server and webapp sources, `make dist` packs the bundle, `make deploy` installs it.
# Frontdesk's own targets (dev server, tests against a real Mattermost) live in build/custom.mk.

GO ?= go
NPM ?= npm
export GOFLAGS ?= -buildvcs=false

PLUGIN_ID := $(shell $(GO) run ./build/manifest id)
PLUGIN_VERSION := $(shell $(GO) run ./build/manifest version)
BUNDLE_NAME := $(PLUGIN_ID)-$(PLUGIN_VERSION).tar.gz

# Server executables in the bundle; `make dist PLATFORMS=linux-amd64` builds one for quick local work.
PLATFORMS ?= linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64
# The platform of this machine: what `make test`, `make dev` and `make bench` build (build/custom.mk).
HOST_PLATFORM := $(shell $(GO) env GOOS)-$(shell $(GO) env GOARCH)

# The linter is pinned and installed into build/bin under a versioned name, so a bump reinstalls it.
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT := $(CURDIR)/build/bin/golangci-lint-$(GOLANGCI_LINT_VERSION)

.PHONY: default all apply server webapp bundle dist deploy clean check-style

default: dist

# test builds the server for this machine only; the release bundle is built afterwards, on its own,
# so it holds every platform.
all: test
	@$(MAKE) --no-print-directory dist

## apply: write the manifest into server/manifest.go and webapp/src/manifest.ts
apply:
	$(GO) run ./build/manifest apply

## server: build the server executables for $(PLATFORMS)
server: apply
	@rm -rf server/dist && mkdir -p server/dist
	@for p in $(PLATFORMS); do \
		os=$${p%-*}; arch=$${p#*-}; ext=; [ "$$os" = windows ] && ext=.exe; \
		echo "building server for $$p"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w" \
			-o server/dist/plugin-$$p$$ext ./server || exit 1; \
	done

## webapp: build webapp/dist/main.js
webapp: apply webapp/node_modules/.installed
	cd webapp && $(NPM) run build

webapp/node_modules/.installed: webapp/package.json webapp/package-lock.json
	cd webapp && $(NPM) ci --no-audit --no-fund
	@touch $@

## bundle: pack dist/$(BUNDLE_NAME) from what server and webapp built
bundle:
	rm -rf dist/$(PLUGIN_ID) && mkdir -p dist/$(PLUGIN_ID)/server dist/$(PLUGIN_ID)/webapp/dist
	cp plugin.json dist/$(PLUGIN_ID)/
	cp -r assets dist/$(PLUGIN_ID)/
	cp -r server/dist dist/$(PLUGIN_ID)/server/
	cp webapp/dist/main.js dist/$(PLUGIN_ID)/webapp/dist/
	cd dist && tar -czf $(BUNDLE_NAME) $(PLUGIN_ID)
	@echo "plugin bundle: dist/$(BUNDLE_NAME)"

## dist: build everything into dist/$(BUNDLE_NAME)
dist: server webapp bundle

## deploy: install the bundle on MM_SERVICESETTINGS_SITEURL with MM_ADMIN_TOKEN
deploy: dist
	$(GO) run ./build/pluginctl deploy $(PLUGIN_ID) dist/$(BUNDLE_NAME)

## check-style: golangci-lint (plugin and e2e modules), go vet, the webapp's type check and ESLint
check-style: apply webapp/node_modules/.installed $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run $(GO_PACKAGES)
	cd e2e && $(GOLANGCI_LINT) run --config $(CURDIR)/.golangci.yml ./...
	$(GO) vet $(GO_PACKAGES)
	cd webapp && $(NPM) run check-types
	cd webapp && $(NPM) run lint

$(GOLANGCI_LINT):
	@mkdir -p $(@D)
	GOBIN=$(@D) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	mv $(@D)/golangci-lint $@

clean:
	rm -rf dist server/dist webapp/dist

include build/custom.mk
