#!/usr/bin/env bash
# Runs every Go fuzz target of the plugin for a bounded number of executions (FUZZEXECS, default
# 100000). A run that fails without writing a crasher to testdata/fuzz is the fuzz engine's own
# shutdown hiccup on a loaded machine, not a finding: it is run once more before failing.
set -euo pipefail
execs="${FUZZEXECS:-100000}"

# count prints how many saved inputs a fuzz target's corpus folder holds (0 when it has none).
count() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }

for pkg in $(go list ./server/...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzz $pkg $target ($execs executions)"
		dir=$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target
		before=$(count "$dir")
		if go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg"; then
			continue
		fi
		after=$(count "$dir")
		if [ "$after" -gt "$before" ]; then
			echo "fuzz: $target found a failing input, saved in $dir" >&2
			exit 1
		fi
		echo "fuzz: $target stopped without a finding; running it again"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg"
	done
done
