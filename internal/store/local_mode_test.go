package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLocalHonoursTheUmask writes objects of both kinds (streamed and
// create-if-absent) in new folders under each umask: files and folders get
// 0666 and 0777 less the umask, as open(2) and mkdir(2) give.
func TestLocalHonoursTheUmask(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		umask        int
		file, folder fs.FileMode
	}{
		{0o022, 0o644, 0o755},
		{0o077, 0o600, 0o700},
		{0o027, 0o640, 0o750},
	}
	for _, tt := range tests {
		t.Run(tt.file.String(), func(t *testing.T) {
			old := syscall.Umask(tt.umask) // process-wide: this test is not parallel
			defer syscall.Umask(old)
			root := filepath.Join(t.TempDir(), "lake")
			l, err := NewLocal(root)
			if err != nil {
				t.Fatal(err)
			}
			w, err := l.Create(ctx, "users/date=2026-12-04/part.parquet")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("rows")); err != nil {
				t.Fatal(err)
			}
			if err := w.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := l.PutIfAbsent(ctx, "_manifest/00000000000000000001.json", []byte("{}")); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]fs.FileMode{
				"": tt.folder, "users": tt.folder, "users/date=2026-12-04": tt.folder, "_manifest": tt.folder,
				"users/date=2026-12-04/part.parquet": tt.file, "_manifest/00000000000000000001.json": tt.file,
			} {
				fi, err := os.Stat(l.Location(name))
				if err != nil {
					t.Fatal(err)
				}
				if got := fi.Mode().Perm(); got != want {
					t.Errorf("%s has mode %v, want %v under umask %03o", l.Location(name), got, want, tt.umask)
				}
			}
		})
	}
}
