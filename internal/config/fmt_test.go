package config

import (
	"encoding/json"
	"fmt"
)

// fmtAll renders v every way a log line might.
func fmtAll(v any) string {
	b, _ := json.Marshal(v)
	return fmt.Sprintf("%v %+v %#v %s", v, v, v, b)
}
