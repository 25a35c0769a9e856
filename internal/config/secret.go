package config

import (
	"fmt"
	"log/slog"
	"strconv"
)

// redacted is what a secret prints as.
const redacted = "[redacted]"

// Secret is a string that never prints: fmt (every verb), JSON, text
// marshalling and slog all show "[redacted]". Reveal returns the value.
type Secret string

// Reveal returns the secret's value, for the one place that needs it.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer.
func (Secret) GoString() string { return redacted }

// Format implements fmt.Formatter, so that no verb (%x, %d …) leaks it.
func (Secret) Format(f fmt.State, verb rune) { writeRedacted(f, verb) }

// MarshalJSON writes the redaction, not the secret.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(redacted)), nil }

// MarshalText writes the redaction, not the secret.
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

func writeRedacted(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = f.Write([]byte(strconv.Quote(redacted)))
		return
	}
	_, _ = f.Write([]byte(redacted))
}
