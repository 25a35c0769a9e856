package odata

import (
	"net/http"
	"strconv"
	"strings"
)

// Prefer is the parsed set of preferences a request sent in one or more
// Prefer headers, each of which may hold comma-separated values.
type Prefer struct {
	// MaxPageSize is odata.maxpagesize, or 0 when absent or invalid.
	MaxPageSize int
	// ReturnMinimal is set by return=minimal.
	ReturnMinimal bool
	// ImmutableID is set by IdType="ImmutableId".
	ImmutableID bool
	// TrackChanges is set by the legacy odata.track-changes preference.
	TrackChanges bool
	// TimeZone is outlook.timezone: the zone event times are written in
	// ("" when absent: UTC).
	TimeZone string
}

// ParsePrefer reads every Prefer header of h. Unknown preferences are
// ignored, as Graph does.
func ParsePrefer(h http.Header) Prefer {
	var p Prefer
	for _, line := range h.Values("Prefer") {
		for _, part := range strings.Split(line, ",") {
			p.apply(strings.TrimSpace(part))
		}
	}
	return p
}

func (p *Prefer) apply(pref string) {
	name, value, _ := strings.Cut(pref, "=")
	name = strings.ToLower(strings.TrimSpace(name))
	value = strings.Trim(strings.TrimSpace(value), `"`)
	switch name {
	case "odata.maxpagesize":
		if n, err := strconv.Atoi(value); err == nil && n > 0 {
			p.MaxPageSize = n
		}
	case "return":
		p.ReturnMinimal = strings.EqualFold(value, "minimal")
	case "idtype":
		p.ImmutableID = strings.EqualFold(value, "ImmutableId")
	case "odata.track-changes":
		p.TrackChanges = true
	case "outlook.timezone":
		p.TimeZone = value
	}
}
