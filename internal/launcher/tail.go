package launcher

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/graphlake/graphlake/sdk/wire"
)

// maxTailLine bounds a line that tail keeps: a plugin's stderr is
// untrusted, and one line of it may be endless.
const maxTailLine = 4 << 10

// tail keeps the last n lines written to it, each cut to maxTailLine
// bytes (wire.CutText). go-plugin hands it a long line in pieces, so a
// line in progress is kept to one byte past the cut, which marks it.
type tail struct {
	mu      sync.Mutex
	n       int
	lines   []string
	partial []byte // the line in progress, at most maxTailLine+1 bytes
}

func newTail(n int) *tail { return &tail{n: n} }

// Write implements io.Writer.
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		line := p
		if i >= 0 {
			line = p[:i]
		}
		room := maxTailLine + 1 - len(t.partial)
		t.partial = append(t.partial, line[:min(room, len(line))]...)
		if i < 0 {
			return n, nil
		}
		t.lines = append(t.lines, t.take())
		if over := len(t.lines) - t.n; over > 0 {
			t.lines = append(t.lines[:0], t.lines[over:]...)
		}
		p = p[i+1:]
	}
}

// take returns the line in progress, cut, and starts the next.
func (t *tail) take() string {
	line := wire.CutText(string(t.partial), maxTailLine)
	t.partial = t.partial[:0]
	return line
}

// String returns the kept lines.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := strings.Join(t.lines, "\n")
	if len(t.partial) > 0 {
		out += "\n" + wire.CutText(string(t.partial), maxTailLine)
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
