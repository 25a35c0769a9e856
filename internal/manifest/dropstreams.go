package manifest

import (
	"errors"
	"fmt"

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
func dropStreams(e *Entry) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, streams *[]Stream) error {
		if e.State == nil || e.State.Round < e.Round || dec.PeekKind() != '[' {
			return errors.ErrUnsupported // decoded as usual
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			var s Stream
			if err := jsonv2.UnmarshalDecode(dec, &s); err != nil {
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
