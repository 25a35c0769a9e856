package crashpoint_test

import (
	"testing"

	"github.com/graphlake/graphlake/internal/crashpoint"
)

func TestParse(t *testing.T) {
	tests := []struct {
		spec, step string
		n          int
		wantErr    bool
	}{
		{"fetch", "fetch", 1, false},
		{"upload:3", "upload", 3, false},
		{" after-head ", "after-head", 1, false},
		{"commit", "", 0, true},
		{"fetch:0", "", 0, true},
		{"fetch:x", "", 0, true},
		{"", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			step, n, err := crashpoint.Parse(tt.spec)
			if (err != nil) != tt.wantErr || step != tt.step || n != tt.n {
				t.Fatalf("Parse(%q) = %q, %d, %v; want %q, %d, error %v", tt.spec, step, n, err, tt.step, tt.n, tt.wantErr)
			}
		})
	}
}

func TestAtCrashesOnlyTheNthTimeItsStepIsReached(t *testing.T) {
	crashes := 0
	h := crashpoint.At(crashpoint.Parquet, 2, func() { crashes++ })
	for _, s := range []string{"fetch", "parquet", "fetch", "upload", "parquet", "parquet"} {
		h.Call(s)
	}
	if crashes != 1 {
		t.Fatalf("crashed %d times, want once", crashes)
	}
	var none crashpoint.Hook
	none.Call(crashpoint.Fetch) // a nil hook does nothing
}
