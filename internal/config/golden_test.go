package config

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func TestRenderedDiagnosticsMatchTheGoldenFiles(t *testing.T) {
	for _, name := range []string{"unknown_argument", "auth_without_secret", "state_key", "literal_secrets"} {
		t.Run(name, func(t *testing.T) {
			_, files, diags := Load(filepath.Join("testdata", "invalid", name+".hcl"), testOptions())
			got := render(t, files, diags)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("rendered diagnostics differ from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}
