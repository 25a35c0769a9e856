package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/mattn/go-isatty"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/s3store"
	"github.com/graphlake/graphlake/internal/store"
)

// loadedPipeline is a decoded pipeline file and what rendering its
// diagnostics needs.
type loadedPipeline struct {
	*config.Pipeline
	files map[string]*hcl.File
}

// loadPipeline decodes a pipeline file and prints its diagnostics; errors
// become exit code 2.
func loadPipeline(stderr io.Writer, path string, opts config.LoadOptions) (*loadedPipeline, error) {
	p, files, diags := config.Load(path, opts)
	return checkLoaded(stderr, p, files, diags)
}

func checkLoaded(stderr io.Writer, p *config.Pipeline, files map[string]*hcl.File, diags hcl.Diagnostics) (*loadedPipeline, error) {
	if len(diags) > 0 {
		_ = config.WriteDiagnostics(stderr, files, diags, 100, isTerminal(stderr))
	}
	if diags.HasErrors() {
		return nil, withCode(exitConfig, fmt.Errorf("%d error(s) in the pipeline file; fix them and run again", countErrors(diags)))
	}
	return &loadedPipeline{Pipeline: p, files: files}, nil
}

func countErrors(diags hcl.Diagnostics) int {
	n := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			n++
		}
	}
	return n
}

// openLake loads a pipeline file for a command that only reads or tidies
// the lake (no secrets needed) and opens its destination.
func openLake(ctx context.Context, stderr io.Writer, path string) (store.Store, error) {
	lp, err := loadPipeline(stderr, path, config.LoadOptions{})
	if err != nil {
		return nil, err
	}
	return openStore(ctx, lp.Pipeline, nil)
}

// openStore opens the pipeline's destination. An S3 destination is checked
// with one request, so a wrong bucket, region or key fails here, named.
// A crash hook (crash tests only) hears the store's writes.
func openStore(ctx context.Context, p *config.Pipeline, crash crashpoint.Hook) (store.Store, error) {
	switch p.Destination.Kind {
	case "local":
		s, err := store.NewLocal(p.Destination.Path)
		if err != nil {
			return nil, fmt.Errorf("open destination %q: %w", p.Destination.Path, err)
		}
		if crash != nil {
			return crashingStore{Store: s, crash: crash}, nil
		}
		return s, nil
	case "s3":
		return openS3(ctx, p.Destination.S3, crash)
	}
	return nil, withCode(exitConfig, fmt.Errorf("destination %q is not supported by this build", p.Destination.Kind))
}

func openS3(ctx context.Context, d *config.S3, crash crashpoint.Hook) (store.Store, error) {
	opts := s3store.Options{Bucket: d.Bucket, Prefix: d.Prefix, Region: d.Region, Endpoint: d.Endpoint, PathStyle: d.PathStyle,
		Profile: d.Profile, AccessKeyID: d.AccessKeyID, SecretAccessKey: d.SecretAccessKey.Reveal(), SessionToken: d.SessionToken.Reveal(),
		SSE: d.SSE, KMSKeyID: d.KMSKeyID, Checksum: d.Checksum, PartSize: int64(d.PartSizeMB) << 20, Concurrency: d.UploadConcurrency,
		Crash: crash}
	if d.CAFile != "" {
		pem, err := os.ReadFile(d.CAFile)
		if err != nil {
			return nil, withCode(exitConfig, fmt.Errorf("destination.ca_file: %w", err))
		}
		if opts.HTTPClient, err = s3HTTPClient(pem); err != nil {
			return nil, withCode(exitConfig, fmt.Errorf("destination.ca_file: %w", err))
		}
	}
	s, err := s3store.New(ctx, opts)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("destination \"s3\": %w", err))
	}
	if err := s.Check(ctx); err != nil {
		return nil, fmt.Errorf("destination \"s3\": %w", err)
	}
	return s, nil
}

// checkCommitGuard probes once that the store refuses a second create of
// one name — what keeps two runs from committing the same round. A store
// that does not is refused unless the pipeline accepts single-writer mode.
func checkCommitGuard(ctx context.Context, st store.Store, p *config.Pipeline, runID string) error {
	err := store.ProbeConditionalWrites(ctx, st, "_manifest/probe/"+runID)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNoConditionalWrites):
		if p.Destination.S3 != nil && p.Destination.S3.SingleWriter {
			return nil
		}
		return withCode(exitConfig, fmt.Errorf("%w: two runs of this pipeline could both commit a round and fork its history. "+
			"Use a store that supports If-None-Match: * (Amazon S3, MinIO, R2, Ceph RGW, versitygw), or, if only one scheduler ever runs this pipeline, "+
			"accept the risk with single_writer = true in the destination block", err))
	}
	return fmt.Errorf("destination: %w", err)
}

// readCA reads the pipeline's extra CA file, if any.
func readCA(p *config.Pipeline) ([]byte, error) {
	if p.Graph.CAFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(p.Graph.CAFile)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("graph.ca_file: %w", err))
	}
	return pem, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
