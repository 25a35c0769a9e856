package fault

import (
	"context"
	"net/http"
	"time"
)

// Middleware wraps next, the Graph handler, with the kinds that act on the
// HTTP exchange. For each request it asks, in this order:
//
//   - throttle, unavailable, gateway_timeout, forbidden, not_found,
//     delta_token_refused: the first of these rules to fire answers with
//     its Graph error and next never runs;
//   - slow: the first to fire waits its Delay; if the client gives up
//     meanwhile, nothing is written and next never runs;
//   - cut: if one fires, next runs into a buffer and the client gets the
//     headers and about half of the body before the connection drops.
//
// The page-level kinds are left to the delta engine (see Fires).
func (i *Injector) Middleware(next http.Handler) http.Handler {
	answerBits, slowBits, cutBits := mask(answers), mask(delays), mask(truncates)
	acting := answerBits | slowBits | cutBits
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i.present.Load()&acting == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if rule, ok := i.first(r, answerBits); ok {
			answer(w, r, rule)
			return
		}
		if rule, ok := i.first(r, slowBits); ok && !wait(r.Context(), time.Duration(rule.Delay)) {
			return
		}
		if _, ok := i.first(r, cutBits); ok {
			cut(w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// wait sleeps for d and reports whether it did so without ctx ending first.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
