package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestSimPrintsOneReadyLineAndServes(t *testing.T) {
	caPath := filepath.Join(t.TempDir(), "ca.pem")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, w := io.Pipe()
	cmd := newRootCommand()
	cmd.SetArgs([]string{"sim", "--seed", "5", "--users", "7", "--mailboxes", "1", "--ca-out", caPath})
	cmd.SetOut(w)
	cmd.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx); w.Close() }()

	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		t.Fatalf("read ready line: %v", err)
	}
	var info simInfo
	if err := json.Unmarshal(line, &info); err != nil {
		t.Fatalf("ready line is not JSON: %v: %s", err, line)
	}
	for name, v := range map[string]string{"graph": info.Graph, "authority": info.Authority, "tenant": info.Tenant,
		"client_id": info.ClientID, "client_secret": info.ClientSecret, "ca_file": info.CAFile, "admin": info.Admin} {
		if v == "" {
			t.Errorf("ready line lacks %s: %s", name, line)
		}
	}
	if info.CAFile != caPath {
		t.Errorf("ca_file = %q, want %q", info.CAFile, caPath)
	}
	pem, err := os.ReadFile(info.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	resp, err := hc.Get(info.Authority + info.Tenant + "/v2.0/.well-known/openid-configuration")
	if err != nil {
		t.Fatalf("openid configuration over the CA file: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("openid configuration: status %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("sim ended with %v after interrupt, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop within 10s of its context ending")
	}
}

func TestSimHelpDocumentsEveryFlag(t *testing.T) {
	var out bytes.Buffer
	cmd := newRootCommand()
	cmd.SetArgs([]string{"sim", "--help"})
	cmd.SetOut(&out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sim-help.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s (run go test -update to create it): %v", golden, err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("etl sim --help changed; if intended, run go test ./cmd/etl -update\n--- got\n%s\n--- want\n%s", out.Bytes(), want)
	}
}
