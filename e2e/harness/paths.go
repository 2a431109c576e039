package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"
)

// RepoRoot returns the repository root: the nearest parent of the working
// directory that holds e2e/mmserver/go.mod. It falls back to the location of
// this source file, so a test binary run from elsewhere still finds it.
func RepoRoot() (string, error) {
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if isRepoRoot(dir) {
				return dir, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Join(filepath.Dir(file), "..", "..")
		if isRepoRoot(dir) {
			return filepath.Clean(dir), nil
		}
	}
	return "", errors.New("cannot find the repository root (a folder with e2e/mmserver/go.mod) above the working directory")
}

func isRepoRoot(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "e2e", "mmserver", "go.mod"))
	return err == nil
}

// DefaultBundle returns the plugin bundle named by FRONTDESK_BUNDLE, or else
// the newest dist/frontdesk-*.tar.gz at the repository root, the file
// `make dist` writes.
func DefaultBundle() (string, error) {
	if b := os.Getenv("FRONTDESK_BUNDLE"); b != "" {
		if _, err := os.Stat(b); err != nil {
			return "", fmt.Errorf("plugin bundle FRONTDESK_BUNDLE=%s: %w (run make dist first)", b, err)
		}
		return b, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	matches, err := filepath.Glob(filepath.Join(root, "dist", PluginID+"-*.tar.gz"))
	if err != nil {
		return "", fmt.Errorf("look for plugin bundle: %w", err)
	}
	if len(matches) == 0 {
		return "", fmt.Errorf("no plugin bundle %s in %s: run make dist first",
			PluginID+"-*.tar.gz", filepath.Join(root, "dist"))
	}
	sort.Slice(matches, func(i, j int) bool { return modTime(matches[i]).After(modTime(matches[j])) })
	return matches[0], nil
}

func modTime(path string) time.Time {
	info, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return info.ModTime()
}

// OptionsFromEnv returns the Options `make` passes through the environment:
// FRONTDESK_BUNDLE (the plugin bundle) and FRONTDESK_CLIENT_DIR (the host
// page folder). Unset variables leave the defaults.
func OptionsFromEnv() Options {
	return Options{
		Bundle:    os.Getenv("FRONTDESK_BUNDLE"),
		ClientDir: os.Getenv("FRONTDESK_CLIENT_DIR"),
	}
}
