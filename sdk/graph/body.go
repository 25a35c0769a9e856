package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/graphlake/graphlake/sdk/internal/jsonscan"
)

// envelope is the envelope of one collection or delta page. Value's items
// alias the page's body; Value is nil when the page has no value array.
type envelope struct {
	Value []json.RawMessage
	Next  string
	Delta string
}

// errBodyTooLarge is returned by bodyReader past its limit.
var errBodyTooLarge = errors.New("response body too large")

// bodyReader limits a response body and remembers whether the transport
// failed while reading it, which tells a body cut short (worth a retry)
// from a complete body that is not valid JSON (ErrMalformed).
type bodyReader struct {
	r     io.Reader
	n     int64 // bytes read so far
	limit int64
	err   error // the transport's error, other than io.EOF
}

// Read reads at most one byte past the limit, and fails once it has.
func (b *bodyReader) Read(p []byte) (int, error) {
	if b.n > b.limit {
		return 0, errBodyTooLarge
	}
	if room := b.limit + 1 - b.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if err != nil && err != io.EOF {
		b.err = err
	}
	if b.n > b.limit {
		return n, errBodyTooLarge
	}
	return n, err
}

// failure classifies err, met reading through b: a transport error is
// retryable (the body was cut short), a body past the limit is
// ErrMalformed. It returns nil for any other error, the reader's to name.
func (b *bodyReader) failure(err error) error {
	switch {
	case b.err != nil:
		return &retryable{err: fmt.Errorf("read response body: %w", b.err)}
	case errors.Is(err, errBodyTooLarge):
		return fmt.Errorf("%w: body exceeds the limit of %s", ErrMalformed, sizeString(b.limit))
	}
	return nil
}

// decodeBody decodes one JSON value from body into v and classifies the
// failure: a transport error is retryable, anything else is ErrMalformed.
func decodeBody(body io.Reader, limit int64, v any) error {
	br := &bodyReader{r: body, limit: limit}
	err := json.NewDecoder(br).Decode(v)
	if err == nil {
		return nil
	}
	if f := br.failure(err); f != nil {
		return f
	}
	return fmt.Errorf("%w: decode body: %v", ErrMalformed, err)
}

// readBody reads a whole body into buf's storage, growing it as needed with
// bytes acquired from lease (the Client's page memory budget, which may
// make it wait), and classifies the failure as decodeBody does
// (bodyReader.failure). It returns the bytes read, also on failure, so the
// caller keeps the grown buffer, whose capacity lease holds.
func readBody(ctx context.Context, body io.Reader, limit int64, buf []byte, lease *memLease) ([]byte, error) {
	br := &bodyReader{r: body, limit: limit}
	buf = buf[:0]
	defer lease.bodyDone()
	for {
		if len(buf) == cap(buf) {
			size := max(min(2*int64(cap(buf)), limit+1), minPageBuffer, int64(len(buf))+1)
			if err := lease.grow(ctx, size-int64(cap(buf))); err != nil {
				return buf, fmt.Errorf("wait for page memory: %w", err)
			}
			var grown []byte
			if size == minPageBuffer {
				grown = lease.m.spare.get()
			}
			if grown == nil {
				grown = make([]byte, 0, size)
			}
			grown = grown[:len(buf)]
			copy(grown, buf)
			buf = grown
		}
		n, err := br.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			if f := br.failure(err); f != nil {
				return buf, f
			}
			return buf, fmt.Errorf("read response body: %w", err)
		}
	}
}

// parseEnvelope checks that data is one valid JSON value and reads the
// page envelope from it in place: the items alias data. Member names match
// as encoding/json matches struct fields, ignoring case.
func parseEnvelope(data []byte) (envelope, error) {
	var env envelope
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v) // only for its message
		return env, fmt.Errorf("%w: decode body: %v", ErrMalformed, err)
	}
	obj, err := jsonscan.NewObject(jsonscan.TrimSpace(data))
	if err != nil {
		return env, fmt.Errorf("%w: decode body: the body is not a JSON object", ErrMalformed)
	}
	for {
		key, val, ok, err := obj.Next()
		if err != nil {
			return env, fmt.Errorf("%w: decode body: %v", ErrMalformed, err)
		}
		if !ok {
			return env, nil
		}
		switch k := string(key); {
		case strings.EqualFold(k, "value"):
			if env.Value, err = pageItems(val); err != nil {
				return env, err
			}
		case strings.EqualFold(k, "@odata.nextLink"):
			err = linkValue(val, &env.Next)
		case strings.EqualFold(k, "@odata.deltaLink"):
			err = linkValue(val, &env.Delta)
		}
		if err != nil {
			return env, fmt.Errorf("%w: decode body: %s: %v", ErrMalformed, key, err)
		}
	}
}

// pageItems lists the elements of a page's value array; nil for null.
func pageItems(val []byte) ([]json.RawMessage, error) {
	if jsonscan.IsNull(val) {
		return nil, nil
	}
	arr, err := jsonscan.NewArray(val)
	if err != nil {
		return nil, fmt.Errorf("%w: decode body: value is not an array", ErrMalformed)
	}
	items := make([]json.RawMessage, 0, 64)
	for {
		item, ok, err := arr.Next()
		if err != nil {
			return nil, fmt.Errorf("%w: decode body: value: %v", ErrMalformed, err)
		}
		if !ok {
			return items, nil
		}
		items = append(items, item)
	}
}

// linkValue reads a link, a JSON string or null, into dst.
func linkValue(val []byte, dst *string) error {
	if jsonscan.IsNull(val) {
		*dst = ""
		return nil
	}
	return json.Unmarshal(val, dst)
}

// sizeString prints a byte count in MiB when it is a whole number of them.
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
