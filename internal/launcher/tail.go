package launcher

import (
	"strings"
	"sync"
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
