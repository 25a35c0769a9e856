package fault

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// Middleware applies the transport-level kinds: it answers throttle,
// unavailable, gateway_timeout, forbidden and not_found with Graph's errors,
// delays slow requests, and cuts responses short.
func (i *Injector) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !i.active.Load() {
			next.ServeHTTP(w, r)
			return
		}
		if rule, ok := i.first(r, isShortCircuit); ok {
			odata.WriteError(w, r, errorFor(rule))
			return
		}
		if rule, ok := i.first(r, func(k Kind) bool { return k == Slow }); ok && !sleep(r.Context(), time.Duration(rule.Delay)) {
			return
		}
		if _, ok := i.first(r, func(k Kind) bool { return k == Cut }); ok {
			cut(w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isShortCircuit(k Kind) bool {
	return k == Throttle || k == Unavailable || k == GatewayTimeout || k == Forbidden || k == NotFound
}

// errorFor builds the Graph error a short-circuiting rule answers with.
func errorFor(rule Rule) *odata.Error {
	e := map[Kind]odata.Error{
		Throttle:       {Status: http.StatusTooManyRequests, Code: "TooManyRequests", Message: "Please retry again later."},
		Unavailable:    {Status: http.StatusServiceUnavailable, Code: "serviceNotAvailable", Message: "The service is temporarily unavailable. Please retry later."},
		GatewayTimeout: {Status: http.StatusGatewayTimeout, Code: "UnknownError", Message: "The gateway did not receive a timely response."},
		Forbidden:      {Status: http.StatusForbidden, Code: "ErrorAccessDenied", Message: "Access is denied. Check credentials and try again."},
		NotFound:       {Status: http.StatusNotFound, Code: "ErrorSyncFolderNotFound", Message: "The sync folder was not found."},
	}[rule.Kind]
	if rule.Code != "" {
		e.Code = rule.Code
	}
	if rule.Message != "" {
		e.Message = rule.Message
	}
	if rule.RetryAfter != nil && (rule.Kind == Throttle || rule.Kind == Unavailable) {
		e.Header = http.Header{"Retry-After": {strconv.FormatFloat(*rule.RetryAfter, 'f', -1, 64)}}
	}
	return &e
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// cut runs next into a buffer, sends the headers with the full length and
// half of the body, then aborts the connection (HTTP/1.1) or stream (HTTP/2).
func cut(w http.ResponseWriter, r *http.Request, next http.Handler) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(rec, r)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes()[:rec.body.Len()/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// recorder buffers a response.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
