package manifest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/store"
)

// commitCase is one commit through the Committer, after a history of one
// entry in the chain (and, for a shard chain, one in another chain, so
// that the round, global, and the Seq, per chain, differ).
type commitCase struct {
	name   string
	shard  bool // commit in shard chain 0-of-2, else the root chain
	signed bool // the history and the commit are signed
	// unsignedCommit commits without the history's key.
	unsignedCommit bool
	// race: another writer commits the same place first.
	race bool
	// faults are the operations that fail during the commit, by the
	// object they name (see names).
	faults []func(n names) string
	// want: the entry was committed; the error was a lost race; the
	// error committed nothing for sure; Warn heard about HEAD.
	committed, lostRace, nothing, warned bool
	// wantErr is the error the commit must match, when it fails.
	wantErr error
	// maxEntryBytes is the Committer's cap on an entry (0: MaxEntryBytes).
	maxEntryBytes int
}

// names are the objects of the chain the case commits in.
type names struct{ entry, head, chain string }

func TestCommitterCommitsOnce(t *testing.T) {
	entryPut := func(n names) string { return fault(opPut, n.entry) }
	headPut := func(n names) string { return fault(opCreate, n.head) }
	headRead := func(n names) string { return fault(opRead, n.head) }
	register := func(n names) string { return fault(opPut, n.chain) }
	tests := []commitCase{
		{name: "ok", committed: true},
		{name: "ok signed", signed: true, committed: true},
		{name: "ok shard chain", shard: true, committed: true},
		{name: "ok shard chain signed", shard: true, signed: true, committed: true},
		{name: "lost race", race: true, lostRace: true, nothing: true, wantErr: ErrRoundTaken},
		{name: "lost race signed", signed: true, race: true, lostRace: true, nothing: true, wantErr: ErrRoundTaken},
		{name: "lost race shard chain", shard: true, race: true, lostRace: true, nothing: true, wantErr: ErrRoundTaken},
		{name: "entry create fails", faults: []func(names) string{entryPut}, wantErr: errInjected},
		{name: "entry create fails shard chain", shard: true, faults: []func(names) string{entryPut}, wantErr: errInjected},
		{name: "chain registration fails", shard: true, faults: []func(names) string{register}, nothing: true, wantErr: errInjected},
		{name: "unsigned on a signed chain", signed: true, unsignedCommit: true, nothing: true, wantErr: ErrSigningKey},
		{name: "entry larger than etl reads back", maxEntryBytes: 200, nothing: true, wantErr: store.ErrTooLarge},
		{name: "entry larger than etl reads back shard chain", shard: true, maxEntryBytes: 200, nothing: true, wantErr: store.ErrTooLarge},
		{name: "HEAD update fails", faults: []func(names) string{headPut}, committed: true, warned: true},
		{name: "HEAD update fails signed", signed: true, faults: []func(names) string{headPut}, committed: true, warned: true},
		{name: "HEAD update fails shard chain", shard: true, faults: []func(names) string{headPut}, committed: true, warned: true},
		{name: "HEAD update and read fail", faults: []func(names) string{headPut, headRead}, committed: true, warned: true},
		{name: "HEAD update and read fail shard chain", shard: true, faults: []func(names) string{headPut, headRead}, committed: true, warned: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runCommitCase(t, tt) })
	}
}

func runCommitCase(t *testing.T, tt commitCase) {
	ctx := context.Background()
	fs := &faultStore{Store: newStore(t), fail: map[string]bool{}}
	var chain Chain
	if tt.shard {
		chain = Chain{Index: 0, Count: 2}
	}
	var signer *Signer
	if tt.signed {
		signer = testSigner(t)
	}
	clock := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)) }
	setup := &Committer{Store: fs, Signer: signer, Now: clock}
	first, err := setup.Commit(ctx, nextIn(t, fs, chain), newEntry("first"))
	if err != nil {
		t.Fatal(err)
	}
	if tt.shard { // another chain commits round 2
		if _, err := setup.Commit(ctx, nextIn(t, fs, Chain{Index: 1, Count: 2}), newEntry("other chain")); err != nil {
			t.Fatal(err)
		}
	}
	next := nextIn(t, fs, chain)
	if tt.race {
		if _, err := setup.Commit(ctx, next, newEntry("winner")); err != nil {
			t.Fatal(err)
		}
	}
	n := names{entry: chain.EntryName(first.Number() + 1), head: chain.HeadName(), chain: chainsDir + chain.ID()}
	for _, f := range tt.faults {
		fs.fail[f(n)] = true
	}
	if tt.unsignedCommit {
		signer = nil
	}
	var warned int
	var steps []string
	c := &Committer{Store: fs, Signer: signer, Now: clock, Warn: func(string, ...any) { warned++ },
		Crash: func(step string) { steps = append(steps, step) }, maxEntryBytes: tt.maxEntryBytes}
	e := newEntry("loser or winner")
	got, err := c.Commit(ctx, next, e)

	if tt.wantErr == nil && err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
		t.Fatalf("Commit: error %v, want %v", err, tt.wantErr)
	}
	var taken *RoundTakenError
	if errors.As(err, &taken) != tt.lostRace {
		t.Errorf("Commit: error %v: a *RoundTakenError is %v, want %v", err, !tt.lostRace, tt.lostRace)
	}
	if taken != nil && tt.lostRace && (taken.Round != next.Round || taken.Location != fs.Location(n.entry)) {
		t.Errorf("RoundTakenError names round %d at %s, want %d at %s", taken.Round, taken.Location, next.Round, fs.Location(n.entry))
	}
	if err != nil && NothingCommitted(err) != tt.nothing {
		t.Errorf("NothingCommitted(%v) = %v, want %v", err, !tt.nothing, tt.nothing)
	}
	if (warned > 0) != tt.warned {
		t.Errorf("Warn heard %d times, want it to hear: %v", warned, tt.warned)
	}
	if tt.committed != (got != nil) {
		t.Fatalf("Commit returned %v, want an entry: %v", got, tt.committed)
	}

	fs.fail = map[string]bool{}
	for _, f := range tt.faults { // readers may keep failing to read HEAD
		if k := f(n); k == fault(opRead, n.head) {
			fs.fail[k] = true
		}
	}
	stored, err := ReadIn(ctx, fs, chain, first.Number()+1)
	switch {
	case tt.race:
		if err != nil || stored.RunID != "winner" {
			t.Fatalf("after a lost race the winner's entry stays: %v, %v", stored, err)
		}
	case !tt.committed:
		if err == nil {
			t.Fatalf("a failed commit left entry %s", n.entry)
		}
		checkLatest(t, fs, chain, first)
		return
	case err != nil:
		t.Fatal(err)
	}
	if !tt.committed {
		return
	}
	if want := []string{crashpoint.AfterCommit, crashpoint.AfterHead}; len(steps) != 2 || steps[0] != want[0] || steps[1] != want[1] {
		t.Errorf("crash steps %v, want %v", steps, want)
	}
	if stored.SHA256 != got.SHA256 || stored.Previous != first.SHA256 || stored.Round != next.Round || stored.Number() != first.Number()+1 || stored.Chain != chain {
		t.Errorf("stored entry: round %d number %d chain %s previous %.8s hash %.8s; want round %d number %d chain %s previous %.8s hash %.8s",
			stored.Round, stored.Number(), stored.Chain, stored.Previous, stored.SHA256, next.Round, first.Number()+1, chain, first.SHA256, got.SHA256)
	}
	if !stored.CommittedAt.Equal(clock()) || stored.CommittedAt.Location() != time.UTC {
		t.Errorf("CommittedAt = %v, want the clock's %v in UTC", stored.CommittedAt, clock())
	}
	checkSigned(t, stored, signer)
	checkHead(t, fs, chain, first, stored, tt.warned)
	checkLatest(t, fs, chain, stored)
}

// nextIn is the place of the chain's next entry, as a run finds it.
func nextIn(t *testing.T, fs *faultStore, chain Chain) Next {
	t.Helper()
	if !chain.IsShard() {
		latest, err := Latest(context.Background(), fs)
		if err != nil {
			t.Fatal(err)
		}
		return NextAfter(latest)
	}
	lake, err := LoadLake(context.Background(), fs)
	if err != nil {
		t.Fatal(err)
	}
	return lake.Next(chain)
}

func newEntry(runID string) *Entry {
	return &Entry{Format: FormatVersion, Pipeline: "p", Kind: KindSync, RunID: runID, StartedAt: time.Unix(100, 0).UTC(),
		Streams: []Stream{}, Files: []File{}}
}

// checkSigned checks that the entry is signed by signer, or unsigned
// without one.
func checkSigned(t *testing.T, c *Committed, signer *Signer) {
	t.Helper()
	pub, err := CheckSignature(c)
	switch {
	case signer == nil && !errors.Is(err, ErrUnsigned):
		t.Errorf("an entry committed without a signer: CheckSignature = %v, want ErrUnsigned", err)
	case signer != nil && (err != nil || KeyID(pub) != signer.ID()):
		t.Errorf("a signed entry: CheckSignature = %v (key %s), want the signer's key %s", err, ShortKeyID(KeyID(pub)), signer)
	}
}

// checkHead checks that HEAD names the new entry, or still the one
// before (a hint gone stale) when its update failed.
func checkHead(t *testing.T, fs *faultStore, chain Chain, before, after *Committed, stale bool) {
	t.Helper()
	b, err := fs.Store.Get(context.Background(), chain.HeadName())
	if err != nil {
		t.Fatal(err)
	}
	var h Head
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	want := after
	if stale {
		want = before
	}
	if h.Round != want.Number() || h.SHA256 != want.SHA256 {
		t.Errorf("HEAD names %d %.8s, want %d %.8s (stale: %v)", h.Round, h.SHA256, want.Number(), want.SHA256, stale)
	}
}

// checkLatest checks that readers find want as the chain's newest entry,
// whatever HEAD says.
func checkLatest(t *testing.T, fs *faultStore, chain Chain, want *Committed) {
	t.Helper()
	got, err := LatestIn(context.Background(), fs, chain)
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.SHA256 != want.SHA256 {
		t.Errorf("readers find %v as the newest entry of %s, want number %d", got, chain, want.Number())
	}
	lake, err := LoadLake(context.Background(), fs)
	if err != nil {
		t.Fatal(err)
	}
	if h := lake.Head(chain); h == nil || h.SHA256 != want.SHA256 {
		t.Errorf("LoadLake finds %v as the head of %s, want number %d", h, chain, want.Number())
	}
}
