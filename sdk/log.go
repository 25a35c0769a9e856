package sdk

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/table"
)

// LogResource is one log a Log declaration offers: a Graph collection of
// events without delta, read by a time cursor into an append-only table.
type LogResource struct {
	// Stream names the stream, e.g. "signIns".
	Stream string
	// Path is the collection's path, e.g. "auditLogs/signIns".
	Path string
	// TimeProperty is the event time, e.g. "createdDateTime".
	TimeProperty string
	// Table receives the events; its name is the log's name in the source
	// block's logs attribute. Its Key must be {"id"}.
	Table table.Table
}

// Log declares a source of logs (the whole plugin is this value): each
// LogResource becomes a stream run by RunLog, configured by a LogBlock.
type Log struct {
	// Logs are the logs offered, in stream order.
	Logs []LogResource
	// Permissions are the application permissions needed: every
	// requirement, each granted by one of its alternatives.
	Permissions []PermissionRequirement
	// MaxLookBack is the longest look_back accepted: the retention of the
	// logs in Graph (30 days for Entra ID's). 0 means no limit.
	MaxLookBack time.Duration
	// DefaultLookBack and DefaultOverlap apply when the block sets none.
	DefaultLookBack, DefaultOverlap time.Duration
	// MaxTop is the largest page_size accepted (Graph's largest $top).
	MaxTop int
	// Now is the clock of the first round's look-back (time.Now when nil).
	Now func() time.Time
}

// LogBlock is the source block of a Log.
type LogBlock struct {
	// Logs names the logs to sync (their tables); default all.
	Logs []string `json:"logs"`
	// LookBack is how far back the first round reads, e.g. "7d" or
	// "36h" (days, or a Go duration).
	LookBack string `json:"look_back"`
	// Overlap is how far before the newest event recorded each round
	// reads again, to catch events Graph shows late, e.g. "30m".
	Overlap string `json:"overlap"`
	// PageSize is $top; default Graph's own.
	PageSize int `json:"page_size"`
	// Filter is an optional $filter ANDed with the time filter, applied
	// to every log.
	Filter string `json:"filter"`
}

// logOptions is a decoded LogBlock.
type logOptions struct {
	logs              []LogResource
	lookBack, overlap time.Duration
	top               int
	filter            string
}

// Tables implements Source.
func (l *Log) Tables() []table.Table {
	out := make([]table.Table, len(l.Logs))
	for i, r := range l.Logs {
		out[i] = r.Table
	}
	return out
}

// RequiredPermissions implements PermissionDeclarer.
func (l *Log) RequiredPermissions() []PermissionRequirement { return slices.Clone(l.Permissions) }

// ValidateConfig implements ConfigValidator.
func (l *Log) ValidateConfig(_ context.Context, config []byte) []Diagnostic {
	_, diags := l.decode(config)
	return diags
}

// Sync implements Source: one RunLog per chosen log. A log of earlier
// rounds no longer chosen is not run and not ended: the host keeps its
// cursor and its events (ending it would delete them), so choosing it
// again resumes where it stopped.
func (l *Log) Sync(ctx context.Context, req *SyncRequest, emit *Emitter) error {
	opts, diags := l.decode(req.Config)
	if HasErrors(diags) {
		return DiagnosticsError(diags)
	}
	for _, r := range opts.logs {
		s := LogStream{ID: r.Stream, Table: r.Table.Name, Path: r.Path, TimeProperty: r.TimeProperty,
			Filter: opts.filter, Top: opts.top, LookBack: opts.lookBack, Overlap: opts.overlap, Now: l.Now}
		if err := RunLog(ctx, req, emit, s); err != nil {
			return err
		}
	}
	return nil
}

// decode reads a source block and applies the declared defaults.
func (l *Log) decode(config []byte) (logOptions, []Diagnostic) {
	var b LogBlock
	if diags := DecodeConfig(config, &b); diags != nil {
		return logOptions{}, diags
	}
	opts := logOptions{lookBack: l.DefaultLookBack, overlap: l.DefaultOverlap, top: b.PageSize, filter: b.Filter}
	var diags []Diagnostic
	names := make([]string, len(l.Logs))
	for i, r := range l.Logs {
		names[i] = r.Table.Name
	}
	if b.Logs == nil {
		opts.logs = slices.Clone(l.Logs)
	} else if len(b.Logs) == 0 {
		diags = append(diags, Errorf("logs", "No log chosen", "logs is empty; name at least one of %s, or leave it out for all.", strings.Join(names, ", ")))
	}
	for _, name := range b.Logs {
		i := slices.Index(names, name)
		if i < 0 {
			diags = append(diags, Errorf("logs", "Unknown log", "%q is not a log of this source; choose among %s.", name, strings.Join(names, ", ")))
			continue
		}
		if !slices.ContainsFunc(opts.logs, func(r LogResource) bool { return r.Stream == l.Logs[i].Stream }) {
			opts.logs = append(opts.logs, l.Logs[i])
		}
	}
	if b.LookBack != "" {
		d, err := ParseDays(b.LookBack)
		switch {
		case err != nil || d <= 0:
			diags = append(diags, Errorf("look_back", "Invalid look_back", "%q: want a positive number of days such as \"7d\", or a Go duration such as \"36h\".", b.LookBack))
		case l.MaxLookBack > 0 && d > l.MaxLookBack:
			diags = append(diags, Errorf("look_back", "look_back beyond the log's retention",
				"%q reaches further back than Graph keeps these logs (%s); set look_back to %s or less: older events cannot be read.",
				b.LookBack, FormatDays(l.MaxLookBack), FormatDays(l.MaxLookBack)))
		default:
			opts.lookBack = d
		}
	}
	if b.Overlap != "" {
		d, err := ParseDays(b.Overlap)
		if err != nil || d < 0 {
			diags = append(diags, Errorf("overlap", "Invalid overlap", "%q: want a duration such as \"30m\" (or days, \"1d\"); 0 reads no event twice but loses those Graph shows late.", b.Overlap))
		} else {
			opts.overlap = d
		}
	}
	if b.PageSize < 0 || (l.MaxTop > 0 && b.PageSize > l.MaxTop) {
		diags = append(diags, Errorf("page_size", "Invalid page_size", "%d: want 1 to %d ($top), or leave it out for Graph's default.", b.PageSize, l.MaxTop))
	}
	return opts, diags
}

// ParseDays reads a duration written as days ("7d", "1.5d") or as a Go
// duration ("36h", "90m").
func ParseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: %w", s, err)
		}
		return time.Duration(f * float64(24*time.Hour)), nil
	}
	return time.ParseDuration(s)
}

// FormatDays writes a duration in whole days when it is one ("30d"), else
// as Go does.
func FormatDays(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}
