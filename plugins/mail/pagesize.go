package mail

import "fmt"

// legacyPageSize was DefaultPageSize before large pages were preferred.
// While page_size is unset, a stream whose deltaLink was made with it
// keeps it (mailbox.Folders.LegacyPrefer): the page size is part of a
// stream's fingerprint, and raising the default must not re-read every
// folder of every mailbox.
const legacyPageSize = 200

// preferPage is the Prefer of every request at the given page size.
func preferPage(size int) []string {
	return []string{fmt.Sprintf("odata.maxpagesize=%d", size), `IdType="ImmutableId"`}
}
