package manifest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
)

// Signed entries.
//
// An entry written with a signing key carries a Signature field. What is
// signed is the entry's own encoding (Encode) with that field absent,
// after a domain-separation line that names the key id: the signature sits
// in the one object the commit creates, so an entry is signed from the
// moment it exists, and previous_sha256 keeps hashing the stored bytes,
// signature included, as it always did. An entry is accepted as signed
// only when its stored bytes are exactly Encode of what they decode to,
// so that no byte (an added field, other whitespace) escapes the
// signature. Hence a field added to Entry needs a new FormatVersion: an
// older etl, which drops fields it does not know, refuses a newer format
// instead of calling its signed entries altered.

// SignatureAlgorithm is the only algorithm entries are signed with.
const SignatureAlgorithm = "ed25519"

// signaturePreamble separates entry signatures from anything else the
// key might sign.
const signaturePreamble = "graphlake manifest entry signature v1\n"

// ErrUnsigned means an entry carries no signature.
var ErrUnsigned = errors.New("the entry is not signed")

// ErrBadSignature means an entry's signature does not hold: the entry was
// altered after it was signed, or the signature was made up.
var ErrBadSignature = errors.New("the signature does not match the entry's bytes")

// Signature is an entry's signature.
type Signature struct {
	// Algorithm is "ed25519".
	Algorithm string `json:"algorithm"`
	// KeyID identifies the signing key (see KeyID).
	KeyID string `json:"key_id"`
	// PublicKey is the signing key's public half: base64 of its
	// SubjectPublicKeyInfo DER, as in a PEM "PUBLIC KEY" block.
	PublicKey string `json:"public_key"`
	// Value is the signature, base64.
	Value string `json:"value"`
}

// PublicKeyRef names a public key in an entry (NextSigningKey).
type PublicKeyRef struct {
	// KeyID identifies the key (see KeyID).
	KeyID string `json:"key_id"`
	// PublicKey is base64 of the key's SubjectPublicKeyInfo DER.
	PublicKey string `json:"public_key"`
}

// KeyID identifies an Ed25519 public key: the SHA-256 of its
// SubjectPublicKeyInfo DER (what `openssl pkey -pubout -outform DER`
// writes), 64 hex digits. People see its first 16 (ShortKeyID).
func KeyID(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "" // only for a key of the wrong length, which no caller has
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// ShortKeyID is how a key id is shown: its first 16 hex digits.
func ShortKeyID(id string) string {
	if len(id) > 16 {
		return id[:16]
	}
	return id
}

// Signer signs entries with an Ed25519 key.
type Signer struct {
	key ed25519.PrivateKey
	pub ed25519.PublicKey
	id  string
}

// ParseSigningKey reads an Ed25519 private key in PEM, PKCS#8 ("PRIVATE
// KEY", as `openssl genpkey -algorithm ed25519` writes it).
func ParseSigningKey(pemBytes []byte) (*Signer, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" block: make the key with `openssl genpkey -algorithm ed25519 -out audit.key`")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse the PKCS#8 private key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the key is %T, not Ed25519: make one with `openssl genpkey -algorithm ed25519 -out audit.key`", k)
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &Signer{key: priv, pub: pub, id: KeyID(pub)}, nil
}

// NewSigner wraps an Ed25519 private key (tests and tools).
func NewSigner(priv ed25519.PrivateKey) *Signer {
	pub := priv.Public().(ed25519.PublicKey)
	return &Signer{key: priv, pub: pub, id: KeyID(pub)}
}

// ParsePublicKey reads an Ed25519 public key in PEM ("PUBLIC KEY", as
// `openssl pkey -in audit.key -pubout` writes it).
func ParsePublicKey(pemBytes []byte) (ed25519.PublicKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM \"PUBLIC KEY\" block: write it with `openssl pkey -in audit.key -pubout -out audit.pub`")
	}
	return parseSPKI(block.Bytes)
}

func parseSPKI(der []byte) (ed25519.PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("parse the public key: %w", err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("the public key is %T, not Ed25519", k)
	}
	return pub, nil
}

// ID is the key's id (see KeyID).
func (s *Signer) ID() string { return s.id }

// Public is the key's public half.
func (s *Signer) Public() ed25519.PublicKey { return s.pub }

// Ref names the signer's public key, for NextSigningKey.
func (s *Signer) Ref() *PublicKeyRef {
	return &PublicKeyRef{KeyID: s.id, PublicKey: encodeSPKI(s.pub)}
}

// String names the key by its short id, never its private half.
func (s *Signer) String() string { return "signing key " + ShortKeyID(s.id) }

// GoString is String, so that %#v does not print the private key.
func (s *Signer) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb prints the
// private key.
func (s *Signer) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue implements slog.LogValuer with the short key id.
func (s *Signer) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Sign sets e's Signature.
func (s *Signer) Sign(e *Entry) error {
	e.Signature = nil
	msg, err := signedMessage(s.id, e)
	if err != nil {
		return err
	}
	e.Signature = &Signature{Algorithm: SignatureAlgorithm, KeyID: s.id, PublicKey: encodeSPKI(s.pub),
		Value: base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, msg))}
	return nil
}

func encodeSPKI(pub ed25519.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	return base64.StdEncoding.EncodeToString(der)
}

// signedMessage is what key keyID signs for entry e: the preamble, the
// key id and a line break, then e encoded (Encode's bytes). Ed25519 signs
// a message held whole, so it is built in one buffer of its exact size:
// e is encoded once to count its bytes and once into the buffer (EncodeTo),
// rather than whole, indented into a second buffer and copied into a
// third (five times an entry of 100,000 streams' 120 MB at once).
func signedMessage(keyID string, e *Entry) ([]byte, error) {
	var size countingWriter
	if err := EncodeTo(&size, e); err != nil {
		return nil, err
	}
	msg := make([]byte, 0, len(signaturePreamble)+len(keyID)+1+int(size))
	msg = append(msg, signaturePreamble...)
	msg = append(msg, keyID...)
	msg = append(msg, '\n')
	w := &appendWriter{b: msg}
	if err := EncodeTo(w, e); err != nil {
		return nil, err
	}
	if len(w.b) != cap(msg) {
		return nil, fmt.Errorf("encode manifest entry for round %d: its encoding changed between two passes", e.Round)
	}
	return w.b, nil
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// appendWriter appends what is written to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// CheckSignature checks a committed entry's signature against the public
// key the signature records, and returns that key. ErrUnsigned: the
// entry has none; ErrBadSignature (wrapped): it does not hold. Which key
// ought to have signed is the caller's question (see CurrentKeyID).
func CheckSignature(c *Committed) (ed25519.PublicKey, error) {
	sig := c.Signature
	if sig == nil {
		return nil, ErrUnsigned
	}
	if sig.Algorithm != SignatureAlgorithm {
		return nil, fmt.Errorf("%w: algorithm %q, want %q", ErrBadSignature, sig.Algorithm, SignatureAlgorithm)
	}
	der, err := base64.StdEncoding.DecodeString(sig.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: the recorded public key is not base64", ErrBadSignature)
	}
	pub, err := parseSPKI(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	if KeyID(pub) != sig.KeyID {
		return nil, fmt.Errorf("%w: key id %s does not belong to the recorded public key", ErrBadSignature, ShortKeyID(sig.KeyID))
	}
	value, err := base64.StdEncoding.DecodeString(sig.Value)
	if err != nil {
		return nil, fmt.Errorf("%w: the signature is not base64", ErrBadSignature)
	}
	full := sha256.New()
	if err := EncodeTo(full, &c.Entry); err != nil {
		return nil, err
	}
	if hex.EncodeToString(full.Sum(nil)) != c.SHA256 {
		return nil, fmt.Errorf("%w: the stored bytes are not the entry's own encoding (bytes were added, removed or reformatted)", ErrBadSignature)
	}
	unsigned := c.Entry
	unsigned.Signature = nil
	msg, err := signedMessage(sig.KeyID, &unsigned)
	if err != nil {
		return nil, err
	}
	if !ed25519.Verify(pub, msg, value) {
		return nil, ErrBadSignature
	}
	if n := c.NextSigningKey; n != nil {
		if err := checkKeyRef(n); err != nil {
			return nil, err
		}
	}
	return pub, nil
}

// checkKeyRef checks that a named key's id is its own.
func checkKeyRef(r *PublicKeyRef) error {
	der, err := base64.StdEncoding.DecodeString(r.PublicKey)
	if err != nil {
		return fmt.Errorf("next signing key: not base64")
	}
	pub, err := parseSPKI(der)
	if err != nil {
		return fmt.Errorf("next signing key: %w", err)
	}
	if KeyID(pub) != r.KeyID {
		return fmt.Errorf("next signing key: key id %s does not belong to its public key", ShortKeyID(r.KeyID))
	}
	return nil
}

// CurrentKeyID is the id of the key that must sign the entry after e in
// its chain: the key e hands over to (kind signing-key), else the key
// that signed e; "" after an unsigned entry (or none).
func CurrentKeyID(e *Entry) string {
	switch {
	case e == nil || e.Signature == nil:
		return ""
	case e.Kind == KindSigningKey && e.NextSigningKey != nil:
		return e.NextSigningKey.KeyID
	}
	return e.Signature.KeyID
}

// ErrSigningKey marks a commit refused because its signing key does not
// fit the chain (exit code 2: a configuration to fix).
var ErrSigningKey = errors.New("signing key does not fit the lake")

// CheckSigner refuses to extend a chain whose newest entry is prev with
// entries that signer (nil: none) would sign: once a chain is signed,
// every later entry must be signed by the key in force (see CurrentKeyID);
// changing keys takes a signing-key entry.
func CheckSigner(prev *Committed, signer *Signer) error {
	var e *Entry
	if prev != nil {
		e = &prev.Entry
	}
	want := CurrentKeyID(e)
	switch {
	case want == "":
		return nil
	case signer == nil:
		return fmt.Errorf("%w: %s's entries are signed (key %s, in force since its round %d or earlier), but the pipeline names no audit.signing_key: "+
			"an unsigned entry would break the audit trail. Add audit { signing_key = file(\"audit.key\") } with that key",
			ErrSigningKey, prev.Chain, ShortKeyID(want), prev.Round)
	case signer.id != want:
		return fmt.Errorf("%w: %s's entries are signed with key %s, but audit.signing_key is key %s: restore the key in force, "+
			"or hand over to the new one with `etl rotate-signing-key PIPELINE.hcl --old-key OLD.key`",
			ErrSigningKey, prev.Chain, ShortKeyID(want), ShortKeyID(signer.id))
	}
	return nil
}

// SignNext checks signer against the chain (CheckSigner) and signs e with
// it; without a signer, on a chain not yet signed, e stays unsigned.
func SignNext(prev *Committed, e *Entry, signer *Signer) error {
	if err := CheckSigner(prev, signer); err != nil {
		return err
	}
	if signer == nil {
		return nil
	}
	return signer.Sign(e)
}

// CheckSignerFirst is CheckSigner for the first entry of a new chain in a
// lake whose other chains have the newest entries heads (a shard chain
// after a re-shard): once any chain is signed, the new chain must be
// signed too, by a key in force in one of them.
func CheckSignerFirst(heads []*Committed, signer *Signer) error {
	var inForce []string
	for _, h := range heads {
		if id := CurrentKeyID(&h.Entry); id != "" {
			if signer != nil && id == signer.id {
				return nil
			}
			inForce = append(inForce, ShortKeyID(id))
		}
	}
	switch {
	case len(inForce) == 0:
		return nil
	case signer == nil:
		return fmt.Errorf("%w: the lake's chains are signed (key %s), but the pipeline names no audit.signing_key: "+
			"a new chain must be signed too. Add audit { signing_key = file(\"audit.key\") } with that key", ErrSigningKey, inForce[0])
	}
	return fmt.Errorf("%w: the lake's chains are signed with key %s, but audit.signing_key is key %s: use the key in force",
		ErrSigningKey, inForce[0], ShortKeyID(signer.id))
}
