package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evalContext offers env(), file() and trimspace() to expressions.
func (d *decoder) evalContext() *hcl.EvalContext {
	return &hcl.EvalContext{Functions: map[string]function.Function{
		"env":       d.envFunction(),
		"file":      d.fileFunction(),
		"trimspace": trimspaceFunction(),
	}}
}

// unsetEnvError is env()'s failure; rewriteFunctionDiags turns it into a
// diagnostic of its own.
type unsetEnvError struct{ name string }

func (e *unsetEnvError) Error() string { return "environment variable " + e.name + " is not set" }

// fileError is file()'s failure.
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string { return fmt.Sprintf("read %s: %v", e.path, e.err) }

func (d *decoder) envFunction() function.Function {
	return function.New(&function.Spec{
		Description: "Returns an environment variable, or the fallback when it is unset.",
		Params:      []function.Parameter{{Name: "name", Type: cty.String}},
		VarParam:    &function.Parameter{Name: "fallback", Type: cty.String},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if len(args) > 2 {
				return cty.NilVal, function.NewArgErrorf(2, "env takes a name and at most one fallback")
			}
			name := args[0].AsString()
			if v, ok := d.opts.LookupEnv(name); ok {
				return cty.StringVal(v), nil
			}
			if len(args) == 2 {
				return args[1], nil
			}
			if !d.opts.RequireSecrets {
				d.unsetEnv = append(d.unsetEnv, name)
				return cty.UnknownVal(cty.String), nil
			}
			return cty.NilVal, &unsetEnvError{name: name}
		},
	})
}

func (d *decoder) fileFunction() function.Function {
	return function.New(&function.Spec{
		Description: "Returns a file's content; relative paths start at the pipeline file's folder.",
		Params:      []function.Parameter{{Name: "path", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := d.resolve(args[0].AsString())
			b, err := d.opts.ReadFile(path)
			if err != nil {
				return cty.NilVal, &fileError{path: path, err: err}
			}
			return cty.StringVal(string(b)), nil
		},
	})
}

func trimspaceFunction() function.Function {
	return function.New(&function.Spec{
		Description: "Removes leading and trailing white space.",
		Params:      []function.Parameter{{Name: "s", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(strings.TrimSpace(args[0].AsString())), nil
		},
	})
}

// rewriteFunctionDiags gives env() and file() failures a summary and a
// detail of their own instead of HCL's generic "Error in function call".
func rewriteFunctionDiags(diags hcl.Diagnostics) hcl.Diagnostics {
	for i, diag := range diags {
		extra, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](diag)
		if !ok || extra.FunctionCallError() == nil {
			continue
		}
		var envErr *unsetEnvError
		var fileErr *fileError
		rewritten := *diag
		switch err := extra.FunctionCallError(); {
		case errors.As(err, &envErr):
			rewritten.Summary = "Environment variable " + envErr.name + " is not set"
			rewritten.Detail = fmt.Sprintf("Export it before running etl (export %s=…) or set it in your scheduler's secret store. "+
				"If it is not a secret, env(%q, \"…\") gives a fallback.", envErr.name, envErr.name)
		case errors.As(err, &fileErr):
			rewritten.Summary = "Cannot read file " + fileErr.path
			rewritten.Detail = fileErrorDetail(fileErr)
		default:
			continue
		}
		diags[i] = &rewritten
	}
	return diags
}

func fileErrorDetail(e *fileError) string {
	if errors.Is(e.err, fs.ErrNotExist) {
		return fmt.Sprintf("There is no file at %s. Relative paths start at the pipeline file's folder; fix the path or create the file.", e.path)
	}
	return fmt.Sprintf("Reading %s failed: %v.", e.path, e.err)
}
