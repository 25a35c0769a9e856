// Package fault injects the failures a Graph client must survive: throttling
// with (fractional) Retry-After, 503 and 504, slow responses, connections
// cut mid-body, 403 and 404 for chosen paths, and page-level faults the
// delta engine applies when asked (repeated items, shuffled order, empty
// pages, the beta nextLink quirk, pages carrying both links).
//
// Rules are configuration, set and read as JSON through the admin API:
//
//	{"seed": 1, "rules": [{"kind": "throttle", "match": "/users/delta", "every": 3, "retry_after": 1.5}]}
//	{"rules": [{"kind": "cut", "times": 1}]}
//
// A rule fires on matching requests (Match is a substring of path and
// query; empty matches all), on every Nth one (Every), or at random with a
// seeded probability (Rate), after letting the first After pass, at most
// Times times. With neither Every nor Rate it fires on each match.
//
// The package does not know Graph's routes or its delta protocol; it only
// decides and writes the injected responses.
package fault
