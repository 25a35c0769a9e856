package current_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/internal/current"
	"github.com/graphlake/graphlake/internal/parquetin"
)

// TestAReplacedFileIsRefusedNotRead: a change-log or snapshot file whose
// bytes are not the ones its manifest entry records fails the readers
// (Scan, as etl show and the sweep use it, and Compact) with an error
// naming it, instead of answering from it or baking it into a snapshot.
func TestAReplacedFileIsRefusedNotRead(t *testing.T) {
	tests := []struct {
		name string
		path func(l *testLake) string
	}{
		{"a change-log file after the snapshot", func(l *testLake) string { return l.latest.Files[0].Path }},
		{"a snapshot file", func(l *testLake) string { return l.latest.Current.Table("people").Files[0].Path }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			l := newTestLake(t)
			l.round(false, up("people", `{"id":"a","name":"Ann"}`), up("people", `{"id":"b","name":"Bob"}`))
			l.round(true, up("people", `{"id":"c","name":"Cy"}`))
			l.round(false, up("people", `{"id":"a","name":"Anna"}`))
			if len(l.scan("people")) != 3 {
				t.Fatal("the lake before the change is not as built")
			}
			name := tt.path(l)
			data, err := l.s.Get(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x20
			w, err := l.s.Create(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(data); err != nil {
				t.Fatal(err)
			}
			if err := w.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			err = current.Scan(ctx, l.s, l.latest, "people", func(map[string]any) error { return nil })
			if !errors.Is(err, parquetin.ErrNotAsRecorded) || !strings.Contains(err.Error(), name) {
				t.Errorf("Scan: %v; want ErrNotAsRecorded naming %s", err, name)
			}
			v, err := current.Open(ctx, l.s, l.latest)
			if err != nil {
				t.Fatal(err)
			}
			_, err = current.Compact(ctx, v, current.Options{Round: l.latest.Round, RunID: "tamper"})
			if !errors.Is(err, parquetin.ErrNotAsRecorded) {
				t.Errorf("Compact: %v; want ErrNotAsRecorded", err)
			}
		})
	}
}
