package graphtest

import "maps"

// MailboxLoad is what the per-mailbox concurrency limit saw.
type MailboxLoad struct {
	// Peak is the most requests in flight at once for any one mailbox,
	// counting a request that arrived over the limit (and was refused) as
	// one more: above the limit means the client broke it. PeakMailbox is
	// that mailbox's user id.
	Peak        int
	PeakMailbox string
	// Mailboxes is how many mailboxes were addressed.
	Mailboxes int
	// Throttled is how many requests were refused with 429
	// ApplicationThrottled for going over the limit.
	Throttled int64
	// OverBudget is how many requests were refused with 429
	// ApplicationThrottled for going over a mailbox's request budget (the
	// MailboxBudget variant).
	OverBudget int64
}

// MailboxLoad reports the per-mailbox concurrency since the server started
// or since ResetMailboxLoad: a client that honours Outlook's limit keeps
// Peak at or below Options.MailboxConcurrency and Throttled at 0. It is
// zero when the limit is disabled.
func (s *Server) MailboxLoad() MailboxLoad {
	l := s.mailboxLimit
	l.mu.Lock()
	peaks, throttled := maps.Clone(l.peak), l.throttled
	l.mu.Unlock()
	out := MailboxLoad{Mailboxes: len(peaks), Throttled: throttled}
	if b := l.budget; b != nil {
		b.mu.Lock()
		out.OverBudget = b.refused
		b.mu.Unlock()
	}
	for id, n := range peaks {
		if n > out.Peak || (n == out.Peak && id < out.PeakMailbox) {
			out.Peak, out.PeakMailbox = n, id
		}
	}
	return out
}

// ResetMailboxLoad starts MailboxLoad's counts afresh.
func (s *Server) ResetMailboxLoad() {
	l := s.mailboxLimit
	l.mu.Lock()
	defer l.mu.Unlock()
	l.peak, l.throttled = map[string]int{}, 0
	if b := l.budget; b != nil {
		b.mu.Lock()
		b.refused = 0
		b.mu.Unlock()
	}
}
