package wire

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Event is one thing a round reports: a *Batch, *Checkpoint, *Progress,
// *Diagnostic or *GraphStats.
type Event interface{ isEvent() }

// Batch carries rows of one table. The receiver owns Record and releases
// it. The host receives a plugin process's batch into a buffer that it
// reuses for a later batch once Record is released: nothing may keep
// Record's values past its release (a string of array.String.Value
// aliases the batch's buffers; copy what must outlive it).
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

// GraphStats is what a plugin's Graph client sent in a round and how long
// Graph's answers made it wait, by HTTP status: 0 stands for an attempt
// that got no answer (for waits, also a body cut short); 429 and 503 are
// Graph's throttling. A plugin sends it once, as the last event of a Sync,
// when the host asked for it (SyncRequest.GraphStats).
type GraphStats struct {
	// Statuses are the attempts and waits by HTTP status.
	Statuses []GraphStatusStats
	// Batches is the JSON batches ($batch) the client sent, and
	// BatchedRequests the requests they carried (each also counted under
	// its own status in Statuses).
	Batches, BatchedRequests int64
}

// GraphStatusStats is what GraphStats counts for one HTTP status.
type GraphStatusStats struct {
	// Status is the HTTP status, 0 for no answer.
	Status int
	// Requests is the attempts answered with Status, retries included.
	Requests int64
	// Waits is how many times a request waited because of an answer with
	// Status: before retrying after it, or held by another request's
	// Retry-After.
	Waits int64
	// Waited is those waits' total time, summed over the requests.
	Waited time.Duration
}

func (*Batch) isEvent()        {}
func (*GraphStats) isEvent()   {}
func (*EncodedBatch) isEvent() {}
func (*Checkpoint) isEvent()   {}
func (*Progress) isEvent()     {}
func (*Diagnostic) isEvent()   {}
