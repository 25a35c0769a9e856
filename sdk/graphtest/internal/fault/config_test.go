package fault

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestDocumentedExamplesAreValid(t *testing.T) {
	tests := []struct {
		name string
		json string
	}{
		{"the throttle example", `{"seed": 1, "rules": [{"kind": "throttle", "match": "/users/delta", "every": 3, "retry_after": 1.5}]}`},
		{"the cut example", `{"rules": [{"kind": "cut", "match": "/messages/delta", "times": 1}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name+" decodes, sets and reads back the same", func(t *testing.T) {
			var cfg Config
			if err := json.Unmarshal([]byte(tt.json), &cfg); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(injector(t, cfg).Config())
			if err != nil {
				t.Fatal(err)
			}
			if want := compact(t, tt.json); string(got) != want {
				t.Errorf("read back\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestConfigIsACopy(t *testing.T) {
	after := 1.5
	i := injector(t, rules(Rule{Kind: Throttle, RetryAfter: &after}))
	after = 9
	got := i.Config()
	*got.Rules[0].RetryAfter = 7
	if again := *i.Config().Rules[0].RetryAfter; again != 1.5 {
		t.Errorf("retry_after %v, want 1.5: the injector shares memory with its callers", again)
	}
}

func TestAnEmptyConfigHasAnEmptyRuleList(t *testing.T) {
	b, _ := json.Marshal(New().Config())
	if string(b) != `{"rules":[]}` {
		t.Errorf("got %s, want {\"rules\":[]}", b)
	}
}

func TestDurationJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Duration
		bad  bool
	}{
		{"a Go duration string is read", `"250ms"`, 250 * time.Millisecond, false},
		{"a number is read as seconds", `1.5`, 1500 * time.Millisecond, false},
		{"null leaves the duration unset", `null`, 0, false},
		{"a malformed string is refused", `"soon"`, 0, true},
		{"a boolean is refused", `true`, 0, true},
		{"a number too large for a duration is refused", `1e300`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Duration
			err := json.Unmarshal([]byte(tt.in), &d)
			if (err != nil) != tt.bad || time.Duration(d) != tt.want {
				t.Errorf("got %v, error %v; want %v, error %v", time.Duration(d), err, tt.want, tt.bad)
			}
		})
	}
	t.Run("a duration is written as a Go duration string", func(t *testing.T) {
		if b, _ := json.Marshal(Rule{Kind: Slow, Delay: Duration(250 * time.Millisecond)}); string(b) != `{"kind":"slow","delay":"250ms"}` {
			t.Errorf("got %s", b)
		}
	})
}

// compact removes the insignificant spaces of a JSON text.
func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
