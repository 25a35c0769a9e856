package mail

import (
	"fmt"

	"github.com/graphlake/graphlake/sdk"
)

// legacyPageSize was DefaultPageSize before large pages were preferred.
const legacyPageSize = 200

// preferPage is the Prefer of every request at the given page size.
func preferPage(size int) []string {
	return []string{fmt.Sprintf("odata.maxpagesize=%d", size), `IdType="ImmutableId"`}
}

// keepPageSize returns s at the former default page size when its stored
// deltaLink was made with it and page_size is unset: the page size is part
// of a stream's fingerprint, and raising the default must not re-read
// every folder of every mailbox. New streams, and streams that start over
// for another reason, use the current default.
func (r *round) keepPageSize(s sdk.DeltaStream) sdk.DeltaStream {
	if r.legacyPrefer == nil {
		return s
	}
	st, ok := r.req.Streams[s.ID]
	if !ok || st.DeltaLink == "" || st.Fingerprint == s.Fingerprint() {
		return s
	}
	legacy := s
	legacy.Prefer = r.legacyPrefer
	if st.Fingerprint == legacy.Fingerprint() {
		return legacy
	}
	return s
}
