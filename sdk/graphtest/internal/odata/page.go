package odata

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// ContentType is the Content-Type of Graph's JSON answers.
const ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// Page is one page of a collection, as Graph writes it.
type Page[T ~[]byte] struct {
	// Context is the @odata.context URL.
	Context string
	// NextLink and DeltaLink are written when set, in that order.
	NextLink, DeltaLink string
	// Items are the page's items, each a JSON object, in order.
	Items []T
}

// WritePage writes p with a 200 and Graph's content type:
// {"@odata.context":…,"@odata.nextLink":…,"@odata.deltaLink":…,"value":[…]}.
func WritePage[T ~[]byte](w http.ResponseWriter, p Page[T]) {
	b := append([]byte(`{"@odata.context":`), jsonString(p.Context)...)
	if p.NextLink != "" {
		b = append(append(b, `,"@odata.nextLink":`...), jsonString(p.NextLink)...)
	}
	if p.DeltaLink != "" {
		b = append(append(b, `,"@odata.deltaLink":`...), jsonString(p.DeltaLink)...)
	}
	b = append(b, `,"value":[`...)
	for i, it := range p.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	b = append(b, "]}"...)
	w.Header().Set("Content-Type", ContentType)
	_, _ = w.Write(b)
}

// jsonString encodes s as a JSON string, without escaping &, < and > (a
// link's query keeps its &, as Graph writes it).
func jsonString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
