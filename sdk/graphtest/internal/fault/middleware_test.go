package fault

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMiddlewareScheduling(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		path  string
		n     int
		want  string
		stats map[Kind]int
	}{
		{"with no rules every request passes", rules(), "/v1.0/users/delta", 3, "...", map[Kind]int{}},
		{"page-level kinds are left to the delta engine", rules(Rule{Kind: Duplicate}, Rule{Kind: BothLinks}), "/v1.0/users/delta", 2, "..", map[Kind]int{}},
		{"every 3 throttles the third and sixth", rules(Rule{Kind: Throttle, Every: 3}), "/v1.0/users/delta", 6, "..x..x", map[Kind]int{Throttle: 2}},
		{"a rule for another path leaves this one alone", rules(Rule{Kind: Forbidden, Match: "/groups/delta"}), "/v1.0/users/delta", 2, "..", map[Kind]int{}},
		{"a rule matching the path applies", rules(Rule{Kind: NotFound, Match: "/users/delta"}), "/v1.0/users/delta", 2, "xx", map[Kind]int{NotFound: 2}},
		{"the first answering rule to fire wins and later rules do not see the request",
			rules(Rule{Kind: Throttle, Times: 1}, Rule{Kind: Forbidden, Every: 2}), "/v1.0/users/delta", 4, "x.x.", map[Kind]int{Throttle: 1, Forbidden: 1}},
		{"slow combines with a normal answer", rules(Rule{Kind: Slow, Delay: Duration(1)}), "/v1.0/users/delta", 2, "..", map[Kind]int{Slow: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := injector(t, tt.cfg)
			s := serve(t, i.Middleware(graph()), plainHTTP1)
			if got := statuses(t, s, tt.path, tt.n); got != tt.want {
				t.Errorf("statuses %s, want %s", got, tt.want)
			}
			if got := i.Stats(); !maps.Equal(got, tt.stats) {
				t.Errorf("Stats %v, want %v", got, tt.stats)
			}
		})
	}
}

func TestMiddlewareAnswersFirstRuleOnly(t *testing.T) {
	i := injector(t, rules(Rule{Kind: NotFound, Match: "/users/"}, Rule{Kind: Forbidden}))
	rec := httptest.NewRecorder()
	i.Middleware(graph()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1.0/users/delta", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("status %d, want the first rule's 404", rec.Code)
	}
}

func TestNoRulesCostNoAllocations(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, usersDelta, nil)
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name string
		cfg  Config
	}{
		{"an empty injector", rules()},
		{"an injector with only page-level rules", rules(Rule{Kind: Shuffle})},
	}
	for _, tt := range tests {
		t.Run("the middleware of "+tt.name+" allocates nothing", func(t *testing.T) {
			h := injector(t, tt.cfg).Middleware(noop)
			if n := testing.AllocsPerRun(100, func() { h.ServeHTTP(nil, r) }); n != 0 {
				t.Errorf("%v allocations per request", n)
			}
		})
	}
	t.Run("Fires for a kind without rules allocates nothing", func(t *testing.T) {
		i := injector(t, rules(Rule{Kind: Throttle}))
		if n := testing.AllocsPerRun(100, func() { i.Fires(Duplicate, r) }); n != 0 {
			t.Errorf("%v allocations per call", n)
		}
	})
}
