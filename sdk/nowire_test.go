package sdk_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wireImport is the protocol package that plugin authors never need: the
// author API (package sdk) names everything a source sends.
const wireImport = "github.com/graphlake/graphlake/sdk/wire"

// No plugin, in its code or its tests, imports the protocol package: what
// a source needs from it is named in sdk.
func TestPluginsDoNotImportTheWire(t *testing.T) {
	root := filepath.Join("..", "plugins")
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if p == wireImport || strings.HasPrefix(p, wireImport+"/") {
				t.Errorf("%s imports %s; use the names package sdk gives (sdk.Checkpoint, sdk.StatusOK, Emitter.FailStream, Emitter.EndStream, ...)", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read the plugins' sources: %v", err)
	}
	if files == 0 {
		t.Fatalf("no Go files under %s: the test no longer looks where the plugins are", root)
	}
}
