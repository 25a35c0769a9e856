package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// streamsMarker is the source of the one stream that stands for an
// entry's streams while EncodeTo encodes the rest of it: a NUL byte
// begins it, which no stream name etl records holds.
const streamsMarker = "\x00graphlake: the entry's streams go here"

// EncodeTo writes to w the bytes Encode returns for e, encoding one
// stream at a time: an entry in which 600,000 streams changed is most of
// a gigabyte encoded, which Encode builds whole and then indents into a
// second copy. The entry's other fields are encoded with one stream that
// marks its place; that stream's text is replaced by every stream's, each
// indented as json.MarshalIndent indents an element of the entry's
// streams (two levels deep), so that the bytes are Encode's byte for
// byte. An entry with no streams is encoded as Encode encodes it.
func EncodeTo(w io.Writer, e *Entry) error {
	if len(e.Streams) == 0 {
		b, err := Encode(e)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	envelope := *e
	envelope.Streams = []Stream{{Source: streamsMarker}}
	b, err := Encode(&envelope)
	if err != nil {
		return err
	}
	marker, err := encodeStream(&envelope.Streams[0])
	if err != nil {
		return fmt.Errorf("encode manifest entry for round %d: %w", e.Round, err)
	}
	// The marker's text holds line breaks, which no JSON string does:
	// it is found only where the marker stream was encoded.
	at := bytes.Index(b, marker)
	if at < 0 || bytes.Count(b, marker) != 1 {
		return fmt.Errorf("encode manifest entry for round %d: the streams' place was not found once", e.Round)
	}
	if _, err := w.Write(b[:at]); err != nil {
		return err
	}
	for i := range e.Streams {
		if i > 0 {
			if _, err := io.WriteString(w, streamSeparator); err != nil {
				return err
			}
		}
		sb, err := encodeStream(&e.Streams[i])
		if err != nil {
			return fmt.Errorf("encode manifest entry for round %d: stream %s/%s: %w", e.Round, e.Streams[i].Source, e.Streams[i].Stream, err)
		}
		if _, err := w.Write(sb); err != nil {
			return err
		}
	}
	_, err = w.Write(b[at+len(marker):])
	return err
}

// streamIndent is the indent of an entry's streams, two levels deep, and
// streamSeparator what json.MarshalIndent writes between two of them.
const (
	streamIndent    = "    "
	streamSeparator = ",\n" + streamIndent
)

// encodeStream encodes s as json.MarshalIndent encodes it as an element
// of an entry's streams.
func encodeStream(s *Stream) ([]byte, error) {
	return json.MarshalIndent(s, streamIndent, "  ")
}
