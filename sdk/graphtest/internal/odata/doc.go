// Package odata holds the small pieces of Microsoft Graph's OData surface
// that every emulator endpoint shares: the error envelope, the Prefer
// request header and a collection page's envelope.
//
// It does not route requests, hold tenant state or know about delta tokens.
package odata
