// Package progress shows a round's progress: a live line on a terminal,
// periodic structured log records otherwise. It only renders; the runner
// reports.
package progress

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// stat is one stream's progress.
type stat struct{ pages, rows int64 }

// totals is the progress of many streams: their sum, kept as each stream
// reports its own running count, so that nothing is summed again.
type totals struct {
	streams map[string]stat
	sum     stat
}

func newTotals() totals { return totals{streams: map[string]stat{}} }

// set records a stream's running count.
func (t *totals) set(key string, s stat) {
	old := t.streams[key]
	t.streams[key] = s
	t.sum.pages += s.pages - old.pages
	t.sum.rows += s.rows - old.rows
}

// Terminal redraws one status line on a terminal.
type Terminal struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	all   totals
	// first is the first stream reported, named while it is the only one.
	first string
	drawn bool
}

// NewTerminal returns a reporter that draws on w.
func NewTerminal(w io.Writer) *Terminal {
	return &Terminal{w: w, start: time.Now(), all: newTotals()}
}

// Progress implements runner.Reporter.
func (t *Terminal) Progress(source, stream string, pages, rows int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := source + "/" + stream
	if t.first == "" {
		t.first = key
	}
	t.all.set(key, stat{pages, rows})
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
	if len(t.all.streams) > 0 {
		t.draw()
		fmt.Fprintln(t.w)
		t.drawn = false
	}
}

func (t *Terminal) draw() {
	label := t.first
	if n := len(t.all.streams); n > 1 {
		label = fmt.Sprintf("%d streams", n)
	}
	rate := float64(t.all.sum.rows) / max(time.Since(t.start).Seconds(), 0.001)
	fmt.Fprintf(t.w, "\r\033[K%s: %d pages, %d rows, %.0f rows/s", label, t.all.sum.pages, t.all.sum.rows, rate)
	t.drawn = true
}

func (t *Terminal) clear() {
	if t.drawn {
		fmt.Fprint(t.w, "\r\033[K")
		t.drawn = false
	}
}

// Log reports progress as log records: one info record per source every
// interval, with the source's streams, pages and rows so far, and, at
// debug level, one record per stream at most every interval.
type Log struct {
	mu       sync.Mutex
	logger   *slog.Logger
	interval time.Duration
	now      func() time.Time
	start    time.Time
	sources  map[string]*sourceLog
	debug    map[string]time.Time // per stream, when debug is on
}

// sourceLog is one source's progress and when it was last logged.
type sourceLog struct {
	totals
	logged time.Time
}

// NewLog returns a reporter that logs progress every interval.
func NewLog(logger *slog.Logger, interval time.Duration) *Log {
	return &Log{logger: logger, interval: interval, now: time.Now, start: time.Now(),
		sources: map[string]*sourceLog{}, debug: map[string]time.Time{}}
}

// Progress implements runner.Reporter.
func (l *Log) Progress(source, stream string, pages, rows int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	src := l.sources[source]
	if src == nil {
		// The first record comes one interval in: a round that ends
		// sooner has its committed line.
		src = &sourceLog{totals: newTotals(), logged: now}
		l.sources[source] = src
	}
	src.set(stream, stat{pages, rows})
	if l.logger.Enabled(context.Background(), slog.LevelDebug) && now.Sub(l.debug[source+"/"+stream]) >= l.interval {
		l.debug[source+"/"+stream] = now
		l.logger.Debug("stream progress", "source", source, "stream", stream, "pages", pages, "rows", rows)
	}
	if now.Sub(src.logged) < l.interval {
		return
	}
	src.logged = now
	rate := float64(src.sum.rows) / max(now.Sub(l.start).Seconds(), 0.001)
	l.logger.Info("progress", "source", source, "streams", len(src.streams), "pages", src.sum.pages,
		"rows", src.sum.rows, "rows_per_s", int64(rate))
}

// Warn implements runner.Reporter.
func (l *Log) Warn(source, stream, summary, detail string) {
	l.logger.Warn(strings.TrimSuffix(summary, "."), "source", source, "stream", stream, "detail", detail)
}
