// Package odata holds the small pieces of Microsoft Graph's OData surface
// that every emulator endpoint shares: the error envelope and the Prefer
// request header.
//
// It does not route requests, hold tenant state or know about delta tokens.
package odata
