package table

import (
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestColumnsMatchArrowBuilders: every column built in Go memory (column)
// holds what arrow-go's builders make of the same values, refused ones
// included (a refused value leaves nothing behind, also halfway through a
// list), across batches cut at random rows, and passes
// array.ValidateRecordFull as the host runs it on every batch.
func TestColumnsMatchArrowBuilders(t *testing.T) {
	tests := []struct {
		name string
		typ  Type
		vals []string // "" is an absent value
	}{
		{"string", String(), []string{`"abc"`, `"a\"b\u00e9"`, `"é"`, `""`, `null`, ``, `12`, `"\ud800"`}},
		{"json", JSON(), []string{`{"a": 1}`, `[1,2]`, `"x"`, `null`, ``, `{"a":`}},
		{"bool", Bool(), []string{`true`, `false`, `null`, ``, `"yes"`}},
		{"int64", Int64(), []string{`1`, `-5`, `1e3`, `null`, ``, `1.5`, `"1"`}},
		{"float64", Float64(), []string{`1.5`, `-2`, `null`, ``, `"x"`}},
		{"timestamp", Timestamp(), []string{`"2024-05-01T10:00:00Z"`, `"2024-05-01T10:00:00.123+02:00"`, `null`, ``, `"May 1st"`}},
		{"date", Date(), []string{`"2024-05-01"`, `null`, ``, `"2024-05-01T00:00:00Z"`}},
		{"list of strings", List(String()), []string{`["a","b"]`, `[]`, `null`, ``, `["a",1]`, `{}`, `["x", null]`}},
		{"list of int64", List(Int64()), []string{`[1,2,3]`, `[]`, `null`, ``, `[1,"x"]`}},
		{"list of bools", List(Bool()), []string{`[true,false,null]`, `null`, ``, `[true,2]`}},
		{"list of timestamps", List(Timestamp()), []string{`["2024-05-01T10:00:00Z"]`, `[]`, `null`, `["bad"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newColumn(tt.typ, &recycler{})
			if got == nil {
				t.Fatalf("%s is not built in Go memory", tt.typ)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			want := newBuilderColumn(mem, tt.typ)
			defer mem.AssertSize(t, 0)
			defer want.b.Release()
			rng := rand.New(rand.NewPCG(7, uint64(len(tt.name))))
			refused := 0
			for batch := range 5 {
				rows := 0
				for range rng.IntN(300) {
					raw := []byte(tt.vals[rng.IntN(len(tt.vals))])
					if len(raw) == 0 {
						raw = nil
					}
					errGot, errWant := stageRow(got, raw, rows), stageRow(want, raw, rows)
					if (errGot == nil) != (errWant == nil) || errGot != nil && errGot.Error() != errWant.Error() {
						t.Fatalf("value %s: error %v, arrow-go's builder %v", raw, errGot, errWant)
					}
					if errGot != nil {
						refused++
					} else {
						rows++
					}
				}
				a, b := newArray(got.newData()), newArray(want.newData())
				if !array.Equal(a, b) {
					t.Errorf("batch %d: got %v, arrow-go's builder %v", batch, a, b)
				}
				schema := arrow.NewSchema([]arrow.Field{{Name: "c", Type: tt.typ.Arrow(), Nullable: true}}, nil)
				rec := array.NewRecordBatch(schema, []arrow.Array{a}, int64(a.Len()))
				if err := array.ValidateRecordFull(rec); err != nil {
					t.Errorf("batch %d: %v", batch, err)
				}
				rec.Release()
				a.Release()
				b.Release()
			}
			if refused == 0 {
				t.Error("no value was refused: the test did not roll anything back")
			}
		})
	}
}

// stageRow appends raw as the row after the first n, as Builder.finishRow
// does: a refused value is cut off again.
func stageRow(c column, raw []byte, n int) error {
	if err := c.stage(raw); err != nil {
		c.cut(n)
		return err
	}
	c.keep()
	return nil
}

// TestBitmap: a bitmap holds the bits appended, through runs of set bits
// kept as a count, unset ones, and cuts back inside a byte and across
// bytes, and counts its unset bits.
func TestBitmap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for round := range 2000 {
		var m bitmap
		var model []bool
		for range rng.IntN(40) {
			if rng.IntN(6) == 0 {
				keep := rng.IntN(len(model) + 1)
				m.truncate(keep)
				model = model[:keep]
				continue
			}
			set := rng.IntN(4+round%5) != 0
			m.add(set)
			model = append(model, set)
		}
		zeros := 0
		for _, set := range model {
			if !set {
				zeros++
			}
		}
		if m.n != len(model) || m.zeros != zeros {
			t.Fatalf("round %d: %d bits, %d unset; want %d, %d", round, m.n, m.zeros, len(model), zeros)
		}
		n := m.n
		bits := m.values(&recycler{}).Bytes()
		if len(bits) != (n+7)/8 {
			t.Fatalf("round %d: %d bits in %d bytes", round, n, len(bits))
		}
		for i, set := range model {
			if got := bits[i>>3]&(1<<(i&7)) != 0; got != set {
				t.Fatalf("round %d: bit %d is %v, want %v", round, i, got, set)
			}
		}
		if n&7 != 0 && bits[n>>3]>>(n&7) != 0 {
			t.Fatalf("round %d: bits past the %d appended are set: %08b", round, n, bits[n>>3])
		}
	}
}
