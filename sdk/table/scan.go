package table

import (
	"fmt"

	"github.com/graphlake/graphlake/sdk/internal/jsonscan"
)

// The table's walkers are jsonscan's, with the table's shape errors.

func newArrayIter(raw []byte) (jsonscan.Array, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return jsonscan.Array{}, shapeError("array", raw)
	}
	return jsonscan.NewArray(raw)
}

func newObjectIter(raw []byte) (jsonscan.Object, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return jsonscan.Object{}, shapeError("object", raw)
	}
	return jsonscan.NewObject(raw)
}

func isNull(raw []byte) bool      { return jsonscan.IsNull(raw) }
func trimSpace(raw []byte) []byte { return jsonscan.TrimSpace(raw) }

// stageElements stages each element of the JSON array raw with stage, in
// order, and returns how many there were; an error names the element.
func stageElements(raw []byte, stage func(item []byte) error) (int, error) {
	it, err := newArrayIter(raw)
	if err != nil {
		return 0, err
	}
	for {
		item, ok, err := it.Next()
		if err != nil {
			return 0, fmt.Errorf("element %d: %w", it.Len(), err)
		}
		if !ok {
			return it.Len(), nil
		}
		if err := stage(item); err != nil {
			return 0, fmt.Errorf("element %d: %w", it.Len()-1, err)
		}
	}
}
