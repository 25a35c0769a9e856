package store

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpoolReadsBackWhatWasWritten writes below, at and past SpoolMemory,
// reads every byte back, and checks that the bytes past it went to a
// temporary file that Close removes.
func TestSpoolReadsBackWhatWasWritten(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	rng := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{0, 1000, SpoolMemory, SpoolMemory + 1, SpoolMemory + 3*blockSize + 5} {
		want := make([]byte, size)
		_, _ = rand.NewChaCha8([32]byte{byte(size)}).Read(want)
		var s Spool
		writeInPieces(t, &s, want, rng, 700_000)
		if (s.file != nil) != (size > SpoolMemory) {
			t.Fatalf("size %d: temporary file %v, want one only past %d bytes", size, s.file != nil, SpoolMemory)
		}
		checkReadBack(t, &s, want, rng, 30, 3*blockSize)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
			t.Fatalf("size %d: %d files left in the temporary folder after Close", size, len(left))
		}
	}
}

// TestASpoolThatCannotSpillSaysWhere: with the temporary folder missing,
// writing past SpoolMemory fails, naming TMPDIR, and the spool stays
// failed.
func TestASpoolThatCannotSpillSaysWhere(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	var s Spool
	defer s.Close()
	if _, err := s.Write(make([]byte, SpoolMemory)); err != nil {
		t.Fatalf("writing SpoolMemory bytes: %v", err)
	}
	_, err := s.Write([]byte("x"))
	if err == nil || !strings.Contains(err.Error(), "TMPDIR") {
		t.Fatalf("writing past SpoolMemory: %v, want an error naming TMPDIR", err)
	}
	if _, err2 := s.ReadAt(make([]byte, 1), 0); err2 == nil {
		t.Errorf("a failed spool reads")
	}
}
