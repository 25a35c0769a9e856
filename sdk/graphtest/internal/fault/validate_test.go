package fault

import (
	"strings"
	"testing"
)

func TestSetRejectsInvalidRules(t *testing.T) {
	ok := Rule{Kind: Throttle}
	tests := []struct {
		name  string
		rules []Rule
		want  string
	}{
		{"an unknown kind is named with the valid ones",
			[]Rule{{Kind: "explode"}}, `rules[0].kind: unknown kind "explode"; want one of throttle, unavailable, gateway_timeout, slow, cut, forbidden, not_found, delta_token_refused, duplicate, shuffle, empty_page, beta_next_link, both_links, repeat_page`},
		{"a missing kind is reported", []Rule{{Match: "/users"}}, "rules[0].kind: missing; want one of throttle,"},
		{"a rate above 1 is outside 0..1", []Rule{ok, ok, {Kind: Throttle, Rate: 1.5}}, "rules[2].rate: 1.5 is outside 0..1"},
		{"a negative rate is outside 0..1", []Rule{{Kind: Shuffle, Rate: -0.1}}, "rules[0].rate: -0.1 is outside 0..1"},
		{"every and rate together are refused", []Rule{{Kind: Throttle, Every: 2, Rate: 0.5}}, "rules[0].rate: set every or rate, not both"},
		{"a negative every is refused", []Rule{{Kind: Throttle, Every: -2}}, "rules[0].every: -2 is negative; use 1 to fire on each match, N for every Nth"},
		{"a negative after is refused", []Rule{{Kind: Throttle, After: -1}}, "rules[0].after: -1 is negative; use 0 to fire from the first match"},
		{"a negative times is refused", []Rule{{Kind: Throttle, Times: -1}}, "rules[0].times: -1 is negative; use 0 for unlimited"},
		{"a negative retry_after is refused", []Rule{{Kind: Throttle, RetryAfter: seconds(-1)}}, "rules[0].retry_after: -1 is not a number of seconds >= 0, such as 1.5"},
		{"slow without a delay is refused", []Rule{{Kind: Slow}}, `rules[0].delay: slow needs a positive delay such as "250ms"`},
		{"retry_after on a kind that sends none is refused", []Rule{{Kind: Forbidden, RetryAfter: seconds(1)}}, "rules[0].retry_after: forbidden sends no Retry-After; only throttle and unavailable do"},
		{"a delay on a kind that does not wait is refused", []Rule{{Kind: Throttle, Delay: Duration(1)}}, "rules[0].delay: throttle does not wait; only slow does"},
		{"a code on a kind that sends no error is refused", []Rule{{Kind: Cut, Code: "X"}}, "rules[0].code: cut sends no error; only throttle, unavailable, gateway_timeout, forbidden, not_found, delta_token_refused do"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := injector(t, rules(Rule{Kind: NotFound}))
			err := i.Set(Config{Rules: tt.rules})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error\n%v\nwant it to start with\n%s", err, tt.want)
			}
			if got := i.Config().Rules; len(got) != 1 || got[0].Kind != NotFound {
				t.Errorf("a rejected Set replaced the rules with %+v", got)
			}
		})
	}
}

func TestSetReportsEveryProblem(t *testing.T) {
	err := New().Set(Config{Rules: []Rule{{Kind: Slow, Times: -1}, {Kind: Throttle}, {Kind: Shuffle, Rate: 2}}})
	want := "rules[0].times: -1 is negative; use 0 for unlimited\n" +
		"rules[0].delay: slow needs a positive delay such as \"250ms\"\n" +
		"rules[2].rate: 2 is outside 0..1"
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}
