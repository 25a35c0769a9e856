package tenant

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
)

// newGUID returns a version-4-shaped GUID drawn from rng.
func newGUID(rng *rand.Rand) string {
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], rng.Uint64())
	binary.BigEndian.PutUint64(raw[8:], rng.Uint64())
	raw[6] = raw[6]&0x0f | 0x40
	raw[8] = raw[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], raw[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], raw[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], raw[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], raw[8:10])
	out[23] = '-'
	hex.Encode(out[24:], raw[10:])
	return string(out[:])
}

// outlookID returns an Outlook-style opaque id ("AAMkA…=") from a prefix and
// parts; the same parts always give the same id.
func outlookID(prefix string, parts ...uint64) string {
	buf := make([]byte, 0, 8*len(parts)+4)
	for _, p := range parts {
		buf = binary.BigEndian.AppendUint64(buf, mix(p))
	}
	return prefix + base64.URLEncoding.EncodeToString(buf)
}

// mix scrambles a counter so consecutive ids look unrelated.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
