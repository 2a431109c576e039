#!/usr/bin/env bash
# Installs what Frontdesk's tests need beyond Go and Node: Debian's Chromium for the browser test.
# PostgreSQL is prepared by the test harness itself (e2e/harness). Safe to run again.
set -euo pipefail

need() { command -v "$1" >/dev/null 2>&1; }

for tool in go node npm; do
	need "$tool" || { echo "setup: $tool is required (Go 1.26, Node 20 with npm)" >&2; exit 1; }
done

if [ ! -x /usr/bin/chromium ]; then
	echo "setup: installing Chromium from Debian packages"
	sudo_cmd=()
	[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi
