package wire

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the module's root, seen from this package's directory.
const repoRoot = "../.."

// vocabFile is the one file that spells the vocabulary's strings.
var vocabFile = filepath.Join(repoRoot, "sdk", "wire", "vocab.go")

// vocabulary is every string constant vocab.go declares, read from its
// source so that a constant added there is checked too.
func vocabulary(t *testing.T) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), vocabFile, nil, 0)
	if err != nil {
		t.Fatalf("read the vocabulary: %v", err)
	}
	words := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				words[s] = true
			}
		}
		return true
	})
	if len(words) < 11 {
		t.Fatalf("vocab.go declares %d strings; the test no longer reads the vocabulary", len(words))
	}
	return words
}

// otherVocabularies are constants whose value happens to equal one of the
// vocabulary's strings but which name something else, by name.
var otherVocabularies = map[string]string{
	"KindReset":     "a manifest entry's kind (internal/manifest), not a stream's status",
	"outcomeFailed": "a round's outcome (etl run --summary), not a stream's status",
}

// The vocabulary's strings (modes, statuses, the reasons the host and
// sources give) are spelled in vocab.go alone: every other non-test Go
// file of the repository names them by their constants, so a literal
// that drifts from the vocabulary, or a new one that bypasses it, fails
// here. Comments are free to quote them.
func TestTheVocabularyIsSpelledOnlyInVocabGo(t *testing.T) {
	words := vocabulary(t)
	var found []string
	files := 0
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != repoRoot && (strings.HasPrefix(name, ".") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == vocabFile {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok && len(spec.Names) == 1 && otherVocabularies[spec.Names[0].Name] != "" {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && words[s] {
				found = append(found, fset.Position(lit.Pos()).String()+": "+lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatalf("read the repository's Go files: %v", err)
	}
	if files < 100 {
		t.Fatalf("read %d Go files; the test no longer looks at the repository", files)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Errorf("%s: name it by its constant in sdk/wire/vocab.go (sdk re-exports them for plugins)", f)
	}
}

// protoValues find what the protocol's .proto spells as a value: a quoted
// string, or a word in a list such as "a | b".
var protoValues = []*regexp.Regexp{
	regexp.MustCompile(`"([a-z_ ]+)"`),
	regexp.MustCompile(`([a-z_]+)\s*\|`),
	regexp.MustCompile(`\|\s*([a-z_]+)`),
}

// The .proto names the vocabulary by where it is defined, not by a copy
// of its values that would drift from it.
func TestTheProtoDoesNotCopyTheVocabulary(t *testing.T) {
	words := vocabulary(t)
	b, err := os.ReadFile(filepath.Join("sourcev1", "source.proto"))
	if err != nil {
		t.Fatalf("read the .proto: %v", err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		for _, re := range protoValues {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				if words[m[1]] {
					t.Errorf("source.proto:%d spells %q: name the vocabulary (sdk/wire/vocab.go) instead", i+1, m[1])
				}
			}
		}
	}
}
