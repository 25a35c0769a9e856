package config

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// StateKeySize is the length of the key that seals deltaLinks (AES-256).
const StateKeySize = 32

// State is the state block:
//
//	state { key = env("GRAPHLAKE_STATE_KEY") }
//
// Like Secret, a State never prints its key.
type State struct {
	// Key (key, required) seals the deltaLinks stored in the lake's
	// manifest (AES-256-GCM). Written as 32 bytes in base64 (standard or
	// URL alphabet, padded or not) or as 64 hex digits; make one with
	// `openssl rand -base64 32` and keep it in a secret store. Losing it
	// means the next round starts over.
	Key []byte
	// DeclRange is the state block's header.
	DeclRange hcl.Range
}

// String implements fmt.Stringer without the key.
func (State) String() string { return "{Key:" + redacted + "}" }

// GoString implements fmt.GoStringer without the key.
func (State) GoString() string { return "config.State{Key:" + redacted + "}" }

// Format implements fmt.Formatter, so that no verb leaks the key.
func (s State) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// MarshalJSON writes the state without the key.
func (State) MarshalJSON() ([]byte, error) {
	return []byte(`{"Key":` + strconv.Quote(redacted) + `}`), nil
}

// LogValue implements slog.LogValuer without the key.
func (State) LogValue() slog.Value { return slog.GroupValue(slog.String("key", redacted)) }

const stateKeyHelp = "Make one with `openssl rand -base64 32` and keep it in your secret store, e.g. key = env(\"GRAPHLAKE_STATE_KEY\"); deltaLinks sealed with it cannot be read without it."

var stateSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "key"}}}

func (d *decoder) state(b *hcl.Block) State {
	s := State{DeclRange: b.DefRange}
	c := d.content(b.Body, stateSchema, "a state block")
	key := d.str(c.Attributes, "key", b.DefRange)
	switch {
	case !key.Set:
		d.errorf(key.Range, "Missing state key", "The state block needs key: %d random bytes that seal deltaLinks at rest. %s", StateKeySize, stateKeyHelp)
	case key.Known:
		k, problem := parseStateKey(key.Value)
		if problem != "" {
			d.errorf(key.Range, "Invalid state key", "The state key %s; it must be %d bytes written as base64 or as %d hex digits. %s",
				problem, StateKeySize, 2*StateKeySize, stateKeyHelp)
		} else {
			d.warnLiteralSecret(c.Attributes, "key", "state key", `key = env("GRAPHLAKE_STATE_KEY"), or key = file("state.key")`)
		}
		s.Key = k
	}
	return s
}

// parseStateKey decodes a key, or says what is wrong with it without
// repeating it.
func parseStateKey(text string) (key []byte, problem string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, "is empty"
	}
	decoders := []func(string) ([]byte, error){hex.DecodeString, base64.StdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawStdEncoding.DecodeString, base64.RawURLEncoding.DecodeString}
	decodedLen := -1
	for _, decode := range decoders {
		b, err := decode(text)
		if err != nil {
			continue
		}
		if len(b) == StateKeySize {
			return b, ""
		}
		if decodedLen < 0 {
			decodedLen = len(b)
		}
	}
	if decodedLen >= 0 {
		return nil, fmt.Sprintf("decodes to %d bytes", decodedLen)
	}
	return nil, "is neither base64 nor hex"
}
