// Package pipelines holds the example pipeline files; the demo pipeline is
// embedded so that `etl demo` needs no file on disk.
package pipelines

import _ "embed"

// demo is pipelines/demo.hcl.
//
//go:embed demo.hcl
var demo []byte

// Demo returns the demo pipeline's source text.
func Demo() []byte { return append([]byte(nil), demo...) }
