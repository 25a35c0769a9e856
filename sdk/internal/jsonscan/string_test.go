package jsonscan

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// scanByByte is ScanString one byte at a time: the definition the word
// at a time scan must agree with. plain is only claimed up to
// shortString bytes.
func scanByByte(data []byte, i int) (end int, escaped, plain bool, err error) {
	plain = true
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, escaped, plain && j-i-1 < shortString, nil
		case c == '\\':
			escaped, plain = true, false
			j++
		case c < 0x20 || c >= 0x80:
			plain = false
		}
	}
	return 0, false, false, ErrUnterminated
}

// TestScanStringAgreesByteByByte holds ScanString, and StringEnd, to the
// byte loop on random strings of ASCII, escapes (quotes and backslashes
// escaped, runs of backslashes), control characters and bytes past
// ASCII, short and long, terminated or not, at every offset of a buffer
// (words read near its end).
func TestScanStringAgreesByteByByte(t *testing.T) {
	pieces := []string{"a", "Z", " ", "~", `\"`, `\\`, `\\\"`, `\n`, `\u00e9`, "é", "€", "\xff", "\x1f", "\x00", "\x7f", "\\", "\""}
	r := rand.New(rand.NewPCG(6, 12))
	for n := range 300_000 {
		var b bytes.Buffer
		b.WriteString(`{"k":`)
		start := b.Len()
		b.WriteByte('"')
		// Some around shortString, where the scan hands over.
		for range r.IntN(12) + []int{0, 0, 0, 0, 0, 40, 52, 56, 60, 70}[n%10] {
			if r.IntN(6) == 0 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			} else {
				b.WriteByte(byte(0x20 + r.IntN(0x5f)))
			}
		}
		if r.IntN(8) != 0 {
			b.WriteByte('"')
		}
		b.WriteString(`,"x":1}`[:r.IntN(8)])
		data := b.Bytes()
		end, escaped, plain, err := ScanString(data, start)
		wEnd, wEscaped, wPlain, wErr := scanByByte(data, start)
		if end != wEnd || escaped != wEscaped || plain != wPlain || !errors.Is(err, wErr) && (err != nil || wErr != nil) {
			t.Fatalf("ScanString(%q, %d) = %d, %v, %v, %v; want %d, %v, %v, %v", data, start, end, escaped, plain, err, wEnd, wEscaped, wPlain, wErr)
		}
		if e, esc, err := StringEnd(data, start); e != wEnd || esc != wEscaped || (err == nil) != (wErr == nil) {
			t.Fatalf("StringEnd(%q, %d) = %d, %v, %v; want %d, %v, %v", data, start, e, esc, err, wEnd, wEscaped, wErr)
		}
	}
}

// TestSkipSpaceTakesJSONWhiteSpaceOnly: every byte, alone, around a value
// and in runs, against JSON's four white space characters.
func TestSkipSpaceTakesJSONWhiteSpaceOnly(t *testing.T) {
	for c := range 256 {
		space := bytes.IndexByte([]byte(" \t\n\r"), byte(c)) >= 0
		data := []byte{byte(c), byte(c), 'x'}
		want := 0
		if space {
			want = 2
		}
		if got := SkipSpace(data, 0); got != want {
			t.Errorf("SkipSpace(%q, 0) = %d, want %d", data, got, want)
		}
		raw := []byte{byte(c), '1', byte(c)}
		wantRaw := []byte{byte(c), '1', byte(c)}
		if space {
			wantRaw = []byte{'1'}
		}
		if got := TrimSpace(raw); !bytes.Equal(got, wantRaw) {
			t.Errorf("TrimSpace(%q) = %q, want %q", raw, got, wantRaw)
		}
	}
	for _, tt := range []struct {
		data string
		i    int
		want int
	}{{"", 0, 0}, {" \t\n\r", 0, 4}, {" \t\n\r{", 1, 4}, {"\v\f x", 0, 0}, {"  \x00", 0, 2}} {
		if got := SkipSpace([]byte(tt.data), tt.i); got != tt.want {
			t.Errorf("SkipSpace(%q, %d) = %d, want %d", tt.data, tt.i, got, tt.want)
		}
	}
}
