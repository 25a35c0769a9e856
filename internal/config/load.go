package config

import (
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// LoadOptions are the outside world a pipeline file may see.
type LoadOptions struct {
	// LookupEnv reads environment variables for env() (default os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// ReadFile reads the pipeline file, file() arguments and the files the
	// graph block names, to check them (default os.ReadFile).
	ReadFile func(string) ([]byte, error)
	// RequireSecrets makes env() of an unset variable without a fallback an
	// error. When false (commands that never sign in) such a call yields an
	// unknown value, the argument is left unchecked and a warning says so.
	RequireSecrets bool
	// BuiltinPlugins, when not nil, are the plugin names this build serves;
	// a source naming another plugin (that is not a path) is an error.
	BuiltinPlugins []string
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

// Load reads and decodes the pipeline file at path. The returned map
// (filename → *hcl.File) feeds WriteDiagnostics. The pipeline is nil when
// the file cannot be read or parsed or holds no pipeline block; when diags
// has errors it may be partly filled and must not be run.
func Load(path string, opts LoadOptions) (*Pipeline, map[string]*hcl.File, hcl.Diagnostics) {
	opts = opts.withDefaults()
	src, err := opts.ReadFile(path)
	if err != nil {
		return nil, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the pipeline file",
			Detail: err.Error() + ". Give the path of an existing pipeline file (.hcl)."}}
	}
	return LoadSource(path, src, opts)
}

// LoadSource decodes the text of a pipeline file. filename names the file in
// diagnostics, and its folder anchors the relative paths inside it.
func LoadSource(filename string, src []byte, opts LoadOptions) (*Pipeline, map[string]*hcl.File, hcl.Diagnostics) {
	parser := hclparse.NewParser()
	file, diags := parser.ParseHCL(src, filename)
	if diags.HasErrors() {
		// The diagnostics quote the file's lines: its secrets, found from
		// its tokens, are shown as asterisks (see secretArguments).
		if f := parser.Files()[filename]; f != nil {
			maskLiterals(f, secretTokenRanges(f.Bytes))
		}
		return nil, parser.Files(), diags
	}
	dir, err := filepath.Abs(filepath.Dir(filename))
	if err != nil {
		dir = filepath.Dir(filename)
	}
	d := newDecoder(dir, opts.withDefaults())
	p := d.file(file.Body)
	if p != nil {
		p.File = filename
	}
	// The diagnostics quote the file's lines: what it writes out of its
	// secrets is shown as asterisks (see secretArguments).
	if body, ok := file.Body.(*hclsyntax.Body); ok {
		maskLiterals(file, secretRanges(body))
	}
	return p, parser.Files(), append(diags, d.diags...)
}

// decoder turns a parsed file into a Pipeline, collecting diagnostics.
type decoder struct {
	dir      string
	opts     LoadOptions
	ctx      *hcl.EvalContext
	diags    hcl.Diagnostics
	unsetEnv []string // env() names found unset while RequireSecrets is false
}

func newDecoder(dir string, opts LoadOptions) *decoder {
	d := &decoder{dir: dir, opts: opts}
	d.ctx = d.evalContext()
	return d
}

// resolve makes path absolute relative to the pipeline file's folder.
func (d *decoder) resolve(path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(d.dir, path)
}
