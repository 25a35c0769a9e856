package calendar

import (
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
)

func TestTheWindowStaysPutBetweenAnchors(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		cfg        Config
		now        time.Time
		start, end time.Time
	}{
		{"the defaults anchor at UTC midnight", Config{}, day.Add(23*time.Hour + 59*time.Minute),
			day.AddDate(0, 0, -90), day.AddDate(0, 0, 365)},
		{"the first round after midnight slides a day", Config{}, day.Add(24 * time.Hour),
			day.AddDate(0, 0, -89), day.AddDate(0, 0, 366)},
		{"a weekly slide anchors to whole weeks since 1970", Config{Past: "2w", Future: "30d", SlideEvery: "7d"}, day,
			time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -14), time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 30)},
		{"hours and other zones", Config{Past: "36h", Future: "12h", SlideEvery: "6h"}, day.Add(13 * time.Hour).In(time.FixedZone("x", 5*3600)),
			day.Add(12*time.Hour - 36*time.Hour), day.Add(24 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := tt.cfg.WindowAt(tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if want := (sdk.Window{Start: tt.start, End: tt.end}); !w.Start.Equal(want.Start) || !w.End.Equal(want.End) {
				t.Fatalf("window %v – %v, want %v – %v", w.Start, w.End, want.Start, want.End)
			}
		})
	}
}

func TestInvalidWindowsAreRefused(t *testing.T) {
	tests := []struct {
		name, config, attr, says string
	}{
		{"a past without a unit", `{"past": "90"}`, "past", `"90d"`},
		{"negative days", `{"future": "-3d"}`, "future", "whole number"},
		{"a zero slide", `{"slide_every": "0s"}`, "slide_every", "positive"},
		{"an empty window", `{"past": "0d", "future": "0d"}`, "future", "holds no time"},
		{"a page too large", `{"page_size": 5000}`, "page_size", "between 1 and 1000"},
		{"an unknown attribute", `{"window": "90d"}`, "window", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := decode([]byte(tt.config))
			for _, d := range diags {
				if d.Attribute == tt.attr && strings.Contains(d.Summary+" "+d.Detail, tt.says) {
					return
				}
			}
			t.Fatalf("diagnostics %+v: want one on %s saying %q", diags, tt.attr, tt.says)
		})
	}
}
