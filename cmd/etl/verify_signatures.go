package main

import (
	"crypto/ed25519"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/graphlake/graphlake/internal/audit"
	"github.com/graphlake/graphlake/internal/manifest"
)

// readPublicKeyFile reads an Ed25519 public key in PEM (--public-key).
func readPublicKeyFile(path string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("--public-key: %w", err))
	}
	pub, err := manifest.ParsePublicKey(b)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("--public-key %s: %w", path, err))
	}
	return pub, nil
}

// printSignatures says, per chain, which rounds are signed and by which
// keys, and what that proves.
func printSignatures(w io.Writer, rep *audit.Report) {
	signed := false
	for _, cs := range rep.Signatures {
		if cs.Signed+cs.Unsigned == 0 {
			continue
		}
		prefix := ""
		if len(rep.Signatures) > 1 {
			prefix = "chain " + chainName(cs.Chain) + ": "
		}
		if cs.Unsigned > 0 {
			fmt.Fprintf(w, "%s%s unsigned (written before signing)\n", prefix, span(cs.FirstUnsigned, cs.LastUnsigned))
		}
		if cs.Signed > 0 {
			signed = true
			ids := make([]string, len(cs.Keys))
			for i, id := range cs.Keys {
				ids[i] = manifest.ShortKeyID(id)
			}
			fmt.Fprintf(w, "%s%s signed, key %s", prefix, span(cs.FirstSigned, cs.LastSigned), strings.Join(ids, " then "))
			if len(cs.Rotations) > 0 {
				fmt.Fprintf(w, " (handed over in round %s)", joinRounds(cs.Rotations))
			}
			fmt.Fprintln(w)
		}
	}
	switch {
	case !signed:
		fmt.Fprintln(w, "no entry is signed: the hash chain detects edits of rounds whose head you kept, not rounds appended by someone with write access (see audit.signing_key)")
	case rep.Authenticated:
		fmt.Fprintln(w, "signatures verified against --public-key")
	default:
		fmt.Fprintln(w, "signatures consistent with the keys the chain records; this proves consistency, not authorship: pass --public-key to check who signed")
	}
}

// span names rounds from to to: "round 3", "rounds 1–4".
func span(from, to int64) string {
	if from == to {
		return fmt.Sprintf("round %d", from)
	}
	return fmt.Sprintf("rounds %d–%d", from, to)
}

func joinRounds(rounds []int64) string {
	parts := make([]string, len(rounds))
	for i, r := range rounds {
		parts[i] = fmt.Sprint(r)
	}
	return strings.Join(parts, ", ")
}
