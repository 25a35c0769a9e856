package pluginhost

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// arrowVerdict is array.ValidateRecordFull's verdict on rec, a panic
// counted as a refusal.
func arrowVerdict(rec arrow.RecordBatch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return array.ValidateRecordFull(rec)
}

// textPieces are the bytes random text arrays are made of: ASCII,
// characters of two, three and four bytes, and bytes that are not UTF-8
// where they stand.
var textPieces = []string{"a", "id-42", "é", "€", "𝄞", "\xff", "\x80", "\xe2\x82", "\xed\xa0\x80", ""}

// randomText is a string array's data of n values over random pieces,
// its offsets cut anywhere (inside characters too), some values null,
// seen from a random offset into it.
func randomText(r *rand.Rand, n int) arrow.ArrayData {
	var b strings.Builder
	for range 1 + r.IntN(3*n+1) {
		b.WriteString(textPieces[r.IntN(len(textPieces))])
	}
	data := []byte(b.String())
	// Most arrays valid: a few invalid pieces are dropped again.
	if r.IntN(2) == 0 {
		data = []byte(strings.ToValidUTF8(string(data), "?"))
	}
	skip := r.IntN(3)
	offsets := make([]int32, skip+n+1)
	for i := 1; i < len(offsets); i++ {
		offsets[i] = offsets[i-1]
		if left := int32(len(data)) - offsets[i]; left > 0 {
			offsets[i] += r.Int32N(min(left, 8) + 1)
		}
	}
	if r.IntN(3) == 0 { // cut on characters' starts only
		for i, o := range offsets {
			for o < int32(len(data)) && data[o]&0xC0 == 0x80 {
				o++
			}
			offsets[i] = max(o, offsets[max(i-1, 0)])
		}
	}
	valid := make([]byte, (skip+n+7)/8+1)
	nulls := 0
	for i := range skip + n {
		if r.IntN(5) > 0 {
			valid[i/8] |= 1 << (i % 8)
		} else if i >= skip {
			nulls++
		}
	}
	bufs := []*memory.Buffer{memory.NewBufferBytes(valid), memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets)), memory.NewBufferBytes(data)}
	return array.NewData(arrow.BinaryTypes.String, n, bufs, nil, nulls, skip)
}

// randomList is a list of strings' data whose values are child.
func randomList(r *rand.Rand, n int, child arrow.ArrayData) arrow.ArrayData {
	offsets := make([]int32, n+1)
	for i := 1; i <= n; i++ {
		offsets[i] = offsets[i-1] + r.Int32N(3)
	}
	if over := offsets[n] - int32(child.Len()); over > 0 {
		for i := range offsets {
			offsets[i] = max(offsets[i]-over, 0)
		}
	}
	bufs := []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets))}
	return array.NewData(arrow.ListOf(arrow.BinaryTypes.String), n, bufs, []arrow.ArrayData{child}, 0, 0)
}

// TestValidateFullGivesArrowsVerdicts holds the host's validation to
// Arrow's own on random text and lists of text, valid and not: values cut
// inside characters, bytes that are not UTF-8, nulls, arrays seen from an
// offset.
func TestValidateFullGivesArrowsVerdicts(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 6))
	var refused, accepted int
	for i := range 3000 {
		n := r.IntN(6)
		text := randomText(r, n)
		values := randomText(r, 1+r.IntN(6))
		list := randomList(r, n, values)
		schema := arrow.NewSchema([]arrow.Field{
			{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
			{Name: "l", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		}, nil)
		cols := []arrow.Array{array.MakeFromData(text), array.MakeFromData(list)}
		rec := array.NewRecordBatch(schema, cols, int64(n))
		want, got := arrowVerdict(rec), validateFull(rec)
		if (want == nil) != (got == nil) {
			t.Fatalf("case %d: validateFull = %v, Arrow says %v", i, got, want)
		}
		if want != nil {
			refused++
			if strings.Contains(want.Error(), "utf8") && !strings.Contains(got.Error(), "utf8") {
				t.Fatalf("case %d: validateFull = %v, want Arrow's words: %v", i, got, want)
			}
		} else {
			accepted++
		}
		rec.Release()
		for _, c := range cols {
			c.Release()
		}
		text.Release()
		values.Release()
		list.Release()
	}
	if refused < 300 || accepted < 300 {
		t.Fatalf("%d refused and %d accepted: the cases do not cover both", refused, accepted)
	}
}

// TestValidateFullRefusesBrokenText names each way a plugin's text can
// be broken, alone and inside a list.
func TestValidateFullRefusesBrokenText(t *testing.T) {
	text := func(data string, offsets ...int32) arrow.ArrayData {
		bufs := []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(offsets)), memory.NewBufferBytes([]byte(data))}
		return array.NewData(arrow.BinaryTypes.String, len(offsets)-1, bufs, nil, 0, 0)
	}
	largeText := func(data string, offsets ...int64) arrow.ArrayData {
		bufs := []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(offsets)), memory.NewBufferBytes([]byte(data))}
		return array.NewData(arrow.BinaryTypes.LargeString, len(offsets)-1, bufs, nil, 0, 0)
	}
	largeList := func(values arrow.ArrayData, offsets ...int64) arrow.ArrayData {
		bufs := []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(offsets))}
		return array.NewData(arrow.LargeListOf(values.DataType()), len(offsets)-1, bufs, []arrow.ArrayData{values}, 0, 0)
	}
	tests := []struct {
		name string
		data arrow.ArrayData
		want string // "" accepts
	}{
		{"large text", largeText("aé€", 0, 1, 3, 6), ""},
		{"large text cut inside a character", largeText("€", 0, 2, 3), "utf8"},
		{"a large list of large text", largeList(largeText("aé", 0, 1, 3), 0, 2), ""},
		{"a large list of large text cut inside a character", largeList(largeText("é", 0, 1, 2), 0, 2), "utf8"},
		{"ASCII", text("abcdef", 0, 3, 6), ""},
		{"characters of every length", text("aé€𝄞", 0, 1, 3, 6, 10), ""},
		{"empty values at the end", text("ab", 0, 2, 2, 2), ""},
		{"a byte that is never UTF-8", text("a\xffb", 0, 1, 3), "utf8"},
		{"a character cut in two", text("€", 0, 1, 3), "utf8"},
		// The ASCII check reads 32 bytes, then 8, then 1 at a time: a
		// byte past ASCII in each stretch.
		{"a character cut in two after 40 ASCII bytes", text(strings.Repeat("a", 40)+"€", 0, 41, 43), "utf8"},
		{"a character cut in two after 32 ASCII bytes", text(strings.Repeat("a", 32)+"€"+strings.Repeat("b", 8), 0, 34, 43), "utf8"},
		{"a character cut in two among 64 ASCII bytes", text(strings.Repeat("a", 10)+"é"+strings.Repeat("b", 60), 0, 11, 72), "utf8"},
		{"64 ASCII bytes cut anywhere", text(strings.Repeat("ab", 32), 0, 1, 33, 63, 64), ""},
		{"a surrogate", text("\xed\xa0\x80", 0, 3), "utf8"},
		{"offsets going backwards", text("hello", 0, 5, 2), "offsets"},
		{"an inner offset past the values", text("hi", 0, 9, 2), "monotonically"},
		{"a list of text cut inside a character", randomList(rand.New(rand.NewPCG(1, 1)), 1, text("é", 0, 1, 2)), "utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := array.MakeFromData(tt.data)
			defer col.Release()
			schema := arrow.NewSchema([]arrow.Field{{Name: "c", Type: col.DataType(), Nullable: true}}, nil)
			rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(col.Len()))
			defer rec.Release()
			err := validateFull(rec)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("validateFull = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "column 0 (c)") {
				t.Fatalf("validateFull = %v, want an error on column 0 (c) containing %q", err, tt.want)
			}
		})
	}
}
