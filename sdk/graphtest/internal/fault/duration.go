package fault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// maxSeconds is the longest Duration a number of seconds may give.
const maxSeconds = float64(math.MaxInt64 / int64(time.Second))

// Duration is a time.Duration that JSON writes as a Go duration string
// ("250ms") and reads from such a string or from a number of seconds (1.5).
type Duration time.Duration

// String formats d as a Go duration.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a Go duration string or a number of seconds; null
// leaves d unchanged.
func (d *Duration) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var text string
	if err := json.Unmarshal(b, &text); err == nil {
		v, err := time.ParseDuration(text)
		if err != nil {
			return fmt.Errorf("duration %q: want a Go duration such as \"250ms\" or a number of seconds", text)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil || math.Abs(secs) > maxSeconds {
		return fmt.Errorf("duration %s: want a Go duration such as \"250ms\" or a number of seconds", b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}
