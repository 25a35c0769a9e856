package progress

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogAggregatesPerSource reports a mail round's 11,000 streams and a
// users stream over 16 seconds: the info records are one per source every
// interval, whatever the number of streams, and carry the source's sums;
// per-stream records appear at debug level only.
func TestLogAggregatesPerSource(t *testing.T) {
	tests := []struct {
		name      string
		level     slog.Level
		wantInfo  int // "progress" records
		wantDebug int // "stream progress" records
	}{
		{"info level: a record per source every 5s", slog.LevelInfo, 5, 0},
		{"debug level: a record per stream as well", slog.LevelDebug, 5, 11_004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := NewLog(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level})), 5*time.Second)
			now := time.Unix(1000, 0)
			l.now, l.start = func() time.Time { return now }, now
			for i := range 11_000 {
				now = now.Add(time.Millisecond) // 11s of streams
				l.Progress("mail", fmt.Sprintf("u%d/f%d", i/11, i%11), 1, 2)
				if i%1000 == 0 {
					l.Progress("users", "users", int64(i/1000+1), int64(200*(i/1000+1)))
				}
			}
			now = now.Add(5 * time.Second)
			l.Progress("users", "users", 12, 2400)
			info := strings.Count(buf.String(), "msg=progress ")
			debug := strings.Count(buf.String(), `msg="stream progress"`)
			if info != tt.wantInfo || debug != tt.wantDebug {
				t.Errorf("%d progress and %d stream progress records, want %d and %d:\n%.2000s", info, debug, tt.wantInfo, tt.wantDebug, buf.String())
			}
			if !strings.Contains(buf.String(), "source=mail streams=10001 pages=10001 rows=20002") {
				t.Errorf("no record with the mail source's sums at 10s:\n%.3000s", buf.String())
			}
			if !strings.Contains(buf.String(), "source=users streams=1 pages=12 rows=2400") {
				t.Errorf("no record with the users stream's running count:\n%.3000s", buf.String())
			}
		})
	}
}

// TestTerminalSumsRunningCounts: each stream reports its running count;
// the line shows their sum, and the stream's name while it is alone.
func TestTerminalSumsRunningCounts(t *testing.T) {
	var buf bytes.Buffer
	term := NewTerminal(&buf)
	term.Progress("users", "users", 1, 200)
	term.Progress("users", "users", 2, 400)
	term.Done()
	if !strings.Contains(buf.String(), "users/users: 2 pages, 400 rows") {
		t.Errorf("line %q: want the stream's name and its last running count", buf.String())
	}
	buf.Reset()
	term = NewTerminal(&buf)
	term.Progress("mail", "a", 1, 5)
	term.Progress("mail", "b", 1, 7)
	term.Progress("mail", "a", 2, 9)
	term.Done()
	if !strings.Contains(buf.String(), "2 streams: 3 pages, 16 rows") {
		t.Errorf("line %q: want 2 streams, 3 pages and 16 rows", buf.String())
	}
}
