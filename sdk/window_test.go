package sdk

import (
	"strings"
	"testing"
	"time"
)

func TestAWindowIsFingerprintedApartFromItsQuery(t *testing.T) {
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	stream := func(url string, from time.Time) DeltaStream {
		return DeltaStream{ID: "u/calendar", URL: url, Prefer: []string{"odata.maxpagesize=500"},
			Window: &Window{Start: from, End: from.AddDate(1, 0, 0)}}
	}
	base := stream("https://graph/v1.0/users/u/calendarView/delta", day)
	tests := []struct {
		name  string
		next  DeltaStream
		same  bool
		moved bool
	}{
		{"the same window keeps the fingerprint", stream("https://graph/v1.0/users/u/calendarView/delta", day), true, false},
		{"a moved window is a move", stream("https://graph/v1.0/users/u/calendarView/delta", day.AddDate(0, 0, 1)), false, true},
		{"another query is no move", stream("https://graph/v1.0/users/u/calendars/c/calendarView/delta", day), false, false},
		{"a stream without a window is no move", DeltaStream{ID: "u/calendar", URL: base.URL, Prefer: base.Prefer}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if same := tt.next.Fingerprint() == base.Fingerprint(); same != tt.same {
				t.Fatalf("same fingerprint: %v, want %v", same, tt.same)
			}
			if moved := tt.next.windowMoved(base.Fingerprint()); moved != tt.moved {
				t.Fatalf("window moved: %v, want %v", moved, tt.moved)
			}
		})
	}
	if got, want := base.firstURL(), base.URL+"?startDateTime=2026-03-10T00%3A00%3A00Z&endDateTime=2027-03-10T00%3A00%3A00Z"; got != want {
		t.Fatalf("first URL %s, want %s", got, want)
	}
	if withQuery := (DeltaStream{URL: "https://graph/x?a=b", Window: base.Window}).firstURL(); !strings.Contains(withQuery, "?a=b&startDateTime=") {
		t.Fatalf("first URL %s: the window's parameters follow the query's", withQuery)
	}
}
