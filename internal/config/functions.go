package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evalContext offers env(), file() and trimspace() to expressions.
func evalContext(dir string, opts LoadOptions) *hcl.EvalContext {
	return &hcl.EvalContext{Functions: map[string]function.Function{
		"env":       envFunction(opts),
		"file":      fileFunction(dir, opts),
		"trimspace": trimspaceFunction(),
	}}
}

func envFunction(opts LoadOptions) function.Function {
	return function.New(&function.Spec{
		Params:   []function.Parameter{{Name: "name", Type: cty.String}},
		VarParam: &function.Parameter{Name: "default", Type: cty.String},
		Type:     function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			if v, ok := opts.LookupEnv(name); ok {
				return cty.StringVal(v), nil
			}
			if len(args) > 1 {
				return args[1], nil
			}
			if !opts.RequireSecrets {
				return cty.StringVal(""), nil
			}
			return cty.NilVal, fmt.Errorf("environment variable %s is not set: export %s=… (or set it in your scheduler's secret store), or give a default: env(%q, \"…\")", name, name, name)
		},
	})
}

func fileFunction(dir string, opts LoadOptions) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := resolve(dir, args[0].AsString())
			b, err := opts.ReadFile(path)
			if err != nil {
				return cty.NilVal, fmt.Errorf("read %s: %w", path, err)
			}
			return cty.StringVal(string(b)), nil
		},
	})
}

func trimspaceFunction() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(strings.TrimSpace(args[0].AsString())), nil
		},
	})
}

// resolve makes path absolute relative to the pipeline file's folder.
func resolve(dir, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}
