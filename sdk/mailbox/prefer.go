package mailbox

import "github.com/graphlake/graphlake/sdk"

// keepPrefer returns s with LegacyPrefer when its stored deltaLink was
// made with it: Prefer is part of a stream's fingerprint, and raising a
// default page size must not re-read every folder of every mailbox. New
// streams, and streams that start over for another reason, use Prefer.
// It compares fingerprints in place (StreamStates.LinkFingerprint): a
// copy of the stored deltaLink per stream was 6% of the mail plugin's
// allocations in an incremental round.
func (b *mailboxRun) keepPrefer(s sdk.DeltaStream) sdk.DeltaStream {
	if b.LegacyPrefer == nil {
		return s
	}
	if b.Req.Streams.LinkFingerprint(s.ID, s.Fingerprint()) {
		return s
	}
	legacy := s
	legacy.Prefer = b.LegacyPrefer
	if b.Req.Streams.LinkFingerprint(s.ID, legacy.Fingerprint()) {
		return legacy
	}
	return s
}
