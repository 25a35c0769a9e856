// Package config loads pipeline files written in HCL: one pipeline block
// with its graph, state, destination and source blocks. Errors come back as
// hcl.Diagnostics that name the file, the line and the fix; each source's
// own attributes are handed on, as JSON with their source ranges, for its
// plugin to check.
//
// The package does not know what a plugin accepts, does not contact Graph
// and does not open the destination.
package config
