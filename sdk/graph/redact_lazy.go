package graph

import "log/slog"

// redacted is a link for a log record, redacted only when a handler
// resolves the record: a debug line about every page (a mail round sends
// one page per stream) then costs nothing while debug is off, where an
// eager Redact hashed and parsed every link.
type redacted string

// LogValue is Redact of the link.
func (r redacted) LogValue() slog.Value { return slog.StringValue(Redact(string(r))) }

// String is Redact of the link, for a handler that formats the value
// without resolving it.
func (r redacted) String() string { return Redact(string(r)) }
