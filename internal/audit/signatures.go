package audit

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// Options say how Verify checks a lake.
type Options struct {
	// PublicKeys, when set, are the keys the auditor trusts: every signed
	// entry must be signed by one of them (and by the key in force in its
	// chain). Without them the signatures are checked against the keys
	// the chains record, which proves that the entries are consistent
	// with those keys, not who wrote them.
	PublicKeys []ed25519.PublicKey
	// RequireSigned refuses unsigned entries even before a chain's first
	// signed one (a lake written before signing has such a prefix).
	RequireSigned bool
	// Progress, when set, hears each round as it is verified.
	Progress func(round int64)
}

// ChainSignatures is what the signature check found in one chain.
type ChainSignatures struct {
	// Chain is the chain's id ("" for the root chain).
	Chain string
	// Unsigned counts the entries before the chain's first signed one,
	// rounds FirstUnsigned to LastUnsigned.
	Unsigned                    int64
	FirstUnsigned, LastUnsigned int64
	// Signed counts the signed entries, rounds FirstSigned to LastSigned.
	Signed                  int64
	FirstSigned, LastSigned int64
	// Keys are the ids of the keys that signed the chain, in order: the
	// first one, then one per signing-key entry (at the rounds in
	// Rotations).
	Keys      []string
	Rotations []int64
}

// sigChecker follows one chain's signatures.
type sigChecker struct {
	trusted       map[string]bool // nil: no key given
	requireSigned bool
	cs            *ChainSignatures
	current       string // the key in force, "" before the first signed entry
	since         int64  // the round it came into force
}

func newSigChecker(opts Options, chain string) *sigChecker {
	k := &sigChecker{requireSigned: opts.RequireSigned, cs: &ChainSignatures{Chain: chain}}
	if len(opts.PublicKeys) > 0 {
		k.trusted = map[string]bool{}
		for _, p := range opts.PublicKeys {
			k.trusted[manifest.KeyID(p)] = true
		}
	}
	return k
}

// check checks one entry of the chain, in order.
func (k *sigChecker) check(s store.Store, sh manifest.Chain, c *manifest.Committed) *Break {
	loc := s.Location(sh.EntryName(c.Number()))
	brk := func(format string, args ...any) *Break {
		return &Break{Round: c.Round, Object: loc, Problem: fmt.Sprintf(format, args...)}
	}
	_, err := manifest.CheckSignature(c)
	switch {
	case errors.Is(err, manifest.ErrUnsigned) && k.current != "":
		return brk("the entry is unsigned, but the chain is signed since round %d (key in force %s, since round %d): it was written without the signing key (forged, or by a run without audit.signing_key)",
			k.cs.FirstSigned, manifest.ShortKeyID(k.current), k.since)
	case errors.Is(err, manifest.ErrUnsigned) && k.requireSigned:
		return brk("the entry is unsigned, and --require-signed wants every entry signed")
	case errors.Is(err, manifest.ErrUnsigned):
		if k.cs.Unsigned == 0 {
			k.cs.FirstUnsigned = c.Round
		}
		k.cs.Unsigned++
		k.cs.LastUnsigned = c.Round
		return nil
	case err != nil:
		return brk("%v: the entry was altered after it was signed, or the signature was made up", err)
	}
	id := c.Signature.KeyID
	if k.current != "" && id != k.current {
		return brk("the entry is signed by key %s, but the key in force is %s (since round %d): only an entry of kind %s signed by %s hands the chain to another key",
			manifest.ShortKeyID(id), manifest.ShortKeyID(k.current), k.since, manifest.KindSigningKey, manifest.ShortKeyID(k.current))
	}
	if k.trusted != nil && !k.trusted[id] {
		return brk("the entry is signed by key %s, which no --public-key names (given: %s); if the chain handed over to that key, pass its public key too",
			manifest.ShortKeyID(id), k.trustedList())
	}
	if k.current == "" {
		k.current, k.since, k.cs.FirstSigned = id, c.Round, c.Round
		k.cs.Keys = append(k.cs.Keys, id)
	}
	k.cs.Signed++
	k.cs.LastSigned = c.Round
	if c.Kind == manifest.KindSigningKey {
		if c.NextSigningKey == nil {
			return brk("an entry of kind %s that names no next_signing_key", manifest.KindSigningKey)
		}
		k.current, k.since = c.NextSigningKey.KeyID, c.Round
		k.cs.Keys = append(k.cs.Keys, k.current)
		k.cs.Rotations = append(k.cs.Rotations, c.Round)
	}
	return nil
}

// finish is the check at the chain's end: with trusted keys, a chain that
// has entries must have signed ones.
func (k *sigChecker) finish(s store.Store, sh manifest.Chain, latest *manifest.Committed) *Break {
	if k.trusted == nil || latest == nil || k.cs.Signed > 0 {
		return nil
	}
	return &Break{Round: latest.Round, Object: s.Location(sh.EntryName(latest.Number())),
		Problem: fmt.Sprintf("no entry of %s is signed (rounds %d to %d), so --public-key can vouch for none of them", sh, k.cs.FirstUnsigned, k.cs.LastUnsigned)}
}

func (k *sigChecker) trustedList() string {
	ids := make([]string, 0, len(k.trusted))
	for id := range k.trusted {
		ids = append(ids, manifest.ShortKeyID(id))
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}
