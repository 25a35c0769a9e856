package launcher

import (
	"io"
	"strings"
	"sync"

	"github.com/graphlake/graphlake/sdk/wire"
)

// tail keeps the last n lines written to it.
type tail struct {
	mu      sync.Mutex
	n       int
	lines   []string
	partial string
}

func newTail(n int) *tail { return &tail{n: n} }

// Write implements io.Writer.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	parts := strings.Split(t.partial+string(p), "\n")
	t.partial = parts[len(parts)-1]
	t.lines = append(t.lines, parts[:len(parts)-1]...)
	if over := len(t.lines) - t.n; over > 0 {
		t.lines = append(t.lines[:0], t.lines[over:]...)
	}
	return len(p), nil
}

// String returns the kept lines.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := strings.Join(t.lines, "\n")
	if t.partial != "" {
		out += "\n" + t.partial
	}
	return strings.TrimSpace(out)
}

// escapeLines escapes the control characters of each line a plugin wrote
// (see wire.EscapeControl), keeping the line breaks.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = wire.EscapeControl(l)
	}
	return strings.Join(lines, "\n")
}

// escapingWriter passes a plugin's log lines on with their control
// characters escaped.
type escapingWriter struct{ w io.Writer }

// Write implements io.Writer.
func (e escapingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, escapeLines(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
