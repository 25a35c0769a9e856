package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// envelope is the envelope of one collection or delta page. Items stay raw.
type envelope struct {
	Value []json.RawMessage `json:"value"`
	Next  string            `json:"@odata.nextLink"`
	Delta string            `json:"@odata.deltaLink"`
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

// decodeBody decodes one JSON value from body into v and classifies the
// failure: a transport error is retryable, anything else is ErrMalformed.
func decodeBody(body io.Reader, limit int64, v any) error {
	br := &bodyReader{r: body, limit: limit}
	err := json.NewDecoder(br).Decode(v)
	switch {
	case err == nil:
		return nil
	case br.err != nil:
		return &retryable{err: fmt.Errorf("read response body: %w", br.err)}
	case errors.Is(err, errBodyTooLarge):
		return fmt.Errorf("%w: body exceeds the limit of %s", ErrMalformed, sizeString(limit))
	}
	return fmt.Errorf("%w: decode body: %v", ErrMalformed, err)
}

// sizeString prints a byte count in MiB when it is a whole number of them.
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
