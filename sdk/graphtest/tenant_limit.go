package graphtest

import (
	"net/http"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// Graph's request limit per app (GRAPH-DELTA.md §4: 130,000 requests per
// 10 seconds), the TenantRateLimit variant's default.
const (
	defaultTenantRateLimit  = 130_000
	defaultTenantRateWindow = 10 * time.Second
)

// tenantLimitKey is the one key of the tenant-wide window.
const tenantLimitKey = "tenant"

// tenantLimit wraps the Graph handlers, with the TenantRateLimit variant
// on, in a tenant-wide request limit: at most limit requests served in
// any sliding window; past it every Graph request, whatever it addresses,
// is answered 429 TooManyRequests with Retry-After until the window has
// room, as Graph's global limit answers.
func (s *Server) tenantLimit(next http.Handler) http.Handler {
	if !s.opts.Has(TenantRateLimit) {
		return next
	}
	limit, window := s.opts.TenantRateLimit, s.opts.TenantRateWindow
	if limit <= 0 {
		limit = defaultTenantRateLimit
	}
	if window <= 0 {
		window = defaultTenantRateWindow
	}
	budget := newMailboxBudget(limit, window)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if after, ok := budget.spend(tenantLimitKey); !ok {
			s.stats.count("throttled.tenant")
			h := http.Header{}
			h.Set("Retry-After", retryAfterSeconds(after))
			odata.WriteError(w, r, &odata.Error{Status: http.StatusTooManyRequests, Code: "TooManyRequests",
				Message: "Please retry again later.", Header: h})
			return
		}
		next.ServeHTTP(w, r)
	})
}
