package delta

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
)

// Query is what the first request of a round chain asked for. It travels in
// every token, so later requests cannot change it (except a new $select on a
// directory deltaLink, which Graph allows).
type Query struct {
	Resource    Resource `json:"r"`
	Path        string   `json:"dir,omitempty"`
	UserID      string   `json:"u,omitempty"`
	FolderID    string   `json:"f,omitempty"`
	Select      uint64   `json:"s"`
	Explicit    bool     `json:"x,omitempty"`
	IDs         []string `json:"i,omitempty"`
	ReceivedOp  string   `json:"ro,omitempty"`
	Received    string   `json:"rv,omitempty"`
	Top         int      `json:"t,omitempty"`
	Descending  bool     `json:"o,omitempty"`
	ChangeType  string   `json:"ct,omitempty"`
	ImmutableID bool     `json:"im,omitempty"`
	// TopLevel limits a folders round to the mailbox's top-level folders;
	// for folders, FolderID names the parent of a childFolders round.
	TopLevel bool `json:"tl,omitempty"`
	// Tree is the Outlook tree of a folders or items round (Target.Tree).
	Tree uint8       `json:"tr,omitempty"`
	Raw  [][2]string `json:"q,omitempty"` // the original query options, for Location
}

// state is a token's payload: the query plus the position in a round.
type state struct {
	Epoch  uint64 `json:"e"`
	Issued int64  `json:"at"`
	Query  Query  `json:"q"`
	// Delta marks a deltaLink token (start of the next round).
	Delta bool `json:"d,omitempty"`
	// Initial marks a full round; otherwise the round covers changes in
	// (From, Upper].
	Initial bool   `json:"n,omitempty"`
	From    uint32 `json:"fr,omitempty"`
	Upper   uint32 `json:"up,omitempty"`
	// End bounds an initial round's object indexes.
	End uint32 `json:"end,omitempty"`
	// Cursor is the next object index (initial rounds), the last consumed
	// log sequence number (incremental rounds) or the next $filter id.
	Cursor uint32 `json:"c,omitempty"`
	// LinkProp and LinkOff resume a relationship split across pages.
	LinkProp int    `json:"lp,omitempty"`
	LinkOff  int    `json:"lo,omitempty"`
	Sent     int    `json:"sent,omitempty"`
	Page     uint32 `json:"p,omitempty"`

	// fresh marks a round that starts with this request: it is pinned to
	// the collection's current sequence number.
	fresh bool
}

// errBadToken reports a token that does not decode or authenticate.
var errBadToken = errors.New("malformed or tampered token")

// codec seals and opens tokens.
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
	plain, err := json.Marshal(s)
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
	if err := json.Unmarshal(plain, &s); err != nil {
		return nil, errBadToken
	}
	return &s, nil
}
