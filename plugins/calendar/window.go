package calendar

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk"
)

// WindowAt is the time range a round that began at now syncs, for the
// block c (defaults applied as a round applies them): [anchor-past,
// anchor+future), where anchor is now rounded down to a whole slide_every
// period since 1970-01-01T00:00:00Z. Between two anchors the window, the
// stream's fingerprint and so its deltaLink stay the same; the first
// round after a new anchor slides it.
func (c Config) WindowAt(now time.Time) (sdk.Window, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return sdk.Window{}, fmt.Errorf("encode the calendar block: %w", err)
	}
	cfg, diags := decode(raw)
	if sdk.HasErrors(diags) {
		return sdk.Window{}, sdk.DiagnosticsError(diags)
	}
	return cfg.window(now), nil
}

// window is WindowAt for a decoded block.
func (c Config) window(now time.Time) sdk.Window {
	every := c.slideEvery
	anchor := time.Unix(0, 0).UTC().Add(now.UTC().Sub(time.Unix(0, 0)) / every * every)
	return sdk.Window{Start: anchor.Add(-c.past), End: anchor.Add(c.future)}
}

// parseSpan reads a window length: a Go duration ("36h", "90m") or a
// whole number of days ("90d") or weeks ("2w").
func parseSpan(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(v, suffix); ok {
			k, err := strconv.Atoi(n)
			if err != nil || k < 0 {
				return 0, fmt.Errorf("%q: want a whole number of days or weeks such as \"90d\" or a Go duration such as \"36h\"", v)
			}
			return time.Duration(k) * unit, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: want a whole number of days or weeks such as \"90d\" or a Go duration such as \"36h\"", v)
	}
	return d, nil
}
