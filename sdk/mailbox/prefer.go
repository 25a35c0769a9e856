package mailbox

import "github.com/graphlake/graphlake/sdk"

// keepPrefer returns s with LegacyPrefer when its stored deltaLink was
// made with it: Prefer is part of a stream's fingerprint, and raising a
// default page size must not re-read every folder of every mailbox. New
// streams, and streams that start over for another reason, use Prefer.
func (b *mailboxRun) keepPrefer(s sdk.DeltaStream) sdk.DeltaStream {
	if b.LegacyPrefer == nil {
		return s
	}
	st, ok := b.Req.Streams.Get(s.ID)
	if !ok || st.DeltaLink == "" || st.Fingerprint == s.Fingerprint() {
		return s
	}
	legacy := s
	legacy.Prefer = b.LegacyPrefer
	if st.Fingerprint == legacy.Fingerprint() {
		return legacy
	}
	return s
}
