package config

import "time"

// duration parses a Go duration argument within [lo, hi]; def when absent.
func (d *decoder) duration(name string, a strAttr, def, lo, hi time.Duration) time.Duration {
	if !a.Known {
		return def
	}
	v, err := time.ParseDuration(a.Value)
	if err != nil || v < lo || v > hi {
		d.errorf(a.Range, "Invalid "+name, "%s must be a duration from %s to %s, such as \"90s\" or \"15m\"; got %q.", name, lo, hi, a.Value)
		return def
	}
	return v
}
