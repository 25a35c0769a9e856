package manifest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/internal/store"
)

// Shard names the manifest chain of one shard of a sharded pipeline: shard
// Index of Count. A nil *Shard is the root chain, _manifest/ itself, which
// an unsharded pipeline writes (and which stays as it was once the
// pipeline is sharded).
//
// Every chain is a hash chain of its own, committed by create-if-absent
// like the root one. Round numbers are global across the chains of a lake:
// a shard numbers its round one past the newest round of every chain, so
// a chain's rounds increase but are not dense (its entries are named by
// Seq, which is), and a key's
// rows, whichever chains wrote them, sort by (_round, _seq) in the order
// they were committed, provided no two chains sync one stream at once (the
// shard assignment, and the rule that a re-shard waits for the previous
// shard count's runs to end).
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// ShardsDir holds the shard chains, one folder each.
const ShardsDir = Dir + "shards/"

// chainsDir registers the chains: one small object per chain, so finding
// them lists a handful of names, not every entry.
const chainsDir = Dir + "chains/"

// ID is the chain's folder name, "<index>-of-<count>"; "" for the root.
func (sh *Shard) ID() string {
	if sh == nil {
		return ""
	}
	return fmt.Sprintf("%d-of-%d", sh.Index, sh.Count)
}

// String names the chain for people.
func (sh *Shard) String() string {
	if sh == nil {
		return "the root chain"
	}
	return "shard " + strconv.Itoa(sh.Index) + "/" + strconv.Itoa(sh.Count)
}

// ChainDir is the chain's folder: Dir for the root chain.
func ChainDir(sh *Shard) string {
	if sh == nil {
		return Dir
	}
	return ShardsDir + sh.ID() + "/"
}

// NameIn returns the object name of round n's entry in the chain.
func NameIn(sh *Shard, round int64) string {
	return fmt.Sprintf("%s%020d.json", ChainDir(sh), round)
}

// HeadNameIn is the chain's HEAD.
func HeadNameIn(sh *Shard) string { return ChainDir(sh) + "HEAD" }

// StateDirIn holds the chain's state checkpoints.
func StateDirIn(sh *Shard) string { return ChainDir(sh) + "state/" }

// ParseShard reads a chain id ("2-of-4").
func ParseShard(id string) (*Shard, error) {
	a, b, ok := strings.Cut(id, "-of-")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return nil, fmt.Errorf("%q is not a shard chain (index-of-count)", id)
	}
	return &Shard{Index: i, Count: n}, nil
}

// Register records the chain in the lake's list of chains (idempotent);
// a shard registers its chain before its first commit.
func Register(ctx context.Context, s store.Store, sh *Shard) error {
	if sh == nil {
		return nil
	}
	err := s.PutIfAbsent(ctx, chainsDir+sh.ID(), []byte("{}\n"))
	if err != nil && !errors.Is(err, store.ErrExist) {
		return fmt.Errorf("register the manifest chain of %s: %w", sh, err)
	}
	return nil
}

// Chains lists the lake's chains: the root chain (nil) when it has a
// round, then the shard chains by count and index.
func Chains(ctx context.Context, s store.Store) ([]*Shard, error) {
	var out []*Shard
	ok, err := exists(ctx, s, nil, 1)
	if err != nil {
		return nil, err
	}
	if ok {
		out = append(out, nil)
	}
	infos, err := s.List(ctx, chainsDir)
	if err != nil {
		return nil, fmt.Errorf("list the manifest chains: %w", err)
	}
	var shards []*Shard
	for _, info := range infos {
		sh, err := ParseShard(strings.TrimPrefix(info.Name, chainsDir))
		if err != nil {
			return nil, fmt.Errorf("manifest chain %s: %w", s.Location(info.Name), err)
		}
		shards = append(shards, sh)
	}
	sort.Slice(shards, func(i, j int) bool {
		if shards[i].Count != shards[j].Count {
			return shards[i].Count < shards[j].Count
		}
		return shards[i].Index < shards[j].Index
	})
	return append(out, shards...), nil
}

// RoundsIn lists the chain's entry numbers, ascending: rounds in the root
// chain, Seq in a shard chain.
func RoundsIn(ctx context.Context, s store.Store, sh *Shard) ([]int64, error) {
	if sh == nil {
		return Rounds(ctx, s)
	}
	dir := ChainDir(sh)
	infos, err := s.List(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("list the manifest of %s: %w", sh, err)
	}
	var rounds []int64
	for _, info := range infos {
		base, ok := strings.CutSuffix(strings.TrimPrefix(info.Name, dir), ".json")
		if n, err := strconv.ParseInt(base, 10, 64); err == nil && ok && !strings.Contains(base, "/") {
			rounds = append(rounds, n)
		}
	}
	sort.Slice(rounds, func(i, j int) bool { return rounds[i] < rounds[j] })
	return rounds, nil
}

// LatestIn loads the chain's newest entry, nil when it has none, with a
// few requests (see LatestRound).
func LatestIn(ctx context.Context, s store.Store, sh *Shard) (*Committed, error) {
	n, err := latestIn(ctx, s, sh)
	if err != nil || n == 0 {
		return nil, err
	}
	return ReadIn(ctx, s, sh, n)
}
