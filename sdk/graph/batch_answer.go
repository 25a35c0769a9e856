package graph

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/go-json-experiment/json/jsontext"
)

// batchResponse is one request's answer within a batch's answer.
type batchResponse struct {
	status int
	header http.Header
	body   []byte // aliases the batch's answer
}

// parseBatchAnswer reads a batch's answer, one JSON object {"responses":
// [{"id", "status", "headers", "body"}, …]} and nothing after it, into the
// responses by id (ids are compared as
// sent: the batcher's are digits). A body that is a JSON value is kept as
// its bytes; a string is a base64 body (Graph sends bodies that are not
// JSON so). A response without a valid status, or an id seen twice, fails
// the whole answer: the batcher then sends the requests alone.
func parseBatchAnswer(data []byte) (map[string]batchResponse, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(data), envelopeOptions...)
	if err := expectDelim(dec, '{', "the batch answer is not a JSON object"); err != nil {
		return nil, err
	}
	var out map[string]batchResponse
	var scratch []byte
	for dec.PeekKind() != '}' {
		name, err := memberName(dec, &scratch)
		if err != nil {
			return nil, malformed(err)
		}
		if !nameIs(name, "responses") {
			if err := dec.SkipValue(); err != nil {
				return nil, malformed(err)
			}
			continue
		}
		if err := expectDelim(dec, '[', "responses is not an array"); err != nil {
			return nil, err
		}
		out = map[string]batchResponse{}
		for dec.PeekKind() != ']' {
			id, r, err := batchResponseOf(dec, data, &scratch)
			if err != nil {
				return nil, err
			}
			if _, dup := out[id]; dup {
				return nil, fmt.Errorf("%w: batch answer: response id %q came twice", ErrMalformed, escapeText(id))
			}
			out[id] = r
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, malformed(err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, malformed(err)
	}
	// As a page's (parseEnvelope), the answer is one JSON value: what
	// follows it makes it no answer, not a shorter one.
	if _, err := dec.ReadValue(); err != io.EOF {
		return nil, fmt.Errorf("%w: batch answer: data after the top-level value", ErrMalformed)
	}
	if out == nil {
		return nil, fmt.Errorf("%w: batch answer has no responses", ErrMalformed)
	}
	return out, nil
}

// batchResponseOf reads one element of responses; scratch holds a member
// name with escapes.
func batchResponseOf(dec *jsontext.Decoder, data []byte, scratch *[]byte) (string, batchResponse, error) {
	var id string
	r := batchResponse{header: http.Header{}}
	if err := expectDelim(dec, '{', "a response is not a JSON object"); err != nil {
		return "", r, err
	}
	for dec.PeekKind() != '}' {
		name, err := memberName(dec, scratch)
		if err != nil {
			return "", r, malformed(err)
		}
		switch {
		case nameIs(name, "id"):
			tok, err := dec.ReadToken()
			if err != nil {
				return "", r, malformed(err)
			}
			id = tok.String() // a number's text, too
		case nameIs(name, "status"):
			tok, err := dec.ReadToken()
			if err != nil {
				return "", r, malformed(err)
			}
			status, ierr := int64(0), error(nil)
			if tok.Kind() == '0' {
				status, ierr = tok.Int()
			}
			if tok.Kind() != '0' || ierr != nil {
				return "", r, fmt.Errorf("%w: batch answer: status is not a whole number", ErrMalformed)
			}
			r.status = int(status)
		case nameIs(name, "headers"):
			err = batchHeaders(dec, r.header)
		case nameIs(name, "body"):
			var v jsontext.Value
			if v, err = dec.ReadValue(); err == nil {
				end := int(dec.InputOffset())
				r.body = data[end-len(v) : end : end]
				if v.Kind() == '"' {
					var s []byte
					s, err = jsontext.AppendUnquote(nil, v)
					r.body = base64Body(string(s))
				}
			}
		default:
			err = dec.SkipValue()
		}
		if err != nil {
			return "", r, malformed(err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return "", r, malformed(err)
	}
	if id == "" || r.status < 100 || r.status > 999 {
		return "", r, fmt.Errorf("%w: batch answer: a response lacks an id or a status", ErrMalformed)
	}
	return id, r, nil
}

// batchHeaders reads a response's headers object into h; a value that is
// not a string (or null) fails the answer.
func batchHeaders(dec *jsontext.Decoder, h http.Header) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	if err := expectDelim(dec, '{', "headers is not a JSON object"); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String() // the token is valid until the next read
		if tok, err = dec.ReadToken(); err != nil {
			return err
		}
		switch tok.Kind() {
		case '"':
			h.Add(name, tok.String())
		case 'n':
		default:
			return fmt.Errorf("%w: batch answer: header %q is not a string", ErrMalformed, escapeText(name))
		}
	}
	_, err := dec.ReadToken()
	return err
}
