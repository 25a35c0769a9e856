package manifest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Chain is one manifest chain of a lake: a hash chain of entries with its
// own HEAD and state checkpoints, committed by create-if-absent. Callers
// ask the chain where its objects are and how its entries are numbered;
// no caller needs to know which kind of chain it holds.
//
// The zero Chain is the root chain, _manifest/ itself, which an unsharded
// pipeline writes (and which stays as it was once the pipeline is
// sharded). Chain{Index: i, Count: n} is the chain of shard i of n, under
// _manifest/shards/<i>-of-<n>/. An entry records its chain as "shard",
// absent in the root chain.
//
// Round numbers are global across the chains of a lake: a chain numbers
// its round one past the newest round of every chain (Lake.Next), so a
// shard chain's rounds increase but are not dense. Its entries are
// therefore named by Seq, which is dense; the root chain's, written before
// any shard chain, by their round (see EntryName). A key's rows, whichever
// chains wrote them, sort by (_round, _seq) in the order they were
// committed, provided no two chains sync one stream at once (the shard
// assignment, and the rule that a re-shard waits for the previous shard
// count's runs to end).
type Chain struct {
	// Index is the shard's index, from 0 (0 in the root chain).
	Index int `json:"index"`
	// Count is the number of shards the chain's pipeline ran with, from
	// 1; 0 marks the root chain.
	Count int `json:"count"`
}

// ShardsDir holds the shard chains, one folder each.
const ShardsDir = Dir + "shards/"

// chainsDir registers the chains: one small object per chain, so finding
// them lists a handful of names, not every entry.
const chainsDir = Dir + "chains/"

// IsShard reports whether the chain is a shard's rather than the root
// chain.
func (c Chain) IsShard() bool { return c.Count > 0 }

// ID is the chain's folder name, "<index>-of-<count>"; "" for the root.
func (c Chain) ID() string {
	if !c.IsShard() {
		return ""
	}
	return fmt.Sprintf("%d-of-%d", c.Index, c.Count)
}

// String names the chain for people.
func (c Chain) String() string {
	if !c.IsShard() {
		return "the root chain"
	}
	return "shard " + strconv.Itoa(c.Index) + "/" + strconv.Itoa(c.Count)
}

// Dir is the chain's folder: Dir for the root chain.
func (c Chain) Dir() string {
	if !c.IsShard() {
		return Dir
	}
	return ShardsDir + c.ID() + "/"
}

// EntryName returns the object name of the chain's entry number n (see
// Entry.Number).
func (c Chain) EntryName(n int64) string {
	return fmt.Sprintf("%s%020d.json", c.Dir(), n)
}

// HeadName is the chain's HEAD.
func (c Chain) HeadName() string { return c.Dir() + "HEAD" }

// StateDir holds the chain's state checkpoints.
func (c Chain) StateDir() string { return c.Dir() + "state/" }

// Wire is the part of the pipeline the chain's rounds run, as plugins see
// it: all of it (the zero wire.Shard) for the root chain.
func (c Chain) Wire() wire.Shard { return wire.Shard{Index: c.Index, Count: c.Count} }

// number is the number that names e in the chain: its Seq in a shard
// chain, its round in the root chain.
func (c Chain) number(e *Entry) int64 {
	if c.IsShard() {
		return e.Seq
	}
	return e.Round
}

// seqAfter is the Seq of the entry after head (nil: the chain has none):
// dense from 1 in a shard chain; 0, absent, in the root chain, whose
// entries are named by their round.
func (c Chain) seqAfter(head *Committed) int64 {
	switch {
	case !c.IsShard():
		return 0
	case head == nil:
		return 1
	}
	return head.Seq + 1
}

// lowestNumber is the lowest entry number that may hold round or a later
// one: the round itself in the root chain, 1 in a shard chain, whose
// entry numbers may lag far behind its rounds.
func (c Chain) lowestNumber(round int64) int64 {
	if c.IsShard() {
		return 1
	}
	return max(round, 1)
}

// UnmarshalJSON reads a shard chain as an entry records it, refusing an
// index or count no shard has: only the root chain has count 0, and it is
// recorded by leaving the field out.
func (c *Chain) UnmarshalJSON(b []byte) error {
	var v struct {
		Index int `json:"index"`
		Count int `json:"count"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if string(b) == "null" {
		return nil
	}
	if v.Count < 1 || v.Index < 0 || v.Index >= v.Count {
		return fmt.Errorf("shard %d of %d is no manifest chain", v.Index, v.Count)
	}
	*c = Chain(v)
	return nil
}

// ParseShard reads a shard chain's id ("2-of-4").
func ParseShard(id string) (Chain, error) {
	a, b, ok := strings.Cut(id, "-of-")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Chain{}, fmt.Errorf("%q is not a shard chain (index-of-count)", id)
	}
	return Chain{Index: i, Count: n}, nil
}

// Register records the chain in the lake's list of chains (idempotent);
// a shard registers its chain before its first commit. The root chain is
// found without a record (its first entry), so it has none.
func Register(ctx context.Context, s store.Store, c Chain) error {
	if !c.IsShard() {
		return nil
	}
	err := s.PutIfAbsent(ctx, chainsDir+c.ID(), []byte("{}\n"))
	if err != nil && !errors.Is(err, store.ErrExist) {
		return fmt.Errorf("register the manifest chain of %s: %w", c, err)
	}
	return nil
}

// Chains lists the lake's chains: the root chain when it has a round,
// then the registered shard chains by count and index.
func Chains(ctx context.Context, s store.Store) ([]Chain, error) {
	var out []Chain
	root := Chain{}
	ok, err := exists(ctx, s, root, 1)
	if err != nil {
		return nil, err
	}
	if ok {
		out = append(out, root)
	}
	infos, err := s.List(ctx, chainsDir)
	if err != nil {
		return nil, fmt.Errorf("list the manifest chains: %w", err)
	}
	var shards []Chain
	for _, info := range infos {
		c, err := ParseShard(strings.TrimPrefix(info.Name, chainsDir))
		if err != nil {
			return nil, fmt.Errorf("manifest chain %s: %w", s.Location(info.Name), err)
		}
		shards = append(shards, c)
	}
	sort.Slice(shards, func(i, j int) bool {
		if shards[i].Count != shards[j].Count {
			return shards[i].Count < shards[j].Count
		}
		return shards[i].Index < shards[j].Index
	})
	return append(out, shards...), nil
}

// RoundsIn lists the chain's entry numbers, ascending (see
// Entry.Number), by listing its folder.
func RoundsIn(ctx context.Context, s store.Store, c Chain) ([]int64, error) {
	dir := c.Dir()
	infos, err := s.List(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("list the manifest of %s: %w", c, err)
	}
	var rounds []int64
	for _, info := range infos {
		base, ok := strings.CutSuffix(strings.TrimPrefix(info.Name, dir), ".json")
		// Only an entry's own name counts: "2.json" or "+2.json" parse as
		// 2, but no reader reads an entry by them; entries number from 1.
		if n, err := strconv.ParseInt(base, 10, 64); err == nil && ok && n >= 1 && info.Name == c.EntryName(n) {
			rounds = append(rounds, n)
		}
	}
	sort.Slice(rounds, func(i, j int) bool { return rounds[i] < rounds[j] })
	return rounds, nil
}

// LatestIn loads the chain's newest entry, nil when it has none, with a
// few requests (see LatestRound).
func LatestIn(ctx context.Context, s store.Store, c Chain) (*Committed, error) {
	return latestEntryIn(ctx, s, c, keepStreams)
}

// latestEntryIn is LatestIn, keeping the streams which says (see
// entryStreams).
func latestEntryIn(ctx context.Context, s store.Store, c Chain, which entryStreams) (*Committed, error) {
	n, err := latestIn(ctx, s, c)
	if err != nil || n == 0 {
		return nil, err
	}
	return readIn(ctx, s, c, n, which)
}
