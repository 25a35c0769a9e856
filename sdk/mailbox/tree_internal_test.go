package mailbox

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// TestABadNestedFolderFailsTheTreeStreamOnly: a nested folder of the tree
// walk that cannot become a row (here, no id where judge reads it) is
// Graph's answer's fault: it fails the tree stream, as a Graph error
// does, and is not taken for a failure to emit to the host (emitError),
// which would end the round for every mailbox.
func TestABadNestedFolderFailsTheTreeStreamOnly(t *testing.T) {
	f := newFolderRound("u", NewFilter(nil, nil, nil), map[string]string{}, &priorMailbox{})
	b := &mailboxRun{Mailbox: &Mailbox{}}
	err := b.walked(t.Context(), f, "u/folders/tree", table.Object{"id": json.RawMessage(`7`)}, "f1", true)
	var emitErr *emitError
	if !errors.Is(err, sdk.ErrBadItem) || errors.As(err, &emitErr) {
		t.Fatalf("walked = %v (%T), want sdk.ErrBadItem, not an emitError", err, err)
	}
}
