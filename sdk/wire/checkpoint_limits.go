package wire

import "fmt"

// Limits on what one checkpoint carries. The host records a checkpoint in
// the lake's manifest, which it reads back whole (an entry up to 1 GiB, a
// stream's state in a checkpoint up to 16 MiB), so a stream's fields stay
// small whatever a plugin sends: the host refuses a checkpoint from a
// plugin process over them (CheckCheckpoint), and the SDK never sends one.
const (
	// MaxDeltaLinkBytes caps a deltaLink. Graph's are a few hundred bytes
	// to a few KB (skiptokens over 1 KB are seen), and Graph has answered
	// long URLs with 400 "Request Too Long" (GRAPH-DELTA.md §6.8): a link
	// of 64 KiB could not be followed anyway.
	MaxDeltaLinkBytes = 64 << 10
	// MaxFingerprintBytes caps a stream's fingerprint (the SDK's are 64
	// hex digits).
	MaxFingerprintBytes = 1 << 10
	// MaxModeBytes caps a checkpoint's mode (the vocabulary's are words).
	MaxModeBytes = 64
	// MaxTextBytes caps a plugin's texts: a checkpoint's Error and Reason,
	// a diagnostic's Summary, Detail, Attribute and Stream. Longer text
	// is cut (CutText), not refused.
	MaxTextBytes = 8 << 10
)

// CheckCheckpoint says what in cp no host records: a deltaLink, a
// fingerprint or a mode over its limit. A mode outside the vocabulary
// (ModeInitial, ModeIncremental, ModeResync) is recorded as its text.
// Texts are not checked: see CutCheckpointTexts.
func CheckCheckpoint(cp *Checkpoint) error {
	switch {
	case len(cp.DeltaLink) > MaxDeltaLinkBytes:
		return fmt.Errorf("a deltaLink of %d bytes, more than the %d a stream's state holds", len(cp.DeltaLink), MaxDeltaLinkBytes)
	case len(cp.Fingerprint) > MaxFingerprintBytes:
		return fmt.Errorf("a fingerprint of %d bytes, more than %d", len(cp.Fingerprint), MaxFingerprintBytes)
	case len(cp.Mode) > MaxModeBytes:
		return fmt.Errorf("a mode of %d bytes, more than %d", len(cp.Mode), MaxModeBytes)
	}
	return nil
}

// CutCheckpointTexts cuts cp's Error and Reason to MaxTextBytes.
func CutCheckpointTexts(cp *Checkpoint) {
	cp.Error, cp.Reason = CutText(cp.Error, MaxTextBytes), CutText(cp.Reason, MaxTextBytes)
}

// CutDiagnosticTexts cuts d's texts to MaxTextBytes.
func CutDiagnosticTexts(d *Diagnostic) {
	d.Summary, d.Detail = CutText(d.Summary, MaxTextBytes), CutText(d.Detail, MaxTextBytes)
	d.Attribute, d.Stream = CutText(d.Attribute, MaxTextBytes), CutText(d.Stream, MaxTextBytes)
}
