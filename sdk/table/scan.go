package table

import "github.com/graphlake/graphlake/sdk/internal/jsonscan"

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
