#!/usr/bin/env bash
# Runs every Go fuzz target of the plugin for a bounded number of executions (FUZZEXECS, default
# 100000). A run that fails without writing a crasher to testdata/fuzz is the fuzz engine's own
# shutdown hiccup on a loaded machine, not a finding: it is run once more before failing.
set -euo pipefail
execs="${FUZZEXECS:-100000}"
for pkg in $(go list ./server/...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "fuzz $pkg $target ($execs executions)"
		dir=$(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target
		before=$(ls "$dir" 2>/dev/null | wc -l)
		if go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg"; then
			continue
		fi
		after=$(ls "$dir" 2>/dev/null | wc -l)
		if [ "$after" -gt "$before" ]; then
			echo "fuzz: $target found a failing input, saved in $dir" >&2
			exit 1
		fi
		echo "fuzz: $target stopped without a finding; running it again"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg"
	done
done
