package audit

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// TestVerifyReportsOversizedObjects: a sparse oversized entry or HEAD is a
// break in the history, reported with the object and the cap, not read.
func TestVerifyReportsOversizedObjects(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		object string
		size   int64
		limit  string
	}{
		{"an entry", manifest.Chain{}.EntryName(3), manifest.MaxEntryBytes + 1, "1073741824"},
		{"HEAD", manifest.HeadName, 1 << 40, "65536"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			prev := ""
			for r := int64(1); r <= 2; r++ {
				if prev, err = manifest.Commit(ctx, s, &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: r,
					Kind: manifest.KindSync, Previous: prev, Files: []manifest.File{}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(s.Location(tt.object), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(s.Location(tt.object), tt.size); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(ctx, s, nil)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if rep.Break == nil || !strings.Contains(rep.Break.Error(), s.Location(tt.object)) || !strings.Contains(rep.Break.Error(), tt.limit) {
				t.Errorf("Verify's break = %v, want one naming %s and the cap %s", rep.Break, s.Location(tt.object), tt.limit)
			}
		})
	}
}
