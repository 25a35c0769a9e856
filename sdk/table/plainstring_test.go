package table

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// plainStringByByte is plainString as one loop over the bytes: the
// definition the word-at-a-time checks must agree with.
func plainStringByByte(body []byte) bool {
	for _, c := range body {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(body)
}

// TestPlainStringAgreesByteByByte holds plainString to its definition on
// every single byte at every place of a word, and on random strings of
// ASCII, characters past it, bytes that are not UTF-8 and the bytes that
// need unescaping.
func TestPlainStringAgreesByteByByte(t *testing.T) {
	check := func(body []byte) {
		t.Helper()
		if got, want := plainString(body), plainStringByByte(body); got != want {
			t.Fatalf("plainString(%q) = %v, want %v", body, got, want)
		}
	}
	for c := range 256 {
		for n := 1; n <= 17; n++ {
			for at := range n {
				body := []byte("abcdefghijklmnopq")[:n]
				body[at] = byte(c)
				check(body)
			}
		}
	}
	pieces := []string{"a", "Z", "0", " ", "~", "\x7f", "é", "€", "𝄞", "\xff", "\x80", "\xe2\x82", "\x1f", "\x00", "\"", "\\", "!", "#", "[", "]", "\x7e"}
	r := rand.New(rand.NewPCG(4, 12))
	for range 200_000 {
		var body []byte
		for range r.IntN(40) {
			if r.IntN(8) == 0 {
				body = append(body, pieces[r.IntN(len(pieces))]...)
			} else {
				body = append(body, byte(0x20+r.IntN(0x5f)))
			}
		}
		check(body)
	}
}

// BenchmarkPlainString measures plainString on the users benchmark's
// kinds of values.
func BenchmarkPlainString(b *testing.B) {
	values := [][]byte{
		[]byte("3fa85f64-5717-4562-b3fc-2c963f66afa6"), []byte("Given123 Surname45"), []byte("Given123.Surname45812@contoso.com"),
		[]byte("Title 12"), []byte("Marketing"), []byte("12/4821"), []byte("+1 206 555 0134"), []byte("Zoë Ångström"),
	}
	for b.Loop() {
		for _, v := range values {
			if !plainString(v) {
				b.Fatal(string(v))
			}
		}
	}
}
