package config

import "github.com/hashicorp/hcl/v2"

// DefaultCompactEvery is Lake.CompactEvery when the pipeline does not set it.
const DefaultCompactEvery = 24

// MaxCompactEvery bounds compact_every: readers of the current state read
// up to that many rounds of change log after the snapshot.
const MaxCompactEvery = 10000

// Lake is the optional lake block, how the lake is kept:
//
//	lake { compact_every = 24 }
type Lake struct {
	// CompactEvery (compact_every, default 24, 0 to 10000) is how many
	// rounds pass between current-state snapshots: every that many rounds,
	// a round writes every table's live rows under current/ before it
	// commits, so that reading the current state reads one snapshot and at
	// most that many rounds of changes. 0 turns automatic compaction off
	// (`etl compact` still writes a snapshot on demand).
	CompactEvery int
}

var lakeSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "compact_every"}}}

// lake decodes the pipeline's lake blocks: none (the defaults) or one.
func (d *decoder) lake(blocks hcl.Blocks) Lake {
	l := Lake{CompactEvery: DefaultCompactEvery}
	if len(blocks) == 0 {
		return l
	}
	for _, extra := range blocks[1:] {
		d.errorf(extra.DefRange, "Duplicate lake block",
			"A pipeline takes one lake block and the first is at line %d; merge the two or remove this one.", blocks[0].DefRange.Start.Line)
	}
	c := d.content(blocks[0].Body, lakeSchema, "a lake block")
	l.CompactEvery = d.integer(c.Attributes, "compact_every", DefaultCompactEvery, 0, MaxCompactEvery)
	return l
}
