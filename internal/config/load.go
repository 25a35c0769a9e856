package config

import (
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// LoadOptions are the outside world a pipeline file may read.
type LoadOptions struct {
	// LookupEnv reads environment variables (default os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// ReadFile reads files for file() (default os.ReadFile).
	ReadFile func(string) ([]byte, error)
	// RequireSecrets makes env() of an unset variable an error; when false
	// it yields "" (for commands that never sign in).
	RequireSecrets bool
}

func (o LoadOptions) withDefaults() LoadOptions {
	if o.LookupEnv == nil {
		o.LookupEnv = os.LookupEnv
	}
	if o.ReadFile == nil {
		o.ReadFile = os.ReadFile
	}
	return o
}

// Load reads and decodes a pipeline file.
func Load(path string, opts LoadOptions) (*Pipeline, map[string]*hcl.File, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the pipeline file",
			Detail: err.Error() + ". Give the path of an existing .hcl file."}}
	}
	return LoadSource(path, src, opts)
}

// LoadSource decodes a pipeline file's text; filename names it in
// diagnostics and anchors relative paths.
func LoadSource(filename string, src []byte, opts LoadOptions) (*Pipeline, map[string]*hcl.File, hcl.Diagnostics) {
	opts = opts.withDefaults()
	parser := hclparse.NewParser()
	file, diags := parser.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, parser.Files(), diags
	}
	dir, _ := filepath.Abs(filepath.Dir(filename))
	ctx := evalContext(dir, opts)
	var root fileHCL
	diags = append(diags, gohcl.DecodeBody(file.Body, ctx, &root)...)
	if diags.HasErrors() {
		return nil, parser.Files(), diags
	}
	if len(root.Pipelines) != 1 {
		return nil, parser.Files(), append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: "One pipeline block per file",
			Detail:  "A pipeline file holds exactly one pipeline \"NAME\" { … } block; put other pipelines in their own files.",
			Subject: file.Body.MissingItemRange().Ptr()})
	}
	d := &decoder{ctx: ctx, dir: dir, opts: opts}
	p := d.pipeline(root.Pipelines[0])
	p.File = filename
	return p, parser.Files(), append(diags, d.diags...)
}

// WriteDiagnostics renders diagnostics with the offending lines.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	return hcl.NewDiagnosticTextWriter(w, files, width, color).WriteDiagnostics(diags)
}
