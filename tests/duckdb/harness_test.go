package duckdb

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// etlBinary is the etl binary TestMain builds from the main module, and
// readme the main module's README (tests run from the lake's folder).
var etlBinary, readme string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "etl-duckdb-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	etlBinary = filepath.Join(dir, "etl")
	if out, err := exec.Command("go", "build", "-C", "../..", "-o", etlBinary, "./cmd/etl").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build etl: %v\n%s", err, out)
		os.Exit(1)
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	readme = string(b)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// lake is an emulator, a pipeline syncing it into a local folder, and the
// etl commands the tests run.
type lake struct {
	t        *testing.T
	srv      *graphtest.Server
	dir      string // holds the pipeline file and the lake
	root     string // the lake's folder
	pipeline string
	env      []string
}

// newLake starts an emulator and writes a pipeline with the given source
// blocks, syncing into dir/lake.
func newLake(t *testing.T, opts graphtest.Options, sources string) *lake {
	t.Helper()
	srv := graphtest.Start(t, opts)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), srv.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	l := &lake{t: t, srv: srv, dir: dir, root: filepath.Join(dir, "lake"), pipeline: filepath.Join(dir, "pipeline.hcl"),
		env: []string{"GRAPH_CLIENT_SECRET=" + srv.ClientSecret(),
			"GRAPHLAKE_STATE_KEY=" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))}}
	text := fmt.Sprintf(`pipeline "duckdb" {
  graph {
    endpoint       = %q
    authority_host = %q
    tenant_id      = %q
    client_id      = %q
    client_secret  = env("GRAPH_CLIENT_SECRET")
    ca_file        = "ca.pem"
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "lake" }
%s
}
`, srv.GraphURL(), srv.AuthorityURL(), srv.TenantID(), srv.ClientID(), sources)
	if err := os.WriteFile(l.pipeline, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return l
}

// etl runs etl and returns its standard output; it fails the test unless
// etl exits 0.
func (l *lake) etl(args ...string) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, etlBinary, args...)
	cmd.Env = append(os.Environ(), l.env...)
	cmd.Dir = l.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		l.t.Fatalf("etl %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// run syncs one round.
func (l *lake) run() { l.t.Helper(); l.etl("run", l.pipeline) }

// sql returns what `etl sql --dialect duckdb` prints, with extra flags.
func (l *lake) sql(flags ...string) string {
	l.t.Helper()
	return l.etl(append([]string{"sql", l.pipeline, "--dialect", "duckdb"}, flags...)...)
}

// openDuckDB runs script in a new in-memory DuckDB, from the lake's folder
// as the script's header asks, and returns the database.
func (l *lake) openDuckDB(script string) *sql.DB {
	l.t.Helper()
	l.t.Chdir(l.root)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { db.Close() })
	for i, stmt := range statements(script) {
		if _, err := db.Exec(stmt); err != nil {
			l.t.Fatalf("statement %d of the generated SQL: %v\n%s", i+1, err, stmt)
		}
	}
	return db
}

// statements splits a script at the semicolons that end its lines; the
// generated SQL has no other.
func statements(script string) []string {
	var out []string
	for _, s := range strings.SplitAfter(script, ";\n") {
		if strings.TrimSpace(stripComments(s)) != "" {
			out = append(out, s)
		}
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// query returns a query's rows as maps, values normalised (see normal).
func query(t *testing.T, db *sql.DB, q string, args ...any) []map[string]any {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		for i, c := range cols {
			row[c] = vals[i]
		}
		out = append(out, normal(row).(map[string]any))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
