package main

import (
	"fmt"
	"net/http"

	"github.com/graphlake/graphlake/sdk/graph"
)

// s3HTTPClient is the S3 destination's client when it has a ca_file:
// Graph's client (its CA handling and timeouts) without the bound on
// connections per host that Graph's sets for HTTP/2 dials. S3 speaks
// HTTP/1.1, where that bound would cap the connections in all, and so
// the uploads in flight.
func s3HTTPClient(caPEM []byte) (*http.Client, error) {
	hc, err := graph.NewHTTPClient(caPEM)
	if err != nil {
		return nil, err
	}
	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		return nil, fmt.Errorf("the Graph client's transport is a %T, not an *http.Transport", hc.Transport)
	}
	tr = tr.Clone()
	tr.MaxConnsPerHost = 0
	return &http.Client{Transport: tr}, nil
}
