package calendar

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// WriteState writes the truth of the events table for the window [from,
// to): every instance of the calendars of users in it, as a delta round
// returns it (sparse occurrences with SparseOccurrences) without the
// @odata annotations, with userId, one JSON object a line, by user.
func (s *Store) WriteState(w io.Writer, users []string, from, to time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range users {
		c := s.calendarOf(u)
		for _, in := range c.instances(from, to) {
			raw, _ := in.render("UTC", time.UTC, s.opts.SparseOccurrences)
			var row map[string]any
			if err := json.Unmarshal(raw, &row); err != nil {
				return fmt.Errorf("events truth of %s: %w", u, err)
			}
			delete(row, "@odata.type")
			delete(row, "@odata.etag")
			row["userId"] = u
			line, _ := json.Marshal(row)
			if _, err := fmt.Fprintf(w, "%s\n", line); err != nil {
				return fmt.Errorf("write events truth: %w", err)
			}
		}
	}
	return nil
}
