package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

// writeKeyPair writes an Ed25519 key as openssl writes it: NAME.key
// (PKCS#8 "PRIVATE KEY") and NAME.pub ("PUBLIC KEY") in dir; it returns
// the key's id.
func writeKeyPair(t *testing.T, dir, name string) string {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	write := func(file, typ string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, file), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(name+".key", "PRIVATE KEY", der)
	write(name+".pub", "PUBLIC KEY", pubDER)
	return manifest.KeyID(pub)
}

// auditBlock is the audit block signing with NAME.key.
func auditBlock(name string) string {
	return "\n  audit { signing_key = file(\"" + name + ".key\") }"
}

// forgeRound appends, as someone with write access but no key can, a
// copy of the latest entry as the next round: the right previous_sha256,
// files that exist with their recorded hashes, no signature.
func (h *harness) forgeRound() int64 {
	h.t.Helper()
	ctx := context.Background()
	latest, err := manifest.Latest(ctx, h.lake())
	if err != nil {
		h.t.Fatal(err)
	}
	e := latest.Entry
	e.Round++
	e.Previous, e.Signature, e.RunID = latest.SHA256, nil, "forged"
	if _, err := manifest.Commit(ctx, h.lake(), &e); err != nil {
		h.t.Fatal(err)
	}
	return e.Round
}

func (h *harness) mustExit(code int, args ...string) result {
	h.t.Helper()
	res := h.etl(args...)
	if res.code != code {
		h.t.Fatalf("etl %v exited %d, want %d\nstdout:\n%s\nstderr:\n%s", args, res.code, code, res.stdout, res.stderr)
	}
	return res
}

// TestSignedEntriesAndVerify: a lake written before signing, then signed
// rounds of every kind (sync, reset, compact), a hand-over to a new key,
// and a forged round that etl verify names.
func TestSignedEntriesAndVerify(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 181, Users: 20}, `source "users" {}`)
	h.mustRun() // round 1, before signing
	oldID := writeKeyPair(t, h.dir, "audit")
	newID := writeKeyPair(t, h.dir, "next")
	h.writePipeline(`source "users" {}` + auditBlock("audit"))
	h.churn(graphtest.ChurnSpec{Resource: "users", Updates: 3, Seed: 1})
	h.mustRun()                          // round 2
	h.mustExit(0, "reset", h.pipeline)   // round 3
	h.mustExit(0, "compact", h.pipeline) // round 4
	for _, e := range h.history()[1:] {
		if e.Signature == nil || e.Signature.KeyID != oldID {
			t.Fatalf("round %d (%s) is not signed with audit.key: %+v", e.Round, e.Kind, e.Signature)
		}
	}
	res := h.mustExit(0, "verify", h.pipeline, "--public-key", "audit.pub")
	mustContain(t, "verify --public-key", res.stdout, "round 1 unsigned (written before signing)",
		"rounds 2–4 signed, key "+manifest.ShortKeyID(oldID), "signatures verified against --public-key", "history intact")
	res = h.mustExit(0, "verify", h.pipeline)
	mustContain(t, "verify", res.stdout, "this proves consistency, not authorship")
	res = h.mustExit(exitBroken, "verify", h.pipeline, "--public-key", "audit.pub", "--require-signed")
	mustContain(t, "verify --require-signed", res.stderr, "round 1:", "--require-signed")
	res = h.mustExit(exitBroken, "verify", h.pipeline, "--public-key", "next.pub")
	mustContain(t, "verify with another key", res.stderr, "round 2:", "which no --public-key names")

	// Dropping the key, or changing it without a hand-over, is refused.
	h.writePipeline(`source "users" {}`)
	res = h.mustExit(exitConfig, "run", h.pipeline)
	mustContain(t, "run without the key", res.stderr, "names no audit.signing_key")
	h.writePipeline(`source "users" {}` + auditBlock("next"))
	res = h.mustExit(exitConfig, "run", h.pipeline)
	mustContain(t, "run with another key", res.stderr, "etl rotate-signing-key")

	res = h.mustExit(0, "rotate-signing-key", h.pipeline, "--old-key", "audit.key") // round 5
	mustContain(t, "rotate-signing-key", res.stdout, "round 5", manifest.ShortKeyID(newID))
	h.mustRun() // round 6, signed with next.key
	if e := h.history()[5]; e.Signature == nil || e.Signature.KeyID != newID {
		t.Fatalf("round 6 is not signed with next.key: %+v", e.Signature)
	}
	res = h.mustExit(0, "verify", h.pipeline, "--public-key", "audit.pub", "--public-key", "next.pub")
	mustContain(t, "verify after the hand-over", res.stdout, "rounds 2–6 signed, key "+manifest.ShortKeyID(oldID)+" then "+manifest.ShortKeyID(newID), "handed over in round 5")

	forged := h.forgeRound() // round 7
	res = h.mustExit(exitBroken, "verify", h.pipeline, "--public-key", "audit.pub", "--public-key", "next.pub")
	mustContain(t, "verify of a forged round", res.stderr, "round 7:", "unsigned, but the chain is signed since round 2")
	if forged != 7 {
		t.Fatalf("forged round %d, want 7", forged)
	}
}

// TestRekeyRetiresTheOldStateKey: after etl rekey the next round is
// incremental under the new key, and the old key no longer opens the
// state.
func TestRekeyRetiresTheOldStateKey(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 182, Users: 20}, `source "users" {}`)
	writeKeyPair(t, h.dir, "audit")
	h.writePipeline(`source "users" {}` + auditBlock("audit"))
	h.mustRun()
	h.churn(graphtest.ChurnSpec{Resource: "users", Updates: 2, Seed: 1})
	h.mustRun()

	newKey := base64.StdEncoding.EncodeToString(bytesOf(7, 32))
	oldEnv := h.env
	res := h.mustExit(exitConfig, "rekey", h.pipeline)
	mustContain(t, "rekey without the old key", res.stderr, "GRAPHLAKE_STATE_KEY_OLD")
	h.env = append(append([]string{}, oldEnv...), "GRAPHLAKE_STATE_KEY="+newKey, "GRAPHLAKE_STATE_KEY_OLD="+testStateKey)
	res = h.mustExit(0, "rekey", h.pipeline)
	mustContain(t, "rekey", res.stdout, "round 3: re-sealed 1 deltaLinks of 1 streams")
	if e := h.history()[2]; e.Kind != manifest.KindRekey || e.State == nil || e.State.Round != 3 || e.Signature == nil {
		t.Fatalf("round 3 is not a signed rekey round with its own checkpoint: %+v", e.Entry)
	}
	res = h.mustExit(0, "rekey", h.pipeline)
	mustContain(t, "rekey again", res.stdout, "already sealed with the new key")

	h.churn(graphtest.ChurnSpec{Resource: "users", Updates: 4, Seed: 2})
	h.mustRun()
	e := h.history()[3]
	if len(e.Streams) != 1 || e.Streams[0].Mode != "incremental" || e.Streams[0].Upserts == 0 || e.Streams[0].Upserts >= 20 {
		t.Fatalf("the round after the rekey: %+v; want users incremental with the changed users only", e.Streams)
	}

	h.env = oldEnv // the old key as state.key
	res = h.etl("run", h.pipeline)
	if res.code == 0 {
		t.Fatalf("etl run with the retired key succeeded:\n%s", res.stdout)
	}
	mustContain(t, "run with the retired key", res.stderr, "does not open with state.key")
	h.mustExit(0, "verify", h.pipeline, "--public-key", "audit.pub")
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// TestSignedShardChains: every shard chain's entries are signed, and a
// round forged into one of them is named.
func TestSignedShardChains(t *testing.T) {
	h := newHarness(t, graphtest.Options{Seed: 184, Users: 20}, `source "users" {}`)
	keyID := writeKeyPair(t, h.dir, "audit")
	h.writePipeline(`source "users" {}` + auditBlock("audit"))
	h.mustExit(0, "run", h.pipeline, "--shard", "0/2")
	h.mustExit(0, "run", h.pipeline, "--shard", "1/2")
	h.mustExit(0, "reset", h.pipeline, "--shard", "1/2")
	for _, e := range h.history() {
		if !e.Chain.IsShard() || e.Signature == nil || e.Signature.KeyID != keyID {
			t.Fatalf("round %d of %s is not signed with audit.key: %+v", e.Round, e.Chain, e.Signature)
		}
	}
	res := h.mustExit(0, "verify", h.pipeline, "--public-key", "audit.pub")
	mustContain(t, "verify", res.stdout, "chain 0-of-2: round 1 signed", "chain 1-of-2: rounds 2–3 signed", "signatures verified against --public-key")

	ctx := context.Background()
	sh := manifest.Chain{Index: 0, Count: 2}
	latest, err := manifest.LatestIn(ctx, h.lake(), sh)
	if err != nil {
		t.Fatal(err)
	}
	forged := latest.Entry
	forged.Round, forged.Seq, forged.Previous, forged.Signature = 4, latest.Seq+1, latest.SHA256, nil
	if _, err := manifest.Commit(ctx, h.lake(), &forged); err != nil {
		t.Fatal(err)
	}
	res = h.mustExit(exitBroken, "verify", h.pipeline, "--public-key", "audit.pub")
	mustContain(t, "verify of a forged shard round", res.stderr, "round 4:", "shards/0-of-2/", "unsigned")
}
