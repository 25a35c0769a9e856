package calendar

import (
	"strings"
	"time"
	_ "time/tzdata" // the zones below, whatever the host has installed
)

// zones maps the Windows time zone names Outlook writes in
// originalStartTimeZone (and accepts in Prefer: outlook.timezone) to IANA
// names.
var zones = map[string]string{
	"UTC":                       "UTC",
	"Pacific Standard Time":     "America/Los_Angeles",
	"Eastern Standard Time":     "America/New_York",
	"GMT Standard Time":         "Europe/London",
	"W. Europe Standard Time":   "Europe/Berlin",
	"India Standard Time":       "Asia/Kolkata",
	"Tokyo Standard Time":       "Asia/Tokyo",
	"AUS Eastern Standard Time": "Australia/Sydney",
}

// zoneNames are the generated events' zones, UTC first.
var zoneNames = []string{"UTC", "Pacific Standard Time", "Eastern Standard Time", "GMT Standard Time",
	"W. Europe Standard Time", "India Standard Time", "Tokyo Standard Time", "AUS Eastern Standard Time"}

// location loads a Windows or IANA zone name; ok is false for names
// neither knows.
func location(name string) (loc *time.Location, windows string, ok bool) {
	name = strings.TrimSpace(name)
	for w, iana := range zones {
		if strings.EqualFold(w, name) {
			l, err := time.LoadLocation(iana)
			return l, w, err == nil
		}
	}
	if name == "" {
		return time.UTC, "UTC", true
	}
	l, err := time.LoadLocation(name)
	return l, name, err == nil
}

// mustZone is location for the generator's own names.
func mustZone(name string) *time.Location {
	l, _, ok := location(name)
	if !ok {
		return time.UTC
	}
	return l
}

// graphTime writes t as a dateTimeTimeZone's dateTime: local time in loc,
// seven fractional digits, no offset.
func graphTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04:05.0000000")
}

// parseWindowTime reads startDateTime or endDateTime: ISO 8601 with or
// without an offset (none is UTC), or a date.
func parseWindowTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
