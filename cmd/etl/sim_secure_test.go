package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runSimOnce runs `etl sim` in process with a tiny tenant and args, and
// returns its ready line and the error it ended with (it is stopped once
// ready).
func runSimOnce(t *testing.T, args ...string) (simInfo, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, w := io.Pipe()
	cmd := newRootCommand()
	cmd.SetArgs(append([]string{"sim", "--users", "1", "--groups", "0", "--contacts", "0", "--mailboxes", "0"}, args...))
	cmd.SetOut(w)
	cmd.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx); w.Close() }()
	var info simInfo
	if line, err := bufio.NewReader(stdout).ReadBytes('\n'); err == nil {
		if err := json.Unmarshal(line, &info); err != nil {
			t.Fatalf("ready line is not JSON: %v: %s", err, line)
		}
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	select {
	case err := <-done:
		return info, err
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop within 10s")
		return info, nil
	}
}

// TestSimOnOtherHostsDrawsItsSecret: on loopback the client secret comes
// from the seed; on an address other hosts reach, it is drawn afresh, so
// knowing the seed does not give it.
func TestSimOnOtherHostsDrawsItsSecret(t *testing.T) {
	secret := func(listen string) string {
		info, err := runSimOnce(t, "--seed", "5", "--listen", listen)
		if err != nil || info.ClientSecret == "" {
			t.Fatalf("sim --listen %s: %v, ready line %+v", listen, err, info)
		}
		return info.ClientSecret
	}
	seeded := secret("127.0.0.1:0")
	if again := secret("localhost:0"); again != seeded {
		t.Errorf("on loopback the secret changed with the same seed: %q, then %q", seeded, again)
	}
	first, second := secret("0.0.0.0:0"), secret(":0")
	if first == seeded || second == seeded || first == second {
		t.Errorf("on other hosts' addresses the secrets are %q and %q; the seed's is %q: want each drawn afresh", first, second, seeded)
	}
}

// TestSimWritesItsCAFileAnew: an existing --ca-out file or link is refused
// and left as it was.
func TestSimWritesItsCAFileAnew(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.pem")
	if err := os.WriteFile(existing, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link, target := filepath.Join(dir, "link.pem"), filepath.Join(dir, "elsewhere")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{existing, link} {
		_, err := runSimOnce(t, "--ca-out", path)
		if err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("sim --ca-out %s: %v, want a refusal", path, err)
		}
	}
	if b, err := os.ReadFile(existing); err != nil || string(b) != "keep" {
		t.Errorf("the existing file now holds %q (%v)", b, err)
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("sim wrote through the link to %s (%v)", target, err)
	}
	info, err := runSimOnce(t)
	if err != nil || filepath.Dir(info.CAFile) != filepath.Clean(os.TempDir()) {
		t.Errorf("without --ca-out: %v, ca_file %q, want a file in %s", err, info.CAFile, os.TempDir())
	}
	if _, err := os.Stat(info.CAFile); !os.IsNotExist(err) {
		t.Errorf("the temporary CA file %s outlived sim (%v)", info.CAFile, err)
	}
}
