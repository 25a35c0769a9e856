package fault

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func secs(f float64) *float64 { return &f }

func serve(t *testing.T, i *Injector, tls bool) *httptest.Server {
	t.Helper()
	h := i.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"value":[`+strings.Repeat(`{"id":"x"},`, 200)+`{"id":"y"}]}`)
	}))
	var s *httptest.Server
	if tls {
		s = httptest.NewUnstartedServer(h)
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

func TestShortCircuitKindsAnswerWithGraphErrors(t *testing.T) {
	tests := []struct {
		name       string
		rule       Rule
		status     int
		code       string
		retryAfter string
	}{
		{"throttle with a fractional Retry-After", Rule{Kind: Throttle, RetryAfter: secs(1.5)}, 429, "TooManyRequests", "1.5"},
		{"throttle with a whole Retry-After", Rule{Kind: Throttle, RetryAfter: secs(2)}, 429, "TooManyRequests", "2"},
		{"throttle without Retry-After", Rule{Kind: Throttle}, 429, "TooManyRequests", ""},
		{"unavailable", Rule{Kind: Unavailable, RetryAfter: secs(0.25)}, 503, "serviceNotAvailable", "0.25"},
		{"gateway timeout", Rule{Kind: GatewayTimeout}, 504, "UnknownError", ""},
		{"forbidden with a code override", Rule{Kind: Forbidden, Code: "ErrorQuotaExceeded"}, 403, "ErrorQuotaExceeded", ""},
		{"not found", Rule{Kind: NotFound}, 404, "ErrorSyncFolderNotFound", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := New()
			if err := i.Set(Config{Rules: []Rule{tt.rule}}); err != nil {
				t.Fatal(err)
			}
			resp, err := http.Get(serve(t, i, false).URL + "/v1.0/users/delta")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Error struct{ Code string } `json:"error"`
			}
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || body.Error.Code != tt.code || resp.Header.Get("Retry-After") != tt.retryAfter {
				t.Errorf("got %d %q Retry-After %q, want %d %q %q", resp.StatusCode, body.Error.Code, resp.Header.Get("Retry-After"), tt.status, tt.code, tt.retryAfter)
			}
		})
	}
}

func TestFiringSchedules(t *testing.T) {
	req := httptest.NewRequest("GET", "/v1.0/users/delta?$select=x", nil)
	other := httptest.NewRequest("GET", "/v1.0/groups/delta", nil)
	tests := []struct {
		name string
		rule Rule
		reqs []*http.Request
		want string
	}{
		{"every third request", Rule{Kind: Duplicate, Every: 3}, repeat(req, 7), "..x..x."},
		{"after two, at most twice", Rule{Kind: Duplicate, After: 2, Times: 2}, repeat(req, 6), "..xx.."},
		{"only matching paths count", Rule{Kind: Duplicate, Match: "/groups/", Every: 2}, []*http.Request{req, other, req, other}, "...x"},
		{"no schedule fires each time", Rule{Kind: Duplicate}, repeat(req, 3), "xxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := New()
			if err := i.Set(Config{Rules: []Rule{tt.rule}}); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, r := range tt.reqs {
				if i.Fires(Duplicate, r) {
					got.WriteByte('x')
				} else {
					got.WriteByte('.')
				}
			}
			if got.String() != tt.want {
				t.Errorf("pattern %s, want %s", got.String(), tt.want)
			}
			if n := strings.Count(tt.want, "x"); i.Stats()[Duplicate] != n {
				t.Errorf("stats %v, want %d duplicates", i.Stats(), n)
			}
		})
	}
	t.Run("a rate is reproducible with the same seed", func(t *testing.T) {
		pattern := func() string {
			i := New()
			_ = i.Set(Config{Seed: 9, Rules: []Rule{{Kind: Shuffle, Rate: 0.3}}})
			var b strings.Builder
			for range 50 {
				if i.Fires(Shuffle, req) {
					b.WriteByte('x')
				} else {
					b.WriteByte('.')
				}
			}
			return b.String()
		}
		a, b := pattern(), pattern()
		if a != b || !strings.Contains(a, "x") || !strings.Contains(a, ".") {
			t.Errorf("patterns %s and %s", a, b)
		}
	})
}

func repeat(r *http.Request, n int) []*http.Request {
	out := make([]*http.Request, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func TestCutTruncatesTheBody(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		name := "over HTTP/1.1"
		if h2 {
			name = "over HTTP/2"
		}
		t.Run(name, func(t *testing.T) {
			i := New()
			_ = i.Set(Config{Rules: []Rule{{Kind: Cut}}})
			s := serve(t, i, h2)
			resp, err := s.Client().Get(s.URL + "/v1.0/users/delta")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if h2 && resp.ProtoMajor != 2 {
				t.Fatalf("protocol %s, want HTTP/2", resp.Proto)
			}
			body, err := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || err == nil || len(body) == 0 || json.Valid(body) {
				t.Errorf("status %d, %d bytes, read error %v: want 200, a truncated body and an error", resp.StatusCode, len(body), err)
			}
		})
	}
}

func TestSlowDelaysAndHonoursCancellation(t *testing.T) {
	i := New()
	_ = i.Set(Config{Rules: []Rule{{Kind: Slow, Delay: Duration(200 * time.Millisecond)}}})
	s := serve(t, i, false)
	start := time.Now()
	resp, err := http.Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("answered after %v, want at least 200ms", d)
	}
	client := &http.Client{Timeout: 50 * time.Millisecond}
	if _, err := client.Get(s.URL); err == nil {
		t.Error("a client giving up after 50ms still got an answer")
	}
}

func TestSetReportsTheFaultyField(t *testing.T) {
	tests := []struct {
		rule Rule
		want string
	}{
		{Rule{Kind: "explode"}, `rules[0].kind: unknown kind "explode"`},
		{Rule{Kind: Throttle, Rate: 1.5}, "rules[0].rate: 1.5 is outside 0..1"},
		{Rule{Kind: Throttle, Every: 2, Rate: 0.5}, "rules[0].every: set every or rate, not both"},
		{Rule{Kind: Slow}, "rules[0].delay: slow needs a positive delay"},
		{Rule{Kind: Throttle, Times: -1}, "rules[0].times: -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := New().Set(Config{Rules: []Rule{tt.rule}})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestDurationReadsStringsAndSeconds(t *testing.T) {
	var c Config
	if err := json.Unmarshal([]byte(`{"rules":[{"kind":"slow","delay":"250ms"},{"kind":"slow","delay":1.5}]}`), &c); err != nil {
		t.Fatal(err)
	}
	if time.Duration(c.Rules[0].Delay) != 250*time.Millisecond || time.Duration(c.Rules[1].Delay) != 1500*time.Millisecond {
		t.Errorf("delays %v %v", c.Rules[0].Delay, c.Rules[1].Delay)
	}
}

func TestConcurrentFiringsAreExact(t *testing.T) {
	i := New()
	_ = i.Set(Config{Rules: []Rule{{Kind: Duplicate, Every: 2}}})
	req := httptest.NewRequest("GET", "/v1.0/users/delta", nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 125 {
				i.Fires(Duplicate, req)
			}
		}()
	}
	wg.Wait()
	if got := i.Stats()[Duplicate]; got != 500 {
		t.Errorf("%d firings of an every-2 rule over 1000 requests, want 500", got)
	}
}
