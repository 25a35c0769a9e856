package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// Report is what Verify found.
type Report struct {
	// Rounds, Files and Bytes count what was checked.
	Rounds, Files, Bytes int64
	// Head is the SHA-256 of the latest entry: record it outside the lake
	// to detect a rewrite of the whole chain later. In a sharded lake it
	// is the root chain's head, or the last shard chain's; Heads has
	// every chain's, by chain id ("" for the root chain).
	Head  string
	Heads map[string]string
	// Break is the first problem, nil when the history is intact.
	Break *Break
	// Signatures is what the signature check found, per chain checked.
	Signatures []*ChainSignatures
	// Authenticated tells that the signatures were checked against the
	// auditor's keys (Options.PublicKeys), not only the recorded ones.
	Authenticated bool
}

// Break is the first place the history does not hold.
type Break struct {
	// Round is the entry where it breaks (0 for HEAD).
	Round int64
	// Object is the object at fault.
	Object string
	// Problem says what is wrong.
	Problem string
}

func (b *Break) Error() string {
	if b.Round == 0 {
		return fmt.Sprintf("%s: %s", b.Object, b.Problem)
	}
	return fmt.Sprintf("round %d: %s: %s", b.Round, b.Object, b.Problem)
}

// fileWorkers bounds how many objects are hashed at once.
const fileWorkers = 4

// Verify checks the whole history; progress, when set, hears each round
// as it is verified. An error means the check itself could not proceed
// (the store failed); a broken history is a Report with Break set.
func Verify(ctx context.Context, s store.Store, progress func(round int64)) (*Report, error) {
	return VerifyWith(ctx, s, Options{Progress: progress})
}

// VerifyWith is Verify with the signature checks that opts asks for: every
// signed entry's signature must hold and be made by its chain's key in
// force (and by a trusted key, when opts names them); once a chain is
// signed, every later entry must be.
func VerifyWith(ctx context.Context, s store.Store, opts Options) (*Report, error) {
	progress := opts.Progress
	chains, err := manifest.Chains(ctx, s)
	if err != nil {
		return nil, err
	}
	rep := &Report{Heads: map[string]string{}, Authenticated: len(opts.PublicKeys) > 0}
	objects, err := s.List(ctx, manifest.Dir)
	if err != nil {
		return nil, fmt.Errorf("list the manifest: %w", err)
	}
	if chains, rep.Break = hiddenChains(s, chains, objects); rep.Break != nil {
		return rep, nil
	}
	for _, sh := range chains {
		sigs := newSigChecker(opts, sh.ID())
		rep.Signatures = append(rep.Signatures, sigs.cs)
		if err := verifyChain(ctx, s, sh, rep, sigs, progress); err != nil || rep.Break != nil {
			return rep, err
		}
	}
	return rep, nil
}

// hiddenChains adds to chains, the ones etl's readers find, the root
// chain when its round 1 is gone but other entries or its HEAD are left
// (readers find the root chain by its round 1), and is an empty lake's
// root chain alone, so that its HEAD is checked. A shard chain's folder
// that holds entries but that no registration names is a Break: readers
// find shard chains by their registrations, so removing one hides the
// whole chain from them. objects are the lake's objects, as listed; those
// outside the manifest are passed over.
func hiddenChains(s store.Store, chains []manifest.Chain, objects []store.Info) ([]manifest.Chain, *Break) {
	found := map[manifest.Chain]bool{}
	for _, c := range chains {
		found[c] = true
	}
	root := false
	for _, info := range objects {
		rest, ok := strings.CutPrefix(info.Name, manifest.Dir)
		if !ok {
			continue
		}
		id, base, inShard := strings.Cut(strings.TrimPrefix(rest, "shards/"), "/")
		if !strings.HasPrefix(rest, "shards/") || !inShard {
			root = root || chainHead(rest)
			continue
		}
		if c, err := manifest.ParseShard(id); err == nil && !found[c] && chainHead(base) {
			return nil, &Break{Object: s.Location(c.Dir()), Problem: fmt.Sprintf(
				"holds entries of %s, but no registration names the chain, so etl's readers do not see it: the registration %s was removed; restore it (an object holding {}) and run etl verify again",
				c, s.Location(manifest.Dir+"chains/"+c.ID()))}
		}
	}
	if (root || len(chains) == 0) && !found[manifest.Chain{}] {
		chains = append([]manifest.Chain{{}}, chains...)
	}
	return chains, nil
}

// chainHead reports whether name, relative to a chain's folder, is an
// entry or the HEAD: what a chain holds only once it committed (a shard
// registers its chain first), unlike the checkpoints of a round that did
// not commit.
func chainHead(name string) bool {
	return !strings.Contains(name, "/") && (strings.HasSuffix(name, ".json") || name == "HEAD")
}

// verifyChain checks one chain: its entry numbers are dense from 1 (a
// shard chain's Seq; its rounds increase), and each entry chains to the
// previous one of its chain.
func verifyChain(ctx context.Context, s store.Store, sh manifest.Chain, rep *Report, sigs *sigChecker, progress func(round int64)) error {
	rounds, err := manifest.RoundsIn(ctx, s, sh)
	if err != nil {
		return err
	}
	var prev *manifest.Committed
	for i, r := range rounds {
		want := int64(i + 1)
		if r != want {
			rep.Break = &Break{Round: want, Object: s.Location(sh.EntryName(want)), Problem: fmt.Sprintf("the entry is missing, yet round %d exists", r)}
			return nil
		}
		c, brk, err := verifyEntry(ctx, s, sh, r, prev)
		if err != nil {
			return err
		}
		if brk == nil {
			brk = sigs.check(s, sh, c)
		}
		if brk == nil {
			brk, err = verifyObjects(ctx, s, c, rep)
			if err != nil {
				return err
			}
		}
		if brk != nil {
			rep.Break = brk
			return nil
		}
		rep.Rounds++
		rep.Head = c.SHA256
		rep.Heads[sh.ID()] = c.SHA256
		prev = c
		if progress != nil {
			progress(r)
		}
	}
	if rep.Break = sigs.finish(s, sh, prev); rep.Break != nil {
		return nil
	}
	rep.Break, err = verifyHead(ctx, s, sh, prev)
	return err
}

func verifyEntry(ctx context.Context, s store.Store, sh manifest.Chain, round int64, prev *manifest.Committed) (*manifest.Committed, *Break, error) {
	loc := s.Location(sh.EntryName(round))
	// An entry is read without holding its streams (an entry of 600,000
	// streams is about a gigabyte decoded), but checked as whole; a signed
	// one whole, as its signature is checked against its re-encoding.
	// Once a chain is signed every later entry must be, so an entry after
	// a signed one is read whole at once; the first signed one is read
	// again.
	read, whole := manifest.ReadInWithoutStreams, prev != nil && prev.Signature != nil
	if whole {
		read = manifest.ReadIn
	}
	c, brk, err := readEntryToVerify(ctx, s, sh, round, read)
	if brk != nil || err != nil {
		return nil, brk, err
	}
	if c.Signature != nil && !whole {
		whole, brk, err := readEntryToVerify(ctx, s, sh, round, manifest.ReadIn)
		if brk != nil || err != nil {
			return nil, brk, err
		}
		if whole.SHA256 != c.SHA256 {
			return nil, &Break{Round: round, Object: loc, Problem: "the entry changed while verifying"}, nil
		}
		c = whole
	}
	switch {
	case prev == nil && c.Previous != "":
		return nil, &Break{Round: round, Object: loc, Problem: "the first entry names a previous entry"}, nil
	case prev != nil && c.Previous != prev.SHA256:
		return nil, &Break{Round: prev.Round, Object: s.Location(sh.EntryName(prev.Number())),
			Problem: fmt.Sprintf("the entry hashes to %s, but round %d recorded %s: the entry was altered after round %d committed", prev.SHA256, c.Round, c.Previous, c.Round)}, nil
	case prev != nil && c.Round <= prev.Round:
		return nil, &Break{Round: c.Round, Object: loc, Problem: fmt.Sprintf("round %d does not follow the chain's previous round %d", c.Round, prev.Round)}, nil
	case prev != nil && c.Pipeline != prev.Pipeline:
		return nil, &Break{Round: round, Object: loc, Problem: fmt.Sprintf("pipeline %q, earlier rounds %q", c.Pipeline, prev.Pipeline)}, nil
	case c.State != nil && c.State.Round > c.Round:
		return nil, &Break{Round: round, Object: loc, Problem: fmt.Sprintf("names the state checkpoint of a later round (%d)", c.State.Round)}, nil
	case c.Current != nil && c.Current.Round > c.Round:
		return nil, &Break{Round: round, Object: loc, Problem: fmt.Sprintf("names the current-state snapshot of a later round (%d)", c.Current.Round)}, nil
	}
	return c, nil, nil
}

// readEntryToVerify reads entry number n of chain sh with read, and tells
// a missing or corrupt entry as a Break.
func readEntryToVerify(ctx context.Context, s store.Store, sh manifest.Chain, n int64,
	read func(context.Context, store.Store, manifest.Chain, int64) (*manifest.Committed, error)) (*manifest.Committed, *Break, error) {
	c, err := read(ctx, s, sh, n)
	loc := s.Location(sh.EntryName(n))
	switch {
	case errors.Is(err, store.ErrNotExist):
		return nil, &Break{Round: n, Object: loc, Problem: "the entry vanished while verifying"}, nil
	case errors.Is(err, manifest.ErrCorrupt):
		return nil, &Break{Round: n, Object: loc, Problem: err.Error()}, nil
	case err != nil:
		return nil, nil, err
	}
	return c, nil, nil
}

// verifyObjects checks the files an entry names, and the checkpoint and
// snapshot it wrote, a few at a time.
func verifyObjects(ctx context.Context, s store.Store, c *manifest.Committed, rep *Report) (*Break, error) {
	type check struct {
		name, sha string
		size      int64
	}
	var checks []check
	for _, f := range c.Files {
		checks = append(checks, check{f.Path, f.SHA256, f.Bytes})
	}
	if c.State != nil && c.State.Round == c.Round {
		checks = append(checks, check{c.State.Path, c.State.SHA256, -1})
	}
	if c.Current != nil && c.Current.Round == c.Round {
		for _, f := range c.Current.Files() {
			checks = append(checks, check{f.Path, f.SHA256, f.Bytes})
		}
	}
	breaks := make([]*Break, len(checks))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fileWorkers)
	for i, ch := range checks {
		g.Go(func() error {
			size, sum, err := hashObject(gctx, s, ch.name)
			loc := s.Location(ch.name)
			switch {
			case errors.Is(err, store.ErrNotExist):
				breaks[i] = &Break{Round: c.Round, Object: loc, Problem: "missing"}
			case err != nil:
				return err
			case ch.size >= 0 && size != ch.size:
				breaks[i] = &Break{Round: c.Round, Object: loc, Problem: fmt.Sprintf("%d bytes, the manifest recorded %d", size, ch.size)}
			case sum != ch.sha:
				breaks[i] = &Break{Round: c.Round, Object: loc, Problem: fmt.Sprintf("SHA-256 %s, the manifest recorded %s: the object was altered", sum, ch.sha)}
			default:
				rep.Files++
				rep.Bytes += size
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, b := range breaks {
		if b != nil {
			return b, nil
		}
	}
	return nil, nil
}

func hashObject(ctx context.Context, s store.Store, name string) (int64, string, error) {
	r, err := s.Open(ctx, name)
	if err != nil {
		return 0, "", err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(r, 0, r.Size()))
	if err != nil {
		return 0, "", fmt.Errorf("read %s: %w", s.Location(name), err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// verifyHead checks that HEAD, when present, names the latest round with
// its hash.
func verifyHead(ctx context.Context, s store.Store, sh manifest.Chain, latest *manifest.Committed) (*Break, error) {
	b, err := store.GetAtMost(ctx, s, sh.HeadName(), manifest.MaxHeadBytes)
	if errors.Is(err, store.ErrNotExist) {
		return nil, nil
	}
	if errors.Is(err, store.ErrTooLarge) {
		return &Break{Object: s.Location(sh.HeadName()), Problem: err.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	var h manifest.Head
	loc := s.Location(sh.HeadName())
	if err := json.Unmarshal(b, &h); err != nil {
		return &Break{Object: loc, Problem: "unreadable: " + err.Error()}, nil
	}
	switch {
	case latest == nil:
		return &Break{Object: loc, Problem: fmt.Sprintf("names round %d, but the lake has no rounds", h.Round)}, nil
	case h.Round > latest.Number():
		return &Break{Object: loc, Problem: fmt.Sprintf("names round %d, beyond the latest entry, round %d: entries were removed", h.Round, latest.Number())}, nil
	case h.Round == latest.Number() && h.SHA256 != latest.SHA256:
		return &Break{Object: loc, Problem: fmt.Sprintf("records SHA-256 %s for round %d, whose entry hashes to %s: the entry was altered", h.SHA256, h.Round, latest.SHA256)}, nil
	}
	return nil, nil
}
