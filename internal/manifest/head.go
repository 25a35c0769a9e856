package manifest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/store"
)

// HeadName is the pointer to the latest round.
const HeadName = Dir + "HEAD"

// Head is the content of HeadName.
type Head struct {
	// Round is the entry's number in its chain (Seq in a shard chain).
	Round  int64  `json:"round"`
	SHA256 string `json:"sha256"`
}

// WriteHead points HEAD at c. HEAD is only a hint: losing this write costs
// the next start-up a few more requests, nothing else.
func WriteHead(ctx context.Context, s store.Store, c *Committed) error {
	b, err := json.Marshal(Head{Round: c.Number(), SHA256: c.SHA256})
	if err != nil {
		return err
	}
	name := c.Chain.HeadName()
	w, err := s.Create(ctx, name)
	if err != nil {
		return fmt.Errorf("update %s: %w", s.Location(name), err)
	}
	defer w.Abort(context.WithoutCancel(ctx))
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("update %s: %w", s.Location(name), err)
	}
	if err := w.Commit(ctx); err != nil {
		return fmt.Errorf("update %s: %w", s.Location(name), err)
	}
	return nil
}

// LatestRound finds the newest committed round, 0 when there is none,
// with a few requests: HEAD's round checked and probed forward, or an
// exponential then binary search over entry names. Rounds are dense
// (round n+1 is only committed after round n), which the search relies on.
func LatestRound(ctx context.Context, s store.Store) (int64, error) {
	return latestIn(ctx, s, Chain{})
}

// latestIn finds the newest entry number of a chain, as LatestRound does.
func latestIn(ctx context.Context, s store.Store, c Chain) (int64, error) {
	if n, ok := headHint(ctx, s, c); ok {
		return probeForward(ctx, s, c, n)
	}
	return searchLatest(ctx, s, c)
}

func headHint(ctx context.Context, s store.Store, c Chain) (int64, bool) {
	b, err := store.GetAtMost(ctx, s, c.HeadName(), MaxHeadBytes)
	if err != nil {
		return 0, false
	}
	var h Head
	if json.Unmarshal(b, &h) != nil || h.Round < 1 {
		return 0, false
	}
	ok, err := exists(ctx, s, c, h.Round)
	return h.Round, err == nil && ok
}

func probeForward(ctx context.Context, s store.Store, c Chain, n int64) (int64, error) {
	for {
		ok, err := exists(ctx, s, c, n+1)
		if err != nil {
			return 0, err
		}
		if !ok {
			return n, nil
		}
		n++
	}
}

func searchLatest(ctx context.Context, s store.Store, c Chain) (int64, error) {
	lo, hi := int64(0), int64(1) // round lo exists (0 stands for "none"), round hi is unknown
	for {
		ok, err := exists(ctx, s, c, hi)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 { // lo exists, hi does not
		mid := lo + (hi-lo)/2
		ok, err := exists(ctx, s, c, mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

func exists(ctx context.Context, s store.Store, c Chain, round int64) (bool, error) {
	_, err := s.Stat(ctx, c.EntryName(round))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, store.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("find the latest round: %w", err)
}
