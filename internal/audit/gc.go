package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// Findings is what gc finds under a lake's root.
type Findings struct {
	// Garbage is etl's objects that no committed round names, older than
	// the minimum age.
	Garbage []store.Info
	// Leftovers is etl's writes that began and never ended, older than
	// the minimum age.
	Leftovers []store.Leftover
	// Foreign is the objects whose names are not of a shape etl writes
	// (see etlShapes): gc lists them and never touches them.
	Foreign []store.Info
	// ForeignLeftovers is the unfinished writes of objects not of a shape
	// etl writes (another program's temporary files or multipart uploads):
	// listed, never touched.
	ForeignLeftovers []store.Leftover
}

// Scan sorts what is under the lake's root for gc: etl's garbage and
// leftovers older than minAge, and the foreign objects and writes that gc
// leaves alone.
func Scan(ctx context.Context, s store.Store, minAge time.Duration, now time.Time) (*Findings, error) {
	var f Findings
	var err error
	if f.Garbage, f.Foreign, err = garbage(ctx, s, minAge, now); err != nil {
		return nil, err
	}
	if f.Leftovers, f.ForeignLeftovers, err = leftovers(ctx, s, minAge, now); err != nil {
		return nil, err
	}
	return &f, nil
}

// Garbage lists the objects under the lake's root that etl wrote, that no
// committed round names and that are older than minAge: files,
// checkpoints and snapshots of rounds that failed or lost the commit race,
// and leftovers of the conditional write probe. A snapshot stays while any
// entry names it. Younger objects may belong to a round in flight and are
// left alone. Manifest entries and HEAD are never garbage, and neither is
// an object whose name is not of a shape etl writes.
func Garbage(ctx context.Context, s store.Store, minAge time.Duration, now time.Time) ([]store.Info, error) {
	out, _, err := garbage(ctx, s, minAge, now)
	return out, err
}

// garbage returns Garbage and the foreign objects.
func garbage(ctx context.Context, s store.Store, minAge time.Duration, now time.Time) (out, foreign []store.Info, err error) {
	chains, err := manifest.Chains(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	// Listed before the chains' entries are read: an object a round
	// commits meanwhile is named by them, or younger than minAge.
	all, err := s.List(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	// A chain readers cannot find still names its files: gc finds it as
	// verify does, or refuses.
	chains, brk := hiddenChains(s, chains, all)
	if brk != nil {
		return nil, nil, fmt.Errorf("gc needs every chain of the lake found: %w", brk)
	}
	named := map[string]bool{manifest.HeadName: true}
	for _, sh := range chains {
		if err := nameChain(ctx, s, sh, named); err != nil {
			return nil, nil, err
		}
	}
	for _, o := range all {
		switch {
		case !writtenByEtl(o.Name):
			foreign = append(foreign, o)
		case named[o.Name] || isEntryName(o.Name) || now.Sub(o.ModTime) < minAge:
		default:
			out = append(out, o)
		}
	}
	return out, foreign, nil
}

// nameChain marks what one chain's entries name, its HEAD and its
// registration: another shard's committed objects are never garbage, and
// its in-flight ones are younger than minAge.
func nameChain(ctx context.Context, s store.Store, sh manifest.Chain, named map[string]bool) error {
	rounds, err := manifest.RoundsIn(ctx, s, sh)
	if err != nil {
		return err
	}
	named[sh.HeadName()] = true
	for i, r := range rounds {
		if want := int64(i + 1); r != want {
			return fmt.Errorf("gc needs every entry of the lake, and %s is missing (yet %s exists); run etl verify",
				s.Location(sh.EntryName(want)), s.Location(sh.EntryName(r)))
		}
		named[sh.EntryName(r)] = true
		c, err := manifest.ReadInWithoutStreams(ctx, s, sh, r)
		if err != nil {
			return fmt.Errorf("gc needs every entry readable (run etl verify): %w", err)
		}
		for _, f := range c.Files {
			named[f.Path] = true
		}
		if c.State != nil {
			named[c.State.Path] = true
		}
		for _, f := range c.Current.Files() {
			named[f.Path] = true
		}
	}
	return nil
}

// isEntryName keeps anything that looks like an entry out of gc's reach,
// even one the listing of rounds did not parse.
func isEntryName(name string) bool {
	rest, ok := strings.CutPrefix(name, manifest.Dir)
	if !ok {
		return false
	}
	if strings.HasPrefix(rest, "chains/") {
		return true
	}
	if r, ok := strings.CutPrefix(rest, "shards/"); ok {
		_, rest, _ = strings.Cut(r, "/")
	}
	return !strings.Contains(rest, "/") && strings.HasSuffix(rest, ".json")
}

// Leftovers lists the writes of etl's objects that began and never ended
// under the lake's root (a process died in the middle of them), older than
// minAge: Local temporary files, S3 multipart uploads never completed.
// Stores that leave none return none.
func Leftovers(ctx context.Context, s store.Store, minAge time.Duration, now time.Time) ([]store.Leftover, error) {
	out, _, err := leftovers(ctx, s, minAge, now)
	return out, err
}

// leftovers returns Leftovers and the unfinished writes of objects not of
// a shape etl writes, whatever their age.
func leftovers(ctx context.Context, s store.Store, minAge time.Duration, now time.Time) (out, foreign []store.Leftover, err error) {
	sw, ok := s.(store.Sweeper)
	if !ok {
		return nil, nil, nil
	}
	all, err := sw.Leftovers(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range all {
		switch {
		case !writtenByEtl(l.Name):
			foreign = append(foreign, l)
		case now.Sub(l.ModTime) >= minAge:
			out = append(out, l)
		}
	}
	return out, foreign, nil
}
