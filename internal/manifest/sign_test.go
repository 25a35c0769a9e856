package manifest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// opensslKey and opensslPub were made by `openssl genpkey -algorithm
// ed25519` and `openssl pkey -pubout` (a test key, nothing else);
// opensslKeyID is `openssl pkey -pubout -outform DER | sha256sum`.
const (
	opensslKey = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPDykeIkkYQ0ei5jL4r1Oxpc7fyxlIQ/fKdliCq5LiZt
-----END PRIVATE KEY-----
`
	opensslPub = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEANSL8+l1fHyeiE8Mb7X38GoQ/9bxf0SoeqveKT7dbAPk=
-----END PUBLIC KEY-----
`
	opensslKeyID = "e188dec54f8afa9505740eed0b32923a4d6cf1c74152a8937d16454d616132a9"
)

func testSigner(t *testing.T) *Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return NewSigner(priv)
}

func TestParseKeysAndKeyID(t *testing.T) {
	s, err := ParseSigningKey([]byte(opensslKey))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey([]byte(opensslPub))
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(s.Public()) || s.ID() != opensslKeyID || KeyID(pub) != opensslKeyID {
		t.Fatalf("key id %s (public key equal: %v); want %s", s.ID(), pub.Equal(s.Public()), opensslKeyID)
	}
	for _, shown := range []string{s.String(), fmt.Sprintf("%v %+v %#v %x %s", s, s, s, s, s), fmt.Sprintf("%+v", struct{ S *Signer }{s})} {
		if strings.Contains(shown, "PRIVATE") || strings.Contains(shown, "PrivateKey") || strings.Contains(shown, fmt.Sprint([]byte(s.key))) || strings.Contains(shown, fmt.Sprintf("%x", []byte(s.key))) ||
			!strings.Contains(shown, opensslKeyID[:16]) {
			t.Errorf("the signer prints as %q; want the short key id only", shown)
		}
	}
	for _, bad := range []string{"", "not pem", opensslPub} {
		if _, err := ParseSigningKey([]byte(bad)); err == nil {
			t.Errorf("ParseSigningKey(%q) accepted it", bad)
		}
	}
	if _, err := ParsePublicKey([]byte(opensslKey)); err == nil {
		t.Error("ParsePublicKey accepted a private key")
	}
}

func TestSignedEntryRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	k := testSigner(t)
	e := entry(1, "")
	if err := k.Sign(e); err != nil {
		t.Fatal(err)
	}
	if _, err := Commit(ctx, s, e); err != nil {
		t.Fatal(err)
	}
	c, err := Read(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := CheckSignature(c)
	if err != nil || !pub.Equal(k.Public()) {
		t.Fatalf("CheckSignature = %v, %v; want the signer's key", pub, err)
	}
	c.Files[0].Rows++
	if _, err := CheckSignature(c); !errors.Is(err, ErrBadSignature) {
		t.Errorf("CheckSignature of an altered entry = %v; want ErrBadSignature", err)
	}
	if _, err := CheckSignature(&Committed{Entry: *entry(1, "")}); !errors.Is(err, ErrUnsigned) {
		t.Errorf("CheckSignature of an unsigned entry = %v; want ErrUnsigned", err)
	}
}

func TestCheckSigner(t *testing.T) {
	k, m := testSigner(t), testSigner(t)
	signed := func(by *Signer, next *Signer) *Committed {
		e := entry(4, "x")
		if next != nil {
			e.Kind, e.NextSigningKey = KindSigningKey, next.Ref()
		}
		if err := by.Sign(e); err != nil {
			t.Fatal(err)
		}
		return &Committed{Entry: *e}
	}
	tests := []struct {
		name   string
		prev   *Committed
		signer *Signer
		want   string // part of the error; "" for none
	}{
		{"empty chain, no key", nil, nil, ""},
		{"empty chain, a key", nil, k, ""},
		{"unsigned chain, no key", &Committed{Entry: *entry(4, "x")}, nil, ""},
		{"unsigned chain starts signing", &Committed{Entry: *entry(4, "x")}, k, ""},
		{"signed chain, same key", signed(k, nil), k, ""},
		{"signed chain, no key", signed(k, nil), nil, "names no audit.signing_key"},
		{"signed chain, another key", signed(k, nil), m, "etl rotate-signing-key"},
		{"after a hand-over, the new key", signed(k, m), m, ""},
		{"after a hand-over, the old key", signed(k, m), k, "restore the key in force"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSigner(tc.prev, tc.signer)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("CheckSigner = %v; want nil", err)
			case tc.want != "" && (err == nil || !errors.Is(err, ErrSigningKey) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("CheckSigner = %v; want ErrSigningKey saying %q", err, tc.want)
			}
		})
	}
}

func TestCheckSignerFirst(t *testing.T) {
	k, m := testSigner(t), testSigner(t)
	signedBy := func(s *Signer) *Committed {
		e := entry(4, "x")
		if err := s.Sign(e); err != nil {
			t.Fatal(err)
		}
		return &Committed{Entry: *e}
	}
	unsigned := &Committed{Entry: *entry(3, "y")}
	tests := []struct {
		name   string
		heads  []*Committed
		signer *Signer
		want   string
	}{
		{"no chain signed, no key", []*Committed{unsigned}, nil, ""},
		{"no chain signed, a key", []*Committed{unsigned}, k, ""},
		{"a chain signed, its key", []*Committed{unsigned, signedBy(k)}, k, ""},
		{"a chain signed, no key", []*Committed{unsigned, signedBy(k)}, nil, "names no audit.signing_key"},
		{"a chain signed, another key", []*Committed{signedBy(k)}, m, "use the key in force"},
		{"chains on two keys, the newer", []*Committed{signedBy(k), signedBy(m)}, m, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSignerFirst(tc.heads, tc.signer)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("CheckSignerFirst = %v; want nil", err)
			case tc.want != "" && (err == nil || !errors.Is(err, ErrSigningKey) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("CheckSignerFirst = %v; want ErrSigningKey saying %q", err, tc.want)
			}
		})
	}
}
