// Package progress shows a round's progress: a live line on a terminal,
// periodic structured log records otherwise. It only renders; the runner
// reports.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
)

// stat is one stream's progress.
type stat struct{ pages, rows int64 }

// Terminal redraws one status line on a terminal.
type Terminal struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	last    time.Time
	streams map[string]stat
	drawn   bool
}

// NewTerminal returns a reporter that draws on w.
func NewTerminal(w io.Writer) *Terminal {
	return &Terminal{w: w, start: time.Now(), streams: map[string]stat{}}
}

// Progress implements runner.Reporter.
func (t *Terminal) Progress(source, stream string, pages, rows int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.streams[source+"/"+stream] = stat{pages, rows}
	if time.Since(t.last) < 200*time.Millisecond {
		return
	}
	t.last = time.Now()
	t.draw()
}

// Warn implements runner.Reporter.
func (t *Terminal) Warn(source, stream, summary, detail string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clear()
	fmt.Fprintf(t.w, "warning: %s/%s: %s. %s\n", source, stream, summary, detail)
}

// Done ends the status line.
func (t *Terminal) Done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.streams) > 0 {
		t.draw()
		fmt.Fprintln(t.w)
		t.drawn = false
	}
}

func (t *Terminal) draw() {
	var pages, rows int64
	names := make([]string, 0, len(t.streams))
	for name, s := range t.streams {
		pages, rows = pages+s.pages, rows+s.rows
		names = append(names, name)
	}
	sort.Strings(names)
	label := names[0]
	if len(names) > 1 {
		label = fmt.Sprintf("%d streams", len(names))
	}
	rate := float64(rows) / max(time.Since(t.start).Seconds(), 0.001)
	fmt.Fprintf(t.w, "\r\033[K%s: %d pages, %d rows, %.0f rows/s", label, pages, rows, rate)
	t.drawn = true
}

func (t *Terminal) clear() {
	if t.drawn {
		fmt.Fprint(t.w, "\r\033[K")
		t.drawn = false
	}
}

// Log reports progress as log records, at most once per interval per
// stream.
type Log struct {
	mu       sync.Mutex
	logger   *slog.Logger
	interval time.Duration
	last     map[string]time.Time
}

// NewLog returns a reporter that logs progress every interval.
func NewLog(logger *slog.Logger, interval time.Duration) *Log {
	return &Log{logger: logger, interval: interval, last: map[string]time.Time{}}
}

// Progress implements runner.Reporter.
func (l *Log) Progress(source, stream string, pages, rows int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := source + "/" + stream
	if time.Since(l.last[key]) < l.interval {
		return
	}
	l.last[key] = time.Now()
	l.logger.Info("progress", "source", source, "stream", stream, "pages", pages, "rows", rows)
}

// Warn implements runner.Reporter.
func (l *Log) Warn(source, stream, summary, detail string) {
	l.logger.Warn(strings.TrimSuffix(summary, "."), "source", source, "stream", stream, "detail", detail)
}
