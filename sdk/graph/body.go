package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// envelope is the envelope of one collection or delta page. Value's items
// alias the page's body; Value is nil when the page has no value array.
type envelope struct {
	Value []json.RawMessage
	Next  string
	Delta string
}

// maxPageItems is the most items a page may hold. Graph's pages hold a
// few thousand at most; each item costs a slice entry (24 bytes) beyond its
// bytes, outside the page memory budget, so a page of tiny items within
// the body limit could otherwise cost eight times its size.
const maxPageItems = 1 << 20

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
// page envelope from it in place: the items alias data. It is a single
// validating pass (jsontext, the standalone encoding/json/v2 tokenizer),
// which also finds each item's bounds. As encoding/json does, it accepts
// duplicate member names and invalid UTF-8 inside strings, and matches
// member names ignoring case.
func parseEnvelope(data []byte) (envelope, error) {
	pd := pageDecoders.Get().(*pageDecoder)
	defer pd.put()
	return pd.parse(data)
}

// envelopeOptions are parseEnvelope's decoder options.
var envelopeOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// pageDecoder is a page's decoder and the buffer it reads, reused from
// page to page (pageDecoders): a fresh decoder per page was 2–3% of the
// mail plugin's allocations in an incremental round.
type pageDecoder struct {
	dec jsontext.Decoder
	buf bytes.Buffer
	// name holds a member name that had escapes, unquoted.
	name []byte
}

// pageDecoders holds idle pageDecoders, which alias no page.
var pageDecoders = sync.Pool{New: func() any { return new(pageDecoder) }}

// put forgets the page, which the pool must not keep alive, and returns pd
// to the pool.
func (pd *pageDecoder) put() {
	pd.buf = bytes.Buffer{}
	pd.dec.Reset(&pd.buf, envelopeOptions...)
	pageDecoders.Put(pd)
}

// parse is parseEnvelope with pd's decoder.
func (pd *pageDecoder) parse(data []byte) (envelope, error) {
	var env envelope
	// A bytes.Buffer is read in place: the decoder does not copy data.
	pd.buf = *bytes.NewBuffer(data)
	dec := &pd.dec
	dec.Reset(&pd.buf, envelopeOptions...)
	if err := expectDelim(dec, '{', "the body is not a JSON object"); err != nil {
		return env, err
	}
	for dec.PeekKind() != '}' {
		name, err := memberName(dec, &pd.name)
		if err != nil {
			return env, malformed(err)
		}
		switch {
		case nameIs(name, "value"):
			env.Value, err = pageItems(dec, data)
		case nameIs(name, "@odata.nextLink"):
			err = linkValue(dec, "@odata.nextLink", &env.Next)
		case nameIs(name, "@odata.deltaLink"):
			err = linkValue(dec, "@odata.deltaLink", &env.Delta)
		default:
			err = dec.SkipValue()
		}
		if err != nil {
			return env, malformed(err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return env, malformed(err)
	}
	if _, err := dec.ReadValue(); err != io.EOF {
		return env, fmt.Errorf("%w: decode body: data after the top-level value", ErrMalformed)
	}
	return env, nil
}

// memberName reads an object member's name without making a string of
// it: every page and every response of a batch has a few, and a string
// each was one of the plugin's most frequent allocations in a mail round
// with nothing changed. The name aliases the decoder's buffer (valid
// until the next read) or, when it has escapes, is unquoted into
// *scratch.
func memberName(dec *jsontext.Decoder, scratch *[]byte) ([]byte, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	raw := v[1 : len(v)-1] // a name is a string: the decoder checked it
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw, nil
	}
	// The decoder checked the string's syntax; AppendUnquote's only error
	// left is invalid UTF-8 or a lone surrogate, which encoding/json
	// accepts (replaced by U+FFFD), and so does this.
	*scratch, _ = jsontext.AppendUnquote((*scratch)[:0], v)
	return *scratch, nil
}

// nameIs reports whether a member name is want, ignoring case as
// encoding/json does (strings.EqualFold's folding).
func nameIs(name []byte, want string) bool {
	return bytes.EqualFold(name, []byte(want))
}

// malformed wraps a decoding error as ErrMalformed; one already wrapped
// stays as it is.
func malformed(err error) error {
	if errors.Is(err, ErrMalformed) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: decode body: unexpected end of JSON input", ErrMalformed)
	}
	return fmt.Errorf("%w: decode body: %v", ErrMalformed, err)
}

// expectDelim reads the next token, which must be the delimiter want;
// otherwise the error says what.
func expectDelim(dec *jsontext.Decoder, want jsontext.Kind, what string) error {
	kind := dec.PeekKind()
	if kind == 0 {
		// PeekKind does not say why; ReadToken does.
		_, err := dec.ReadToken()
		return malformed(err)
	}
	if kind != want {
		if err := dec.SkipValue(); err != nil {
			return malformed(err)
		}
		return fmt.Errorf("%w: decode body: %s", ErrMalformed, what)
	}
	_, err := dec.ReadToken()
	return err
}

// pageItems reads a page's value array, null or an array, listing its
// elements as subslices of data; more than maxPageItems is ErrMalformed.
func pageItems(dec *jsontext.Decoder, data []byte) ([]json.RawMessage, error) {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return nil, err
	}
	if err := expectDelim(dec, '[', "value is not an array"); err != nil {
		return nil, err
	}
	// An empty page, every stream's page in a round with nothing changed,
	// allocates no slice: one of 64 was 8% of the mail plugin's
	// allocations in such a round.
	items := []json.RawMessage{}
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		if cap(items) == 0 {
			items = make([]json.RawMessage, 0, 64)
		}
		if len(items) == maxPageItems {
			return nil, fmt.Errorf("%w: the page holds more than %d items", ErrMalformed, maxPageItems)
		}
		// The item's bounds in data: it ends at the decoder's offset.
		end := int(dec.InputOffset())
		items = append(items, data[end-len(v):end:end])
	}
	_, err := dec.ReadToken()
	return items, err
}

// linkValue reads a link, a JSON string or null, into dst.
func linkValue(dec *jsontext.Decoder, key string, dst *string) error {
	tok, err := dec.ReadToken()
	switch {
	case err != nil:
		return err
	case tok.Kind() == 'n':
		*dst = ""
	case tok.Kind() == '"':
		*dst = tok.String()
	default:
		return fmt.Errorf("%w: decode body: %s: want a string, got %s", ErrMalformed, key, tok.Kind())
	}
	return nil
}

// sizeString prints a byte count in MiB when it is a whole number of them.
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
