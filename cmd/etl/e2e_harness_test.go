package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/s3store"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// binaries holds the etl binary and the crashing test plugin, built once.
type binaries struct{ etl, crashPlugin string }

// testBinaries is filled by TestMain.
var testBinaries binaries

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "etl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testBinaries = binaries{etl: filepath.Join(dir, "etl"), crashPlugin: filepath.Join(dir, "crashplugin")}
	// etl is the test build: with crashpoints (see crashpoints.go).
	for _, b := range []struct{ out, pkg, tags string }{{testBinaries.etl, ".", "crashpoints"}, {testBinaries.crashPlugin, "./testdata/crashplugin", ""},
		{filepath.Join(dir, "hostileplugin"), "./testdata/hostileplugin", ""}, // see hostilePlugin
	} {
		if out, err := exec.Command("go", "build", "-tags", b.tags, "-o", b.out, b.pkg).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build %s: %v\n%s", b.pkg, err, out)
			os.Exit(1)
		}
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// harness is an emulator, a pipeline file pointing at it and a lake.
type harness struct {
	t        *testing.T
	srv      *graphtest.Server
	dir      string
	pipeline string
	env      []string
	// destination is the pipeline's destination block; lakeStore reads
	// the same lake from the test.
	destination string
	lakeStore   store.Store
	sources     string
}

// testStateKey is the state key of test pipelines.
var testStateKey = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{42}, 32))

// newHarness starts an emulator and writes a pipeline with the given
// source blocks.
func newHarness(t *testing.T, opts graphtest.Options, sources string) *harness {
	t.Helper()
	srv := graphtest.Start(t, opts)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), srv.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, dir: dir, pipeline: filepath.Join(dir, "pipeline.hcl"),
		env:         []string{"GRAPH_CLIENT_SECRET=" + srv.ClientSecret(), "GRAPHLAKE_STATE_KEY=" + testStateKey},
		destination: `destination "local" { path = "lake" }`}
	local, err := store.NewLocal(filepath.Join(dir, "lake"))
	if err != nil {
		t.Fatal(err)
	}
	h.lakeStore = local
	h.writePipeline(sources)
	return h
}

// useS3 points the pipeline at a bucket of a real S3-compatible server,
// with static keys from the environment.
func (h *harness) useS3(srv *s3test.Server, bucket, prefix string) {
	h.t.Helper()
	h.destination = s3DestinationHCL(srv, bucket, prefix, "part_size_mb = 5")
	h.env = append(h.env, s3Env()...)
	st, err := s3store.New(context.Background(), s3store.Options{Bucket: bucket, Prefix: prefix, Region: s3test.Region,
		Endpoint: srv.Endpoint, PathStyle: true, AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey})
	if err != nil {
		h.t.Fatal(err)
	}
	h.lakeStore = st
	h.writePipeline(h.sources)
}

// s3DestinationHCL is a destination block for a bucket of srv, with static
// keys from the environment s3Env sets, and extra settings.
func s3DestinationHCL(srv *s3test.Server, bucket, prefix, extra string) string {
	return fmt.Sprintf(`destination "s3" {
    bucket            = %q
    prefix            = %q
    region            = %q
    endpoint          = %q
    path_style        = true
    access_key_id     = env("E2E_S3_KEY")
    secret_access_key = env("E2E_S3_SECRET")
    %s
  }`, bucket, prefix, s3test.Region, srv.Endpoint, extra)
}

// s3Env is the environment s3DestinationHCL's keys come from.
func s3Env() []string {
	return []string{"E2E_S3_KEY=" + s3test.AccessKey, "E2E_S3_SECRET=" + s3test.SecretKey}
}

func (h *harness) writePipeline(sources string) {
	h.sources = sources
	text := pipelineHCL(h.srv, "e2e", h.destination, sources)
	if err := os.WriteFile(h.pipeline, []byte(text), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// emulatorRef is what a pipeline file needs to know of an emulator.
type emulatorRef struct{ graph, authority, tenant, clientID string }

// refOf names an in-process emulator.
func refOf(srv *graphtest.Server) emulatorRef {
	return emulatorRef{graph: srv.GraphURL(), authority: srv.AuthorityURL(), tenant: srv.TenantID(), clientID: srv.ClientID()}
}

// pipelineHCL is a pipeline against the emulator srv, signing in with its
// client secret from $GRAPH_CLIENT_SECRET and trusting its CA from ca.pem
// beside the file, with the state key from $GRAPHLAKE_STATE_KEY.
func pipelineHCL(srv *graphtest.Server, name, destination, sources string) string {
	return emulatorPipelineHCL(refOf(srv), name, destination, sources)
}

// emulatorPipelineHCL is pipelineHCL for any emulator, in process or not.
func emulatorPipelineHCL(emu emulatorRef, name, destination, sources string) string {
	return fmt.Sprintf(`pipeline %q {
  graph {
    endpoint       = %q
    authority_host = %q
    tenant_id      = %q
    client_id      = %q
    client_secret  = env("GRAPH_CLIENT_SECRET")
    ca_file        = "ca.pem"
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  %s
%s
}
`, name, emu.graph, emu.authority, emu.tenant, emu.clientID, destination, sources)
}

// result is one etl invocation.
type result struct {
	stdout, stderr string
	code           int
}

// command prepares etl with the harness's environment.
func (h *harness) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, testBinaries.etl, args...)
	cmd.Env = append(os.Environ(), h.env...)
	cmd.Dir = h.dir
	return cmd
}

// etl runs etl to completion.
func (h *harness) etl(args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := h.command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		h.t.Fatalf("run etl %v: %v", args, err)
	}
	return res
}

// mustRun runs `etl run` and fails the test unless it exits 0.
func (h *harness) mustRun() result {
	h.t.Helper()
	res := h.etl("run", h.pipeline)
	if res.code != 0 {
		h.t.Fatalf("etl run exited %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	return res
}

func (h *harness) lake() store.Store { return h.lakeStore }

// history returns the committed entries, oldest first.
func (h *harness) history() []*manifest.Committed {
	h.t.Helper()
	entries, err := manifest.History(context.Background(), h.lake())
	if err != nil {
		h.t.Fatal(err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Round < entries[j].Round })
	return entries
}

// lakeState folds every committed file of a table into its current state.
func (h *harness) lakeState(table string, key ...string) []map[string]any {
	h.t.Helper()
	return h.rows(h.fold(table, key...))
}

// childState is the current state of a child table (see table.Parent):
// its fold without the rows whose parent row is not live.
func (h *harness) childState(child string, key []string, parent string, parentKey []string, cols ...string) []map[string]any {
	h.t.Helper()
	state := h.fold(child, key...)
	if _, err := state.DropOrphans(h.fold(parent, parentKey...), cols...); err != nil {
		h.t.Fatalf("drop %s rows without a live %s row: %v", child, parent, err)
	}
	return h.rows(state)
}

// fold reads every committed file of a table, in round order.
func (h *harness) fold(table string, key ...string) *lake.State {
	h.t.Helper()
	state := lake.NewState(key...)
	for _, e := range h.history() {
		var names []parquetin.File
		for _, f := range e.Files {
			if f.Table == table {
				names = append(names, parquetin.Recorded(f))
			}
		}
		if err := parquetin.ReadRows(context.Background(), h.lake(), names, state.Apply); err != nil {
			h.t.Fatalf("read round %d of %s: %v", e.Round, table, err)
		}
	}
	return state
}

// rows returns a state's live rows, normalised for comparison.
func (h *harness) rows(state *lake.State) []map[string]any {
	rows := state.Rows()
	for _, r := range rows {
		sdktest.Normalise(r)
	}
	return rows
}

// emulatorState returns the emulator's truth for a table, sorted by id.
func (h *harness) emulatorState(table string) []map[string]any {
	h.t.Helper()
	return sdktest.Truth(h.t, h.srv, table, "id")
}

// assertFilesExist checks that every file the manifest names is there with
// its recorded size.
func (h *harness) assertFilesExist() {
	h.t.Helper()
	for _, e := range h.history() {
		for _, f := range e.Files {
			info, err := h.lake().Stat(context.Background(), f.Path)
			if err != nil {
				h.t.Errorf("round %d names %s: %v", e.Round, f.Path, err)
			} else if info.Size != f.Bytes {
				h.t.Errorf("round %d names %s of %d bytes; it has %d", e.Round, f.Path, f.Bytes, info.Size)
			}
		}
	}
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not mention %q:\n%s", what, w, got)
		}
	}
}

// variantSets are the two emulators every churn test runs against: the
// default one, and one with every behaviour of real Graph that the
// emulator can show turned on (graphtest.AllVariants).
var variantSets = []struct {
	name     string
	variants []graphtest.Variant
}{{"default", nil}, {"all-variants", graphtest.AllVariants()}}

// withEachVariantSet runs f as a subtest once per variantSets entry, with
// opts.Variants set accordingly.
func withEachVariantSet(t *testing.T, opts graphtest.Options, f func(t *testing.T, opts graphtest.Options)) {
	t.Helper()
	for _, set := range variantSets {
		opts := opts
		opts.Variants = set.variants
		t.Run(set.name, func(t *testing.T) { f(t, opts) })
	}
}
