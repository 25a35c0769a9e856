package manifest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/store"
)

// The commit path. Every entry of every chain (a sync round, a reset, a
// compaction, a rekey, a signing-key hand-over; root chain or shard
// chain) is committed the same way:
//
//  1. Next.Fill sets the entry's chain fields: Round, Chain, Seq and
//     Previous (the SHA-256 of the chain's newest entry).
//  2. Committer.Commit stamps CommittedAt when the caller left it zero,
//     signs the entry when the chain or the Committer has a key (SignNext),
//     and registers a shard chain (Register). A failure here commits
//     nothing (NothingCommitted).
//  3. It creates the entry if absent: that write is the commit, and it is
//     finished even if ctx is cancelled meanwhile. Another writer's entry
//     of the same number is a *RoundTakenError (errors.Is ErrRoundTaken):
//     nothing committed. Any other failure may or may not have committed
//     (a lost answer): the caller keeps the files the entry would name.
//  4. It points the chain's HEAD at the entry. HEAD is only a hint that
//     readers check and probe past (see LatestRound), so a failed update
//     is reported to Warn and the commit still succeeds.

// Next is where a chain's next entry goes: the chain, its newest entry,
// and the round the new entry takes.
type Next struct {
	// Chain is the chain the entry extends; the zero Chain is the root
	// chain.
	Chain Chain
	// Head is the chain's newest entry; nil before its first.
	Head *Committed
	// Round is the new entry's round: one past the newest round of every
	// chain of the lake (see Chain).
	Round int64
}

// NextAfter is the place of the root chain's entry after latest (nil: the
// chain has none yet).
func NextAfter(latest *Committed) Next {
	if latest == nil {
		return Next{Round: 1}
	}
	return Next{Head: latest, Round: latest.Round + 1}
}

// Next is the place of chain c's next entry in the lake: its round is
// one past the newest round of any chain.
func (l *Lake) Next(c Chain) Next {
	return Next{Chain: c, Head: l.Head(c), Round: l.MaxRound() + 1}
}

// Seq is the new entry's place in a shard chain, from 1; 0 in the root
// chain, whose entries are named by their round.
func (n Next) Seq() int64 { return n.Chain.seqAfter(n.Head) }

// Fill sets e's chain fields: Round, Chain, Seq and Previous, and its
// Format, the oldest that holds its fields (Entry.NeededFormat). Callers
// that write objects named after the round (a state checkpoint, a
// snapshot) fill the entry first; Committer.Commit fills it again.
func (n Next) Fill(e *Entry) {
	e.Round, e.Chain, e.Seq, e.Previous = n.Round, n.Chain, n.Seq(), ""
	e.Format = e.NeededFormat()
	if n.Head != nil {
		e.Previous = n.Head.SHA256
	}
}

// RoundTakenError is a lost commit race: another writer created the
// entry of that number in the chain first, and this entry was not
// committed. It matches ErrRoundTaken with errors.Is.
type RoundTakenError struct {
	// Round is the round the entry would have committed.
	Round int64
	// Location names the other writer's entry.
	Location string
}

// Error says which round was taken, and where.
func (e *RoundTakenError) Error() string {
	return fmt.Sprintf("commit round %d at %s: %v", e.Round, e.Location, ErrRoundTaken)
}

// Is matches ErrRoundTaken.
func (e *RoundTakenError) Is(target error) bool { return target == ErrRoundTaken }

// notCommitted marks a commit that failed before the entry was created.
type notCommitted struct{ err error }

func (e *notCommitted) Error() string { return e.err.Error() }
func (e *notCommitted) Unwrap() error { return e.err }

// NothingCommitted reports whether err, from Committer.Commit, is sure to
// have committed nothing: the entry was refused before its create, or
// another writer won the race. The caller may then delete the objects
// the entry would have named. Any other error may hide a commit whose
// answer was lost; its objects are left for etl gc.
func NothingCommitted(err error) bool {
	var nc *notCommitted
	return errors.As(err, &nc) || errors.Is(err, ErrRoundTaken)
}

// Committer commits entries to a lake's chains (see the steps above).
type Committer struct {
	// Store is the lake.
	Store store.Store
	// Signer, when set, signs the entries; without it they are unsigned,
	// which CheckSigner refuses once the chain is signed.
	Signer *Signer
	// Now is the clock that stamps CommittedAt (default time.Now); UTC.
	Now func() time.Time
	// Warn, when set, hears that an entry was committed but HEAD was not
	// updated (a slog.Logger's Warn fits).
	Warn func(msg string, args ...any)
	// Crash, when set, hears crashpoint.AfterCommit once the entry exists
	// and crashpoint.AfterHead once HEAD names it (crash tests).
	Crash crashpoint.Hook
	// maxEntryBytes, when set, stands for MaxEntryBytes (tests).
	maxEntryBytes int
}

// Commit commits e as the entry at n and returns it with its hash. See
// RoundTakenError and NothingCommitted for what a failure means.
func (c *Committer) Commit(ctx context.Context, n Next, e *Entry) (*Committed, error) {
	n.Fill(e)
	if e.CommittedAt.IsZero() {
		e.CommittedAt = c.now()
	}
	if err := SignNext(n.Head, e, c.Signer); err != nil {
		return nil, &notCommitted{err}
	}
	b, err := encodeBody(e)
	if err != nil {
		return nil, &notCommitted{err}
	}
	defer b.Close()
	if err := c.checkSize(e, b.Size()); err != nil {
		return nil, &notCommitted{err}
	}
	if err := Register(ctx, c.Store, n.Chain); err != nil {
		return nil, &notCommitted{err}
	}
	// The point of no return: the create and HEAD are finished even if
	// the caller is stopped now.
	ctx = context.WithoutCancel(ctx)
	hash, err := create(ctx, c.Store, e, b)
	if err != nil {
		return nil, err
	}
	c.Crash.Call(crashpoint.AfterCommit)
	committed := &Committed{Entry: *e, SHA256: hash}
	if err := WriteHead(ctx, c.Store, committed); err != nil && c.Warn != nil {
		c.Warn("round committed, but HEAD was not updated; readers find the round anyway", "round", e.Round, "kind", e.Kind, "chain", n.Chain.String(), "error", err)
	}
	c.Crash.Call(crashpoint.AfterHead)
	return committed, nil
}

// checkSize refuses an entry (b, e encoded) larger than etl reads back
// (MaxEntryBytes, or the test's maxEntryBytes): committed, it would leave
// a lake that no later run could read. A round records about 1.5 KB for
// each stream that changed, so only a round of several hundred thousand
// changed streams (or a plugin sending oversized states) comes near.
func (c *Committer) checkSize(e *Entry, size int64) error {
	limit := c.maxEntryBytes
	if limit == 0 {
		limit = MaxEntryBytes
	}
	if size <= int64(limit) {
		return nil
	}
	return fmt.Errorf("round %d's manifest entry is %d bytes (%d streams recorded), more than the %d bytes etl reads back (%w); "+
		"nothing was committed, so the lake stays readable. Split the pipeline into shards (README, Scaling out: shards) so that each round records fewer streams",
		e.Round, size, len(e.Streams), limit, store.ErrTooLarge)
}

func (c *Committer) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

// Commit creates e's entry in its chain if none exists, as given: that
// write is the commit. A lost race is a *RoundTakenError. Lakes are
// written through a Committer; Commit alone serves tools and tests that
// write entries exactly as they are.
func Commit(ctx context.Context, s store.Store, e *Entry) (string, error) {
	b, err := encodeBody(e)
	if err != nil {
		return "", err
	}
	defer b.Close()
	return create(ctx, s, e, b)
}

// encodedEntry is an entry's bytes, as Encode returns them, and their
// SHA-256 in hex. Close it when done.
type encodedEntry struct {
	store.Spool
	sha256 string
}

// encodeBody encodes e (EncodeTo) into a spool, hashing the bytes on the
// way: an entry in which 100,000 streams changed is 120 MB, which Encode
// built in a buffer grown by doubling and then indented into another
// (the host's peak in such a round was 1.1 GB); spooled, the process
// holds 16 MiB of it, the rest being in a temporary file.
func encodeBody(e *Entry) (*encodedEntry, error) {
	b := &encodedEntry{}
	h := sha256.New()
	if err := EncodeTo(io.MultiWriter(&b.Spool, h), e); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("encode manifest entry for round %d: %w", e.Round, err)
	}
	b.sha256 = hex.EncodeToString(h.Sum(nil))
	return b, nil
}

// create creates e's entry, b, in its chain if none exists.
func create(ctx context.Context, s store.Store, e *Entry, b *encodedEntry) (string, error) {
	name := e.Chain.EntryName(e.Number())
	if err := s.PutIfAbsentFrom(ctx, name, &b.Spool); err != nil {
		if errors.Is(err, store.ErrExist) {
			return "", &RoundTakenError{Round: e.Round, Location: s.Location(name)}
		}
		return "", fmt.Errorf("commit round %d: %w", e.Round, err)
	}
	return b.sha256, nil
}
