package config

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// Values the test environment holds.
const (
	testSecret   = "s3cret-value-never-printed"
	testStateKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" // bytes 0…31, base64
)

var testPlugins = []string{"users", "groups", "mail", "contacts"}

// testOptions is the environment every test pipeline is loaded with.
func testOptions() LoadOptions {
	return LoadOptions{
		LookupEnv:      mapEnv(map[string]string{"GRAPH_CLIENT_SECRET": testSecret, "GRAPHLAKE_STATE_KEY": testStateKey}),
		RequireSecrets: true,
		BuiltinPlugins: testPlugins,
	}
}

func mapEnv(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := env[name]; return v, ok }
}

// mapFiles is a ReadFile over an in-memory folder.
func mapFiles(files map[string]string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if text, ok := files[path]; ok {
			return []byte(text), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
}

// render is what a user would see.
func render(t *testing.T, files map[string]*hcl.File, diags hcl.Diagnostics) string {
	t.Helper()
	var out bytes.Buffer
	if err := WriteDiagnostics(&out, files, diags, 100, false); err != nil {
		t.Fatalf("WriteDiagnostics: %v", err)
	}
	return out.String()
}
