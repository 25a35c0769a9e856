package manifest

import (
	"time"

	"github.com/graphlake/graphlake/sdk/wire"
)

// FormatVersion is the entry format this build writes, unless an entry
// holds a field of a later format (see Entry.NeededFormat), and the oldest
// it reads. Format 2 records changed streams only and names a state
// checkpoint.
const FormatVersion = 2

// NewestFormat is the newest entry format this build reads and writes.
// Format 3 adds the rounds of each chain a sharded lake's snapshot covers
// (CurrentRef.Covers). An entry is written in the oldest format that holds
// its fields, so that an older etl refuses only the entries it would
// misread (and, when signed, call altered: see Signer).
const NewestFormat = formatCovers

// formatCovers is the format that introduced CurrentRef.Covers.
const formatCovers = 3

// Kinds of entries.
const (
	// KindSync is a round of syncing.
	KindSync = "sync"
	// KindReset forgets the deltaLinks of its streams: the next round of
	// each is a full one. It writes no data.
	KindReset = "reset"
	// KindCompact writes a current-state snapshot (Current) and nothing
	// else: no streams, no change-log files (see `etl compact`).
	KindCompact = "compact"
	// KindSigningKey hands the chain to a new signing key: signed by the
	// key in force, it names the key that signs the entries after it
	// (NextSigningKey; see `etl rotate-signing-key`). It writes no data.
	KindSigningKey = "signing-key"
	// KindRekey re-seals every stream's deltaLink under a new state key in
	// a checkpoint of its own round (State; see `etl rekey`). It writes no
	// data and changes no stream's position.
	KindRekey = "rekey"
)

// Entry is one committed round.
type Entry struct {
	Format      int       `json:"format"`
	Pipeline    string    `json:"pipeline"`
	Round       int64     `json:"round"`
	Kind        string    `json:"kind"`
	RunID       string    `json:"run_id"`
	StartedAt   time.Time `json:"started_at"`
	CommittedAt time.Time `json:"committed_at"`
	HostVersion string    `json:"host_version"`
	// Previous is the SHA-256 of the previous entry's bytes; empty for
	// round 1.
	Previous string `json:"previous_sha256"`
	// Chain is the chain the entry belongs to, recorded as "shard" for a
	// shard of a sharded pipeline and absent in the root chain (the zero
	// Chain).
	Chain Chain `json:"shard,omitzero"`
	// Seq is the entry's place in its shard chain, from 1, dense: it
	// names the entry (_manifest/shards/<chain>/<seq>.json), so that
	// create-if-absent guards a shard chain as the round number guards
	// the root chain, while Round stays global across chains. Absent in
	// the root chain.
	Seq int64 `json:"seq,omitempty"`
	// State names the newest state checkpoint, written by this round or an
	// earlier one; the round's full stream state is that checkpoint with
	// the entries after it applied.
	State *StateRef `json:"state,omitempty"`
	// Current names the newest current-state snapshot, written by this
	// round or an earlier one, like State (see CurrentRef).
	Current *CurrentRef `json:"current,omitempty"`
	// Streams are the streams whose state this round changed, and the
	// failed ones (whose state it kept).
	Streams []Stream `json:"streams"`
	// Unchanged counts the streams that ran, found nothing new and kept
	// their deltaLink (see the runner's link refresh).
	Unchanged int64  `json:"unchanged_streams,omitempty"`
	Files     []File `json:"files"`
	// NextSigningKey, in an entry of kind signing-key, is the key that
	// signs the chain's entries after this one.
	NextSigningKey *PublicKeyRef `json:"next_signing_key,omitempty"`
	// Signature signs every other byte of the entry (see Signer); absent
	// in entries written without audit.signing_key.
	Signature *Signature `json:"signature,omitempty"`
}

// StateRef names a state checkpoint.
type StateRef struct {
	// Round is the round whose state the checkpoint holds.
	Round int64 `json:"round"`
	// Path is the checkpoint's object name.
	Path string `json:"path"`
	// SHA256 hashes the checkpoint's bytes.
	SHA256 string `json:"sha256"`
	// Streams counts its streams.
	Streams int64 `json:"streams"`
}

// Stream is one stream's part of a round.
type Stream struct {
	Source string `json:"source"`
	Stream string `json:"stream"`
	// Mode is how the stream's round began (see wire.Mode); empty when
	// the checkpoint named none (a stream that failed or ended may not).
	Mode        wire.Mode `json:"mode,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	// StartLinkSHA256 and EndLinkSHA256 hash the deltaLink the round started
	// from and the one it obtained, so auditors can follow the chain.
	StartLinkSHA256 string `json:"start_link_sha256,omitempty"`
	EndLinkSHA256   string `json:"end_link_sha256,omitempty"`
	// DeltaLink is the obtained deltaLink, sealed under the state key
	// (held raw in memory: see SealedLink).
	DeltaLink SealedLink `json:"delta_link_sealed,omitempty"`
	Pages     int64      `json:"pages"`
	Upserts   int64      `json:"upserts"`
	Deletes   int64      `json:"deletes"`
	// Status is how the stream's round ended (see wire.Status); a reset
	// records wire.StatusReset.
	Status wire.Status `json:"status"`
	Error  string      `json:"error,omitempty"`
	// Reason says why a resync-mode stream read everything again (or, for
	// a reset, why it will).
	Reason string `json:"reason,omitempty"`
	// Swept counts the rows the stream held that the round deleted
	// because Graph never announced their deletion: not returned by the
	// stream's full round (tombstones with _removed_reason "resync"), or
	// left by a stream that ended and returned by no other ("ended").
	Swept int64 `json:"swept,omitempty"`
}

// File is one Parquet file a round wrote.
type File struct {
	Table  string `json:"table"`
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// NeededFormat is the oldest format that holds every field e sets:
// FormatVersion unless its snapshot reference records covered chains.
func (e *Entry) NeededFormat() int {
	if e.Current != nil && len(e.Current.Covers) > 0 {
		return formatCovers
	}
	return FormatVersion
}

// Rows sums the rows of the entry's files.
func (e *Entry) Rows() int64 {
	var n int64
	for _, f := range e.Files {
		n += f.Rows
	}
	return n
}

// Deletes sums the streams' deletions.
func (e *Entry) Deletes() int64 {
	var n int64
	for _, s := range e.Streams {
		n += s.Deletes
	}
	return n
}

// Number is the number that names the entry in its chain (see
// Chain.EntryName): Seq in a shard chain, Round in the root chain.
func (e *Entry) Number() int64 { return e.Chain.number(e) }
