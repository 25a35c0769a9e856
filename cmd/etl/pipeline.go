package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/mattn/go-isatty"

	"github.com/graphlake/graphlake/internal/config"
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

// openStore opens the pipeline's destination.
func openStore(_ context.Context, p *config.Pipeline) (store.Store, error) {
	switch p.Destination.Kind {
	case "local":
		s, err := store.NewLocal(p.Destination.Path)
		if err != nil {
			return nil, fmt.Errorf("open destination %q: %w", p.Destination.Path, err)
		}
		return s, nil
	}
	return nil, withCode(exitConfig, fmt.Errorf("destination %q is not supported by this build", p.Destination.Kind))
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
