package manifest

import (
	"errors"
	"fmt"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// dropStreams decodes the streams of entry e, while e itself is decoded,
// one at a time into a scratch value that is then dropped, when the
// fields already decoded say that e's state checkpoint is of e's own
// round: that checkpoint already holds every stream's state after e, so
// a round starting from e replays none of its streams (see LoadState),
// and at 100,000 changed streams they are 90 MB decoded. Each stream is
// still decoded with the same rules, so that an entry reads or fails as
// it does whole; only Streams stays nil. etl writes "state" before
// "streams" (Entry's field order); an entry in another order is decoded
// whole.
//
// With which set to dropAllStreams, the streams of every entry are
// dropped so, whatever its checkpoint: for a reader that needs only the
// entry's other fields.
func dropStreams(e *Entry, which entryStreams) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, streams *[]Stream) error {
		checkpointed := e.State != nil && e.State.Round >= e.Round
		if which == dropCheckpointedStreams && !checkpointed || dec.PeekKind() != '[' {
			return errors.ErrUnsupported // decoded as usual
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			var s Stream
			if err := jsonv2.UnmarshalDecode(dec, &s, checkedStrings); err != nil {
				return err
			}
		}
		if _, err := dec.ReadToken(); err != nil {
			return fmt.Errorf("streams: %w", err)
		}
		*streams = nil
		return nil
	})
}

// entryStreams says which entries' streams readEntry keeps.
type entryStreams int

const (
	// keepStreams keeps every entry's streams.
	keepStreams entryStreams = iota
	// dropCheckpointedStreams drops the streams of an entry whose state
	// checkpoint is of its own round (see dropStreams).
	dropCheckpointedStreams
	// dropAllStreams drops every entry's streams.
	dropAllStreams
)

// checkedStrings decodes a dropped stream's string fields as strings are
// decoded, checked the same (a JSON string, valid UTF-8, or null, which
// leaves the field as it is) but never copied out of the decoder's
// buffer: a stream's sealed deltaLink and link hashes are most of its
// bytes, and every one of them was allocated only to be dropped (about
// 9 MB at 11,000 streams). The sealed deltaLink is checked as SealedLink
// reads it; the other named string types (Mode, Status) keep their own
// decoding.
var checkedStrings = jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
	jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *string) error {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if k := v.Kind(); k != '"' && k != 'n' {
			return &jsonv2.SemanticError{JSONKind: k, GoType: reflect.TypeFor[string]()}
		}
		return nil
	}),
	// A sealed link is read as SealedLink reads it, and dropped.
	jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, _ *SealedLink) error {
		_, err := readLinkText(dec)
		return err
	}),
))
