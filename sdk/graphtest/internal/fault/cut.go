package fault

import (
	"bytes"
	"net/http"
	"strconv"
)

// cut serves r with next into a buffer, then sends the status, the headers
// with the full Content-Length and the first half of the body, flushes, and
// aborts: net/http closes an HTTP/1.1 connection and resets an HTTP/2
// stream, so the client reads a truncated body and then an error. A
// response with an empty body is aborted before its status line, since
// there is nothing to truncate.
func cut(w http.ResponseWriter, r *http.Request, next http.Handler) {
	c := newCapture(w)
	next.ServeHTTP(c, r)
	body := c.body.Bytes()
	if len(body) > 0 {
		w.Header().Del("Transfer-Encoding")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(c.status)
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
	}
	panic(http.ErrAbortHandler)
}

// capture is a ResponseWriter that keeps the status and body in memory and
// writes headers straight into the real writer's header map.
type capture struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

// newCapture returns a capture whose headers are w's.
func newCapture(w http.ResponseWriter) *capture {
	return &capture{header: w.Header(), status: http.StatusOK}
}

// Header returns the real writer's header map.
func (c *capture) Header() http.Header { return c.header }

// WriteHeader records the first status written.
func (c *capture) WriteHeader(status int) {
	if !c.wroteHeader {
		c.status, c.wroteHeader = status, true
	}
}

// Write buffers b.
func (c *capture) Write(b []byte) (int, error) {
	c.wroteHeader = true
	return c.body.Write(b)
}
