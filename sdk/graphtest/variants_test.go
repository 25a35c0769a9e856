package graphtest

import (
	"slices"
	"strings"
	"testing"
)

func TestParseVariants(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []Variant
		wantErr string
	}{
		{in: "", want: nil},
		{in: "none", want: nil},
		{in: "all", want: AllVariants()},
		{in: "partial-updates", want: []Variant{PartialUpdates}},
		{in: " server-errors , partial-updates,server-errors", want: []Variant{ServerErrors, PartialUpdates}},
		{in: "partial-update", wantErr: `unknown emulator variant "partial-update" (known: partial-updates,`},
	} {
		got, err := ParseVariants(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseVariants(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseVariants(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if o := (Options{Variants: []Variant{TopLevelFolders}}); !o.Has(TopLevelFolders) || o.Has(PartialUpdates) {
		t.Errorf("Options.Has: %v", o.Variants)
	}
}
