// Package sealed encrypts deltaLinks at rest with AES-256-GCM under a
// pipeline's state key. A deltaLink is a long-lived handle to a tenant's
// changes: whoever holds one can read them with any token for the tenant,
// so the manifest keeps only ciphertext and a SHA-256 for auditors.
//
// The package does not manage keys: the pipeline file supplies one.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// KeySize is the length of a state key: AES-256.
const KeySize = 32

// ErrWrongKey means a sealed value does not open under the given key (or
// was altered).
var ErrWrongKey = errors.New("the state key does not open this value: wrong key, or the value was altered")

// Box seals and opens values under one key.
type Box struct{ aead cipher.AEAD }

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("state key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("state key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("state key: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext bound to context (e.g. pipeline and stream), so a
// ciphertext cannot be moved to another stream unnoticed. The result is
// base64: nonce then ciphertext.
func (b *Box) Seal(plaintext, context string) (string, error) {
	out, err := b.SealBytes(plaintext, context)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(out), nil
}

// SealBytes is Seal before base64: the nonce, then the ciphertext.
func (b *Box) SealBytes(plaintext, context string) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize(), b.aead.NonceSize()+len(plaintext)+b.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return b.aead.Seal(nonce, nonce, []byte(plaintext), []byte(context)), nil
}

// Open decrypts a value made by Seal with the same context.
func (b *Box) Open(sealed, context string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return "", fmt.Errorf("open sealed value: %w", err)
	}
	return b.OpenBytes(raw, context)
}

// OpenBytes is Open of the sealed bytes, before base64: it decrypts them
// in place, over raw, which the caller gives up.
func (b *Box) OpenBytes(raw []byte, context string) (string, error) {
	plain, err := b.OpenInPlace(raw, []byte(context))
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

// OpenInPlace is OpenBytes returning the plaintext as raw's own bytes,
// which it decrypts in place, rather than as a new string, and taking the
// context as bytes: a caller that opens many values (a round's 100,000
// deltaLinks) copies each where it keeps it and reuses its buffers.
func (b *Box) OpenInPlace(raw, context []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(raw) < n+b.aead.Overhead() {
		return nil, fmt.Errorf("open sealed value: %d bytes is too short", len(raw))
	}
	// Decrypted in place, over the ciphertext: one allocation fewer per
	// link, 100,000 of them when a round of that many streams starts.
	plain, err := b.aead.Open(raw[n:n], raw[:n], raw[n:], context)
	if err != nil {
		return nil, ErrWrongKey
	}
	return plain, nil
}
