package wire

import "github.com/apache/arrow-go/v18/arrow"

// Event is one thing a round reports: a *Batch, *Checkpoint, *Progress or
// *Diagnostic.
type Event interface{ isEvent() }

// Batch carries rows of one table. The receiver owns Record and releases it.
type Batch struct {
	Table  string
	Record arrow.RecordBatch
}

// EncodedBatch carries rows of one table that the plugin encoded as an
// Arrow IPC stream itself (a schema and one batch, compressed or not): it
// goes to the host as it is, unchecked on the plugin's side (the host
// checks every batch it receives, see internal/pluginhost). Only a plugin
// process sends it; the host receives every batch as a *Batch.
type EncodedBatch struct {
	// Table is the declared table the rows belong to.
	Table string
	// IPC is the Arrow IPC stream.
	IPC []byte
	// Rows is the batch's row count.
	Rows int64
}

// Checkpoint ends one stream's part of a round; it follows all its batches.
type Checkpoint struct {
	Stream      string
	Status      Status
	DeltaLink   string
	Fingerprint string
	// Mode is how the stream's round began.
	Mode                    Mode
	Pages, Upserts, Deletes int64
	Error                   string
	// Reason says why a resync-mode stream read everything again.
	Reason string
}

// Progress reports work done so far on a stream.
type Progress struct {
	Stream      string
	Pages, Rows int64
}

// Severity grades a diagnostic.
type Severity int

// Diagnostic severities.
const (
	SeverityError Severity = iota + 1
	SeverityWarning
)

// Diagnostic is a message for the user; Attribute names the offending
// attribute of the source block, when there is one.
type Diagnostic struct {
	Severity                           Severity
	Summary, Detail, Attribute, Stream string
}

func (*Batch) isEvent()        {}
func (*EncodedBatch) isEvent() {}
func (*Checkpoint) isEvent()   {}
func (*Progress) isEvent()     {}
func (*Diagnostic) isEvent()   {}
