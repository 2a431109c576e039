package harness

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	serverPackage = "github.com/mattermost/mattermost/server/v8/cmd/mattermost"
	serverModule  = "github.com/mattermost/mattermost/server/v8"
	buildTimeout  = 20 * time.Minute
)

// serverAssets are the folders the server reads from its working directory.
var serverAssets = []string{"i18n", "templates", "fonts"}

// Build makes sure e2e/.mm/bin holds the pinned Mattermost server binary and
// its i18n/, templates/ and fonts/ folders, and returns that folder. It builds
// only when the folder is missing or e2e/mmserver's go.mod/go.sum changed
// since the last build. Concurrent callers (parallel test packages) wait on a
// file lock instead of building twice.
func Build(ctx context.Context) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	modDir := filepath.Join(root, "e2e", "mmserver")
	cacheDir := filepath.Join(root, "e2e", ".mm")
	binDir := filepath.Join(cacheDir, "bin")
	stampPath := filepath.Join(cacheDir, "stamp")
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("create build cache: %w", err)
	}

	unlock, err := lockFile(filepath.Join(cacheDir, "lock"))
	if err != nil {
		return "", err
	}
	defer unlock()

	want, err := hashFiles(filepath.Join(modDir, "go.mod"), filepath.Join(modDir, "go.sum"))
	if err != nil {
		return "", err
	}
	if have, err := os.ReadFile(stampPath); err == nil && string(have) == want && binReady(binDir) {
		return binDir, nil
	}

	ctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	fmt.Fprintln(os.Stderr, "harness: building the Mattermost server (a cold build downloads ~1.3 GB and takes a few minutes)")
	started := time.Now()

	tmpDir := binDir + ".tmp"
	if err := os.RemoveAll(tmpDir); err != nil {
		return "", fmt.Errorf("clear %s: %w", tmpDir, err)
	}
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", tmpDir, err)
	}
	if _, err := goCmd(ctx, modDir, "build", "-o", filepath.Join(tmpDir, "mattermost"), serverPackage); err != nil {
		return "", fmt.Errorf("build Mattermost server: %w", err)
	}
	out, err := goCmd(ctx, modDir, "list", "-m", "-f", "{{.Dir}}", serverModule)
	if err != nil {
		return "", fmt.Errorf("locate Mattermost server module: %w", err)
	}
	srcDir := strings.TrimSpace(out)
	for _, name := range serverAssets {
		if err := copyTree(filepath.Join(srcDir, name), filepath.Join(tmpDir, name)); err != nil {
			return "", fmt.Errorf("copy server %s: %w", name, err)
		}
	}

	if err := os.RemoveAll(binDir); err != nil {
		return "", fmt.Errorf("clear %s: %w", binDir, err)
	}
	if err := os.Rename(tmpDir, binDir); err != nil {
		return "", fmt.Errorf("move server build in place: %w", err)
	}
	if err := os.WriteFile(stampPath, []byte(want), 0o644); err != nil {
		return "", fmt.Errorf("write build stamp: %w", err)
	}
	fmt.Fprintf(os.Stderr, "harness: Mattermost server built in %s\n", time.Since(started).Round(time.Second))
	return binDir, nil
}

func binReady(binDir string) bool {
	if _, err := os.Stat(filepath.Join(binDir, "mattermost")); err != nil {
		return false
	}
	for _, name := range serverAssets {
		if _, err := os.Stat(filepath.Join(binDir, name)); err != nil {
			return false
		}
	}
	return true
}

// goCmd runs the go tool in dir and returns its stdout; on failure the error
// carries the tail of its combined output.
func goCmd(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	// The server module must be built on its own, never as part of a workspace.
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, both bytes.Buffer
	cmd.Stdout = io.MultiWriter(&stdout, &both)
	cmd.Stderr = &both
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, tailLines(both.String(), 30))
	}
	return stdout.String(), nil
}

func hashFiles(paths ...string) (string, error) {
	h := sha256.New()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("hash %s: %w", p, err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(p), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// lockFile takes an exclusive flock on path and returns its release.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open build lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("take build lock: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// copyTree copies a folder of regular files. Copies are writable by their
// owner: the sources in the module cache are read-only.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(path, target)
		default:
			return nil // symlinks and devices are not part of these folders
		}
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm()|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tailLines returns the last n lines of s, each cut to a readable length.
func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	for i, l := range lines {
		if len(l) > 600 {
			lines[i] = l[:600] + "…"
		}
	}
	return strings.Join(lines, "\n")
}
