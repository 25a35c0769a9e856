package fault

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// firings asks i whether kind fires for each path, in order, and returns
// the pattern: 'x' where it fired, '.' where it did not.
func firings(i *Injector, kind Kind, paths ...string) string {
	var b strings.Builder
	for _, p := range paths {
		b.WriteByte(mark(!i.Fires(kind, httptest.NewRequest(http.MethodGet, p, nil))))
	}
	return b.String()
}

// times repeats path n times.
func times(path string, n int) []string {
	out := make([]string, n)
	for k := range out {
		out[k] = path
	}
	return out
}

const (
	usersDelta  = "/v1.0/users/delta?$select=displayName"
	groupsDelta = "/v1.0/groups/delta"
)

func TestSchedules(t *testing.T) {
	tests := []struct {
		name  string
		rule  Rule
		paths []string
		want  string
	}{
		{"a rule without every or rate fires on each match", Rule{Kind: Duplicate}, times(usersDelta, 4), "xxxx"},
		{"every 1 fires on each match", Rule{Kind: Duplicate, Every: 1}, times(usersDelta, 3), "xxx"},
		{"every 3 fires on the third, sixth and ninth", Rule{Kind: Duplicate, Every: 3}, times(usersDelta, 9), "..x..x..x"},
		{"after 2 lets two through first", Rule{Kind: Duplicate, After: 2}, times(usersDelta, 4), "..xx"},
		{"every counts from the request after the first After", Rule{Kind: Duplicate, After: 2, Every: 2}, times(usersDelta, 8), "...x.x.x"},
		{"times caps the firings", Rule{Kind: Duplicate, Times: 2}, times(usersDelta, 4), "xx.."},
		{"after, every and times combine", Rule{Kind: Duplicate, After: 1, Every: 2, Times: 2}, times(usersDelta, 9), "..x.x...."},
		{"match scopes a rule to paths holding the substring", Rule{Kind: Duplicate, Match: "/groups/"}, []string{usersDelta, groupsDelta, usersDelta, groupsDelta}, ".x.x"},
		{"every counts only matching requests", Rule{Kind: Duplicate, Match: "/groups/", Every: 2}, []string{groupsDelta, usersDelta, usersDelta, groupsDelta}, "...x"},
		{"match sees the raw query", Rule{Kind: Duplicate, Match: "$select="}, []string{usersDelta, groupsDelta}, "x."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := injector(t, rules(tt.rule))
			if got := firings(i, Duplicate, tt.paths...); got != tt.want {
				t.Errorf("fired %s, want %s", got, tt.want)
			}
			if got, want := i.Stats()[Duplicate], strings.Count(tt.want, "x"); got != want {
				t.Errorf("Stats counts %d firings, want %d", got, want)
			}
		})
	}
}

func TestRateIsReproducible(t *testing.T) {
	pattern := func(seed int64, rs ...Rule) string {
		i := injector(t, Config{Seed: seed, Rules: rs})
		return firings(i, Shuffle, times(usersDelta, 64)...)
	}
	first := pattern(7, Rule{Kind: Shuffle, Rate: 0.3})
	t.Run("the same seed gives the same firings", func(t *testing.T) {
		if again := pattern(7, Rule{Kind: Shuffle, Rate: 0.3}); again != first {
			t.Errorf("seed 7 fired\n%s\nthen\n%s", first, again)
		}
	})
	t.Run("the rate is roughly honoured", func(t *testing.T) {
		if n := strings.Count(first, "x"); n < 8 || n > 32 {
			t.Errorf("%d of 64 fired at rate 0.3: %s", n, first)
		}
	})
	t.Run("another seed gives other firings", func(t *testing.T) {
		if other := pattern(8, Rule{Kind: Shuffle, Rate: 0.3}); other == first {
			t.Errorf("seeds 7 and 8 both fired %s", first)
		}
	})
	t.Run("a rule of another kind does not disturb the pattern", func(t *testing.T) {
		if got := pattern(7, Rule{Kind: Shuffle, Rate: 0.3}, Rule{Kind: Duplicate, Rate: 0.5}); got != first {
			t.Errorf("with a duplicate rule added, fired\n%s\nwant\n%s", got, first)
		}
	})
}

func TestFiresAndStats(t *testing.T) {
	i := injector(t, rules(Rule{Kind: EmptyPage, Every: 2}, Rule{Kind: BothLinks, Times: 1}))
	t.Run("each kind is asked about separately", func(t *testing.T) {
		got := firings(i, EmptyPage, times(usersDelta, 4)...) + " " + firings(i, BothLinks, times(usersDelta, 2)...)
		if got != ".x.x x." {
			t.Errorf("fired %q, want %q", got, ".x.x x.")
		}
	})
	t.Run("a kind without rules never fires", func(t *testing.T) {
		if firings(i, BetaNextLink, usersDelta) != "." || firings(i, "no_such_kind", usersDelta) != "." {
			t.Error("fired without a rule")
		}
	})
	t.Run("Stats counts the firings of each kind", func(t *testing.T) {
		if s := i.Stats(); len(s) != 2 || s[EmptyPage] != 2 || s[BothLinks] != 1 {
			t.Errorf("Stats %v, want empty_page 2 and both_links 1", s)
		}
	})
	t.Run("Set resets counters and Stats", func(t *testing.T) {
		if err := i.Set(rules(Rule{Kind: EmptyPage, Every: 2})); err != nil {
			t.Fatal(err)
		}
		if got := firings(i, EmptyPage, usersDelta); got != "." || len(i.Stats()) != 0 {
			t.Errorf("after Set: fired %q, Stats %v", got, i.Stats())
		}
	})
	t.Run("Clear removes every rule", func(t *testing.T) {
		i.Clear()
		if got := firings(i, EmptyPage, times(usersDelta, 2)...); got != ".." || len(i.Config().Rules) != 0 {
			t.Errorf("after Clear: fired %q, config %+v", got, i.Config())
		}
	})
}
