package mailbox

import (
	"fmt"
	"strings"

	"github.com/graphlake/graphlake/sdk"
)

// The page sizes of a mailbox source's page_size attribute: the Prefer:
// odata.maxpagesize sent when a block sets none, and the most Outlook
// serves in one page.
const (
	DefaultPageSize = 500
	MaxPageSize     = 1000
)

// CheckPageSize reports a page_size outside 1 to MaxPageSize.
func CheckPageSize(n int) []sdk.Diagnostic {
	if n < 1 || n > MaxPageSize {
		return []sdk.Diagnostic{sdk.Errorf("page_size", "page_size out of range", "It must be between 1 and %d, not %d.", MaxPageSize, n)}
	}
	return nil
}

// CheckSelect reports the entries of a select attribute that are not one
// property name each; noun names the resource's items in the message
// ("message") and example lists two of their properties.
func CheckSelect(names []string, noun string, example ...string) []sdk.Diagnostic {
	quoted := make([]string, len(example))
	for i, e := range example {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	var diags []sdk.Diagnostic
	for _, p := range names {
		if p == "" || strings.ContainsAny(p, ",/ ()$") {
			diags = append(diags, sdk.Errorf("select", "Invalid property name in select",
				"%q is not a %s property name; list one property per string, e.g. [%s].", p, noun, strings.Join(quoted, ", ")))
		}
	}
	return diags
}
