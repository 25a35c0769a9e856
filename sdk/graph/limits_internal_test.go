package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMailboxKeyReadsLinksInPlace: a mailbox link without escapes (every
// deltaLink and nextLink Graph sends) is keyed without url.Parse, which
// allocated for every request.
func TestMailboxKeyReadsLinksInPlace(t *testing.T) {
	link := "https://graph.microsoft.com/v1.0/users/6e1c2a34-5b7d-4c1e-9f2a-1b2c3d4e5f60/mailFolders/AAMkAGI2TAAA=/messages/delta?$deltatoken=abc"
	if n := testing.AllocsPerRun(100, func() { _ = mailboxKey(link) }); n > 0 {
		t.Errorf("mailboxKey allocated %v times per link; want none for a lower-case id", n)
	}
}

func TestMailboxKey(t *testing.T) {
	tests := []struct {
		name, link, want string
	}{
		{"a folder delta addresses its mailbox", "https://g/v1.0/users/U1/mailFolders/delta?$select=x", "u1"},
		{"a message delta in key form addresses its mailbox", "https://g/v1.0/users/u1/mailFolders('AA%2F')/messages/delta?$skiptoken=x", "u1"},
		{"a well-known folder addresses its mailbox", "https://g/v1.0/users/a@b.com/mailFolders/inbox", "a@b.com"},
		{"contacts address the mailbox", "https://g/v1.0/users/u1/contactFolders/f/contacts/delta", "u1"},
		{"the users delta is tenant-wide", "https://g/v1.0/users/delta?$select=id", ""},
		{"a user object is not a mailbox", "https://g/v1.0/users/u1?$select=id", ""},
		{"group members are not a mailbox", "https://g/v1.0/users/u1/memberOf", ""},
		{"an unparsable link has no key", "://bad", ""},
		{"an escaped id is read as url.Parse reads it", "https://g/v1.0/users/a%40b.com/messages/delta", "a@b.com"},
		{"segment names in any case", "https://g/v1.0/Users/U1/MAILFOLDERS/x/Messages", "u1"},
		{"a segment that only starts like a mailbox resource", "https://g/v1.0/users/u1/messagesx", ""},
		{"users as an id", "https://g/v1.0/users/users/messages", "users"},
		{"a query before any path", "https://g?x=/users/u1/messages", ""},
		{"a link with a space is read as url.Parse reads it", "https://g/v1.0/users/u 1/messages", "u 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mailboxKey(tt.link); got != tt.want {
				t.Errorf("mailboxKey(%q) = %q, want %q", tt.link, got, tt.want)
			}
		})
	}
}

func TestKeyLimiterHoldsEachKeyToItsLimit(t *testing.T) {
	l := newKeyLimiter(4, pace{})
	var mu sync.Mutex
	inFlight, peak := map[string]int{}, map[string]int{}
	var wg sync.WaitGroup
	for i := range 60 {
		key := []string{"a", "b", "c"}[i%3]
		wg.Go(func() {
			release, err := l.acquire(context.Background(), key)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			inFlight[key]++
			peak[key] = max(peak[key], inFlight[key])
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			inFlight[key]--
			mu.Unlock()
			release(answer{})
		})
	}
	wg.Wait()
	for key, p := range peak {
		if p > 4 {
			t.Errorf("key %s had %d in flight, limit 4", key, p)
		}
	}
	if n := l.size(); n != 0 {
		t.Errorf("%d keys left in the limiter after every slot was released", n)
	}
}

func TestKeyLimiterGivesUpWithTheContext(t *testing.T) {
	l := newKeyLimiter(1, pace{})
	release, err := l.acquire(context.Background(), "k")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, "k"); err == nil {
		t.Fatal("a second acquire of a full key succeeded")
	}
	release(answer{})
	if n := l.size(); n != 0 {
		t.Errorf("%d keys left after the waiter gave up and the holder released", n)
	}
}

func TestBackOffScopes(t *testing.T) {
	mailbox := "https://g/v1.0/users/u1/mailFolders/delta"
	other := "https://g/v1.0/users/u2/mailFolders/delta"
	tenant := "https://g/v1.0/users/delta"
	tests := []struct {
		name        string
		link        string
		answer      answer
		heldForLink map[string]bool
	}{
		{"a 429 ApplicationThrottled on a mailbox holds that mailbox only", mailbox, judge(mailbox, throttledBy("ApplicationThrottled", 429), 0, time.Hour),
			map[string]bool{mailbox: true, other: false, tenant: false}},
		{"a 429 TooManyRequests on a mailbox holds everything", mailbox, judge(mailbox, throttledBy("TooManyRequests", 429), 0, time.Hour),
			map[string]bool{mailbox: true, other: true, tenant: true}},
		{"a 429 on a tenant-level request holds everything", tenant, judge(tenant, throttledBy("ApplicationThrottled", 429), 0, time.Hour),
			map[string]bool{mailbox: true, other: true, tenant: true}},
		{"a 503 on a mailbox holds everything", mailbox, judge(mailbox, throttledBy("ServiceUnavailable", 503), 0, time.Hour),
			map[string]bool{mailbox: true, other: true, tenant: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			l := newLimiter(Limits{})
			l.now = func() time.Time { return now }
			until := l.backOff(tt.link, tt.answer, 2*time.Second)
			for link, want := range tt.heldForLink {
				var waited time.Duration
				sleep := func(_ context.Context, d time.Duration) error { waited = d; return nil }
				release, err := l.acquire(context.Background(), link, time.Time{}, sleep)
				if err != nil {
					t.Fatal(err)
				}
				release(answer{})
				if held := waited > 0; held != want {
					t.Errorf("%s waited %v; held = %v, want %v", link, waited, held, want)
				}
			}
			var waited time.Duration
			sleep := func(_ context.Context, d time.Duration) error { waited = d; return nil }
			release, _ := l.acquire(context.Background(), tt.link, until, sleep)
			release(answer{})
			if waited != 0 {
				t.Errorf("the call that set the back-off waited again for %v", waited)
			}
		})
	}
}

func TestGateForgetsExpiredDeadlines(t *testing.T) {
	g := newGate()
	now := time.Unix(1000, 0)
	g.hold("a", now.Add(time.Second), 429)
	g.hold("a", now, 429) // an earlier deadline does not shorten the later one
	if d := g.deadline("a", now); !d.Equal(now.Add(time.Second)) {
		t.Errorf("deadline = %v, want %v", d, now.Add(time.Second))
	}
	if d := g.deadline("a", now.Add(2*time.Second)); !d.IsZero() {
		t.Errorf("deadline after expiry = %v, want zero", d)
	}
	if len(g.until) != 0 {
		t.Errorf("the gate kept %d expired scopes", len(g.until))
	}
}

func TestRateCeiling(t *testing.T) {
	l := newLimiter(Limits{RequestsPerSecond: 200, Burst: 1, MailboxConcurrency: -1, MailboxBudget: -1})
	var n atomic.Int64
	start := time.Now()
	for range 21 {
		release, err := l.acquire(context.Background(), "https://g/v1.0/users/delta", time.Time{}, sleepContext)
		if err != nil {
			t.Fatal(err)
		}
		n.Add(1)
		release(answer{})
	}
	if elapsed := time.Since(start); elapsed < 90*time.Millisecond {
		t.Errorf("21 requests at 200/s with burst 1 took %v, want about 100ms", elapsed)
	}
	if l.keys != nil {
		t.Error("a negative MailboxConcurrency and MailboxBudget must disable the per-mailbox limits")
	}
}

// throttledBy is the retryable error of a throttling answer with code.
func throttledBy(code string, status int) error {
	return &retryable{err: &APIError{Status: status, Code: code}, status: status, after: time.Second, hasAfter: true}
}
