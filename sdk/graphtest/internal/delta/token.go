package delta

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
)

// Query is what the first request of a round chain asked for. It travels in
// every token, so later requests cannot change it (except a new $select on a
// directory deltaLink, which Graph allows).
type Query struct {
	Resource    Resource `json:"r"`
	Path        string   `json:"dir,omitzero"`
	UserID      string   `json:"u,omitzero"`
	FolderID    string   `json:"f,omitzero"`
	Select      uint64   `json:"s"`
	Explicit    bool     `json:"x,omitzero"`
	IDs         []string `json:"i,omitzero"`
	ReceivedOp  string   `json:"ro,omitzero"`
	Received    string   `json:"rv,omitzero"`
	Top         int      `json:"t,omitzero"`
	Descending  bool     `json:"o,omitzero"`
	ChangeType  string   `json:"ct,omitzero"`
	ImmutableID bool     `json:"im,omitzero"`
	// TopLevel limits a folders round to the mailbox's top-level folders;
	// for folders, FolderID names the parent of a childFolders round.
	TopLevel bool `json:"tl,omitzero"`
	// Tree is the Outlook tree of a folders or items round (Target.Tree).
	Tree uint8       `json:"tr,omitzero"`
	Raw  [][2]string `json:"q,omitzero"` // the original query options, for Location
}

// state is a token's payload: the query plus the position in a round.
type state struct {
	Epoch  uint64 `json:"e"`
	Issued int64  `json:"at"`
	Query  Query  `json:"q"`
	// Delta marks a deltaLink token (start of the next round).
	Delta bool `json:"d,omitzero"`
	// Initial marks a full round; otherwise the round covers changes in
	// (From, Upper].
	Initial bool   `json:"n,omitzero"`
	From    uint32 `json:"fr,omitzero"`
	Upper   uint32 `json:"up,omitzero"`
	// End bounds an initial round's object indexes.
	End uint32 `json:"end,omitzero"`
	// Cursor is the next object index (initial rounds), the last consumed
	// log sequence number (incremental rounds) or the next $filter id.
	Cursor uint32 `json:"c,omitzero"`
	// LinkProp and LinkOff resume a relationship split across pages.
	LinkProp int    `json:"lp,omitzero"`
	LinkOff  int    `json:"lo,omitzero"`
	Sent     int    `json:"sent,omitzero"`
	Page     uint32 `json:"p,omitzero"`

	// fresh marks a round that starts with this request: it is pinned to
	// the collection's current sequence number.
	fresh bool
}

// errBadToken reports a token that does not decode or authenticate.
var errBadToken = errors.New("malformed or tampered token")

// codec seals and opens tokens. The payload is JSON, encoded with
// encoding/json/v2's encoder (go-json-experiment/json), three to four
// times as fast as encoding/json's on every request.
type codec struct {
	aead cipher.AEAD
}

func newCodec(seed int64) (*codec, error) {
	key := sha256.New()
	key.Write([]byte("graphlake graphtest delta token key v1"))
	_ = binary.Write(key, binary.BigEndian, seed)
	block, err := aes.NewCipher(key.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("token cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("token cipher: %w", err)
	}
	return &codec{aead: aead}, nil
}

func (c *codec) seal(s *state) string {
	plain, err := jsonv2.Marshal(s)
	if err != nil {
		panic("delta: marshal token state: " + err.Error())
	}
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(c.aead.Seal(nonce, nonce, plain, nil))
}

func (c *codec) open(token string) (*state, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < c.aead.NonceSize() {
		return nil, errBadToken
	}
	n := c.aead.NonceSize()
	plain, err := c.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return nil, errBadToken
	}
	var s state
	if err := jsonv2.Unmarshal(plain, &s); err != nil {
		return nil, errBadToken
	}
	return &s, nil
}
