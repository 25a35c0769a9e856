package manifest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// SealedLink is a stream's deltaLink sealed under the state key (see
// sealed.Box.Seal), as a stream's state holds it. The JSON of entries and
// checkpoints carries it as the base64 text Seal returns; in memory, a
// link whose text is canonical standard base64 (every link etl seals) is
// held as its raw bytes, a quarter smaller: at 100,000 mail streams,
// 25 MB of the host's live heap. Any other text is held as it is, so
// that it is written back byte for byte and fails only where it is
// opened, as before. Text gives the base64 back; the zero value is no
// link.
//
// The held form: "" (no link), a 0x00 byte and the raw bytes, a 0x01 byte
// and a text that begins with one of these two bytes, or any other text.
type SealedLink string

// Tags of SealedLink's held form.
const (
	sealedRaw  = 0x00
	sealedText = 0x01
)

// SealedLinkOf holds text, a sealed link's base64 text.
func SealedLinkOf(text string) SealedLink {
	// A view of text's bytes, only read: a 100,000-stream replay would
	// otherwise copy every link once more.
	return sealedLinkOf(unsafe.Slice(unsafe.StringData(text), len(text)))
}

// SealedLinkOfRaw holds raw, a link's sealed bytes (sealed.Box.SealBytes),
// as SealedLinkOf holds their base64 text: a round that seals a link
// holds it so, not as the text, a quarter larger.
func SealedLinkOfRaw(raw []byte) SealedLink {
	held := make([]byte, 1+len(raw))
	held[0] = sealedRaw
	copy(held[1:], raw)
	return SealedLink(unsafe.String(unsafe.SliceData(held), len(held)))
}

// sealedLinkOf is SealedLinkOf of text's bytes.
func sealedLinkOf(text []byte) SealedLink {
	if len(text) == 0 {
		return ""
	}
	if held, ok := canonicalBase64(text); ok {
		// held is new and never written again: the string takes it
		// without a copy.
		return SealedLink(unsafe.String(unsafe.SliceData(held), len(held)))
	}
	if text[0] == sealedRaw || text[0] == sealedText {
		return SealedLink(append([]byte{sealedText}, text...))
	}
	return SealedLink(text)
}

// canonicalBase64 decodes text, after the raw tag, when it is exactly
// what standard base64 encodes its bytes to: padded, no line breaks, zero
// trailing bits.
func canonicalBase64(text []byte) ([]byte, bool) {
	return decodeCanonical(make([]byte, heldLen(text)), text)
}

// heldLen is the room canonicalBase64 needs for text: the tag and the
// bytes it may decode to.
func heldLen(text []byte) int { return 1 + base64.StdEncoding.DecodedLen(len(text)) }

// decodeCanonical is canonicalBase64 into dst, of heldLen(text) bytes at
// least; the held form it returns is dst's start, capped at its length.
func decodeCanonical(dst, text []byte) ([]byte, bool) {
	enc := base64.StdEncoding.Strict()
	n, err := enc.Decode(dst[1:], text)
	if err != nil || enc.EncodedLen(n) != len(text) {
		return nil, false
	}
	dst[0] = sealedRaw
	return dst[: 1+n : 1+n], true
}

// Text is the link's base64 text, as Seal returned it and the JSON holds it.
func (l SealedLink) Text() string {
	switch {
	case l == "":
		return ""
	case l[0] == sealedRaw:
		return base64.StdEncoding.EncodeToString([]byte(l[1:]))
	case l[0] == sealedText:
		return string(l[1:])
	}
	return string(l)
}

// Sealed returns a new copy of the sealed bytes, for sealed.Box.OpenBytes
// to open in place; an error when the link is a text that is not base64.
func (l SealedLink) Sealed() ([]byte, error) { return l.AppendSealed(nil) }

// AppendSealed appends a copy of the sealed bytes to dst (see Sealed), so
// that a caller opening many links reuses one buffer rather than
// allocating a copy of each (100,000 when a round of that many streams
// starts).
func (l SealedLink) AppendSealed(dst []byte) ([]byte, error) {
	if l != "" && l[0] == sealedRaw {
		return append(dst, l[1:]...), nil
	}
	raw, err := base64.StdEncoding.AppendDecode(dst, []byte(l.Text()))
	if err != nil {
		return nil, fmt.Errorf("open sealed value: %w", err)
	}
	return raw, nil
}

// MarshalJSON writes the link's base64 text as a JSON string, the bytes
// encoding/json writes for that text.
func (l SealedLink) MarshalJSON() ([]byte, error) {
	if l != "" && l[0] == sealedRaw {
		raw := []byte(l[1:])
		out := make([]byte, base64.StdEncoding.EncodedLen(len(raw))+2)
		out[0], out[len(out)-1] = '"', '"'
		base64.StdEncoding.Encode(out[1:], raw)
		return out, nil
	}
	return json.Marshal(l.Text())
}

// UnmarshalJSONFrom reads a JSON string (null: no link), as a string
// field reads it.
func (l *SealedLink) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	text, err := readLinkText(dec)
	if err != nil {
		return err
	}
	*l = sealedLinkOf(text)
	return nil
}

// readLinkText reads a sealed link's JSON string and returns its text, nil
// for null; the text is valid until dec's next read.
func readLinkText(dec *jsontext.Decoder) ([]byte, error) {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return nil, err
	case '"':
	default:
		if _, err := dec.ReadValue(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("a sealed deltaLink is a JSON string, not %v", k)
	}
	v, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	// The value's bytes between its quotes, when it has no escape (every
	// link Seal makes): only read here.
	text := []byte(v[1 : len(v)-1])
	if bytes.IndexByte(text, '\\') >= 0 {
		return jsontext.AppendUnquote(nil, v)
	}
	return text, nil
}

// slabBlock is the size of a linkSlab's blocks.
const slabBlock = 256 << 10

// linkSlab holds the sealed links of one checkpoint in blocks of
// slabBlock bytes rather than one allocation each: Go rounds a link's
// ~830 raw bytes up to an 896-byte size class, 7 MB at 100,000 streams,
// and a checkpoint's links live and die together (a state read for one
// round, or one command). A block lives while any link in it does.
type linkSlab struct {
	free []byte // the current block's unused bytes
}

// unmarshaler decodes every SealedLink of a checkpoint line into the slab.
func (s *linkSlab) unmarshaler() *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, l *SealedLink) error {
		text, err := readLinkText(dec)
		if err != nil {
			return err
		}
		*l = s.hold(text)
		return nil
	})
}

// hold is sealedLinkOf(text), its raw bytes held in the slab.
func (s *linkSlab) hold(text []byte) SealedLink {
	need := heldLen(text)
	if len(text) == 0 || need > slabBlock/8 {
		return sealedLinkOf(text)
	}
	if len(s.free) < need {
		s.free = make([]byte, slabBlock)
	}
	held, ok := decodeCanonical(s.free[:need], text)
	if !ok {
		return sealedLinkOf(text) // not canonical: the slab's bytes stay free
	}
	s.free = s.free[len(held):]
	// held is never written again: the string takes it without a copy.
	return SealedLink(unsafe.String(unsafe.SliceData(held), len(held)))
}
