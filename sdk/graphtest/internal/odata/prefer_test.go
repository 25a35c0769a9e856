package odata

import (
	"net/http"
	"testing"
)

func TestParsePrefer(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    Prefer
	}{
		{"no header means no preference", nil, Prefer{}},
		{"page size alone", []string{"odata.maxpagesize=2"}, Prefer{MaxPageSize: 2}},
		{"comma separated values in one header", []string{`odata.maxpagesize=5, IdType="ImmutableId"`}, Prefer{MaxPageSize: 5, ImmutableID: true}},
		{"repeated headers are merged", []string{"return=minimal", "odata.maxpagesize=7", "odata.track-changes"}, Prefer{MaxPageSize: 7, ReturnMinimal: true, TrackChanges: true}},
		{"names are case-insensitive", []string{"Return=Minimal", `idtype="immutableid"`}, Prefer{ReturnMinimal: true, ImmutableID: true}},
		{"invalid page size is ignored", []string{"odata.maxpagesize=abc", "odata.maxpagesize=-3"}, Prefer{}},
		{"return=representation is not minimal", []string{"return=representation"}, Prefer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tt.headers {
				h.Add("Prefer", v)
			}
			if got := ParsePrefer(h); got != tt.want {
				t.Errorf("ParsePrefer(%q) = %+v, want %+v", tt.headers, got, tt.want)
			}
		})
	}
}
