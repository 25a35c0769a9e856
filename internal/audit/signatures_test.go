package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/store"
)

// step is one entry of a test chain: signed by signer (nil: unsigned);
// next, when set, makes it a signing-key entry handing over to next.
type step struct {
	signer *manifest.Signer
	next   *manifest.Signer
}

func newKey(t *testing.T) *manifest.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return manifest.NewSigner(priv)
}

func newLocal(t *testing.T) store.Store {
	t.Helper()
	s, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// commitChain commits steps as rounds of sh's chain (rounds numbered
// from firstRound), each chained to the previous, and returns the last
// entry's hash.
func commitChain(t *testing.T, s store.Store, sh manifest.Chain, firstRound int64, steps []step) string {
	t.Helper()
	ctx := context.Background()
	prev := ""
	if sh.IsShard() {
		if err := manifest.Register(ctx, s, sh); err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range steps {
		at := time.Unix(1_700_000_000+int64(i)*60, 0).UTC()
		e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Round: firstRound + int64(i), Kind: manifest.KindSync,
			RunID: "r", StartedAt: at, CommittedAt: at, Previous: prev, Chain: sh, Streams: []manifest.Stream{}, Files: []manifest.File{}}
		if sh.IsShard() {
			e.Seq = int64(i + 1)
		}
		if st.next != nil {
			e.Kind, e.NextSigningKey = manifest.KindSigningKey, st.next.Ref()
		}
		if st.signer != nil {
			if err := st.signer.Sign(e); err != nil {
				t.Fatal(err)
			}
		}
		h, err := manifest.Commit(ctx, s, e)
		if err != nil {
			t.Fatal(err)
		}
		prev = h
	}
	return prev
}

// appendForged appends an entry the way someone with write access but
// without the key can: the right previous_sha256, signed by signer (nil:
// unsigned).
func appendForged(t *testing.T, s store.Store, sh manifest.Chain, signer *manifest.Signer) {
	t.Helper()
	ctx := context.Background()
	latest, err := manifest.LatestIn(ctx, s, sh)
	if err != nil {
		t.Fatal(err)
	}
	e := latest.Entry
	e.Round++
	if sh.IsShard() {
		e.Seq++
	}
	e.Previous, e.Signature, e.RunID = latest.SHA256, nil, "forged"
	if signer != nil {
		if err := signer.Sign(&e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := manifest.Commit(ctx, s, &e); err != nil {
		t.Fatal(err)
	}
}

// rewrite replaces the stored bytes of entry n of the root chain by
// edit's result (an attacker overwriting an object).
func rewrite(t *testing.T, s store.Store, n int64, edit func([]byte) []byte) {
	t.Helper()
	ctx := context.Background()
	name := manifest.Chain{}.EntryName(n)
	b, err := s.Get(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := s.PutIfAbsent(ctx, name, edit(b)); err != nil {
		t.Fatal(err)
	}
}

func TestVerifySignatures(t *testing.T) {
	k, m := newKey(t), newKey(t)
	pubs := func(ss ...*manifest.Signer) []ed25519.PublicKey {
		var out []ed25519.PublicKey
		for _, s := range ss {
			out = append(out, s.Public())
		}
		return out
	}
	var root manifest.Chain
	tests := []struct {
		name string
		make func(t *testing.T, s store.Store)
		opts Options
		// breakRound is the round the break names (0: intact); breakText
		// is part of its problem.
		breakRound int64
		breakText  string
		check      func(t *testing.T, rep *Report)
	}{
		{name: "signed, recorded key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}, {signer: k}})
		},
			check: func(t *testing.T, rep *Report) {
				cs := rep.Signatures[0]
				if rep.Authenticated || cs.Signed != 3 || cs.Unsigned != 0 || len(cs.Keys) != 1 || cs.Keys[0] != k.ID() {
					t.Errorf("report %+v, chain %+v; want 3 signed by one key, not authenticated", rep, cs)
				}
			}},
		{name: "signed, public key", make: func(t *testing.T, s store.Store) { commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}}) },
			opts: Options{PublicKeys: pubs(k)}, check: func(t *testing.T, rep *Report) {
				if !rep.Authenticated {
					t.Error("not authenticated")
				}
			}},
		{name: "signed by another key than --public-key", make: func(t *testing.T, s store.Store) { commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}}) },
			opts: Options{PublicKeys: pubs(m)}, breakRound: 1, breakText: "which no --public-key names"},
		{name: "forged unsigned round appended", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			appendForged(t, s, root, nil)
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 3, breakText: "unsigned, but the chain is signed since round 1"},
		{name: "forged unsigned round appended, recorded key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			appendForged(t, s, root, nil)
		}, breakRound: 3, breakText: "unsigned"},
		{name: "forged round signed by another key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			appendForged(t, s, root, m)
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 3, breakText: "but the key in force is " + manifest.ShortKeyID(k.ID())},
		{name: "forged round signed by another key, recorded key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			appendForged(t, s, root, m)
		}, breakRound: 3, breakText: "signed by key " + manifest.ShortKeyID(m.ID())},
		{name: "latest entry altered", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			rewrite(t, s, 2, func(b []byte) []byte { return bytes.Replace(b, []byte(`"run_id": "r"`), []byte(`"run_id": "x"`), 1) })
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 2, breakText: "altered after it was signed"},
		{name: "field added to the latest entry", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}})
			rewrite(t, s, 2, func(b []byte) []byte { return bytes.Replace(b, []byte(`{`), []byte(`{"note": "hi", `), 1) })
		}, breakRound: 2, breakText: "not the entry's own encoding"},
		{name: "earlier entry altered", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k}, {signer: k}})
			rewrite(t, s, 1, func(b []byte) []byte { return bytes.Replace(b, []byte(`"run_id": "r"`), []byte(`"run_id": "x"`), 1) })
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 1, breakText: "altered after it was signed"},
		{name: "rotation", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k, next: m}, {signer: m}})
		}, opts: Options{PublicKeys: pubs(k, m)}, check: func(t *testing.T, rep *Report) {
			cs := rep.Signatures[0]
			if len(cs.Keys) != 2 || cs.Keys[1] != m.ID() || len(cs.Rotations) != 1 || cs.Rotations[0] != 2 {
				t.Errorf("chain %+v; want keys k then m, handed over in round 2", cs)
			}
		}},
		{name: "rotation, recorded keys", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k, next: m}, {signer: m}})
		}},
		{name: "rotation, only the old public key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k, next: m}, {signer: m}})
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 3, breakText: "pass its public key too"},
		{name: "old key signs after the rotation", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: k, next: m}, {signer: k}})
		}, opts: Options{PublicKeys: pubs(k, m)}, breakRound: 3, breakText: "but the key in force is " + manifest.ShortKeyID(m.ID())},
		{name: "rotation forged by another key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{signer: k}, {signer: m, next: m}, {signer: m}})
		}, breakRound: 2, breakText: "only an entry of kind signing-key"},
		{name: "unsigned prefix, then signed", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{}, {}, {signer: k}, {signer: k}})
		}, opts: Options{PublicKeys: pubs(k)}, check: func(t *testing.T, rep *Report) {
			cs := rep.Signatures[0]
			if cs.Unsigned != 2 || cs.FirstUnsigned != 1 || cs.LastUnsigned != 2 || cs.Signed != 2 || cs.FirstSigned != 3 {
				t.Errorf("chain %+v; want rounds 1-2 unsigned, 3-4 signed", cs)
			}
		}},
		{name: "unsigned prefix refused by RequireSigned", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{}, {}, {signer: k}})
		}, opts: Options{PublicKeys: pubs(k), RequireSigned: true}, breakRound: 1, breakText: "--require-signed"},
		{name: "unsigned lake, public key", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, root, 1, []step{{}, {}})
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 2, breakText: "no entry of the root chain is signed"},
		{name: "unsigned lake, no key", make: func(t *testing.T, s store.Store) { commitChain(t, s, root, 1, []step{{}, {}}) }},
		{name: "sharded, signed", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, manifest.Chain{Index: 0, Count: 2}, 1, []step{{signer: k}, {signer: k}})
			commitChain(t, s, manifest.Chain{Index: 1, Count: 2}, 3, []step{{signer: k}})
		}, opts: Options{PublicKeys: pubs(k)}, check: func(t *testing.T, rep *Report) {
			if len(rep.Signatures) != 2 || rep.Signatures[0].Signed != 2 || rep.Signatures[1].Signed != 1 {
				t.Errorf("signatures %+v; want 2 and 1 signed in two chains", rep.Signatures)
			}
		}},
		{name: "sharded, forged round appended to a shard chain", make: func(t *testing.T, s store.Store) {
			commitChain(t, s, manifest.Chain{Index: 0, Count: 2}, 1, []step{{signer: k}})
			commitChain(t, s, manifest.Chain{Index: 1, Count: 2}, 2, []step{{signer: k}, {signer: k}})
			appendForged(t, s, manifest.Chain{Index: 1, Count: 2}, nil)
		}, opts: Options{PublicKeys: pubs(k)}, breakRound: 4, breakText: "unsigned"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newLocal(t)
			tc.make(t, s)
			rep, err := VerifyWith(context.Background(), s, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.breakRound == 0 && rep.Break != nil:
				t.Fatalf("break %v; want the history intact", rep.Break)
			case tc.breakRound != 0 && rep.Break == nil:
				t.Fatalf("history intact; want a break at round %d (%q)", tc.breakRound, tc.breakText)
			case tc.breakRound != 0 && (rep.Break.Round != tc.breakRound || !strings.Contains(rep.Break.Problem, tc.breakText)):
				t.Fatalf("break %v; want round %d, %q", rep.Break, tc.breakRound, tc.breakText)
			}
			if tc.check != nil {
				tc.check(t, rep)
			}
		})
	}
}
