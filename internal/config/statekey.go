package config

import "fmt"

// ParseStateKey decodes a state key written as state.key accepts it (32
// bytes, base64 or hex), for keys that come from elsewhere (`etl rekey`'s
// old key). The error never repeats the key.
func ParseStateKey(text string) ([]byte, error) {
	key, problem := parseStateKey(text)
	if problem != "" {
		return nil, fmt.Errorf("the key %s; it must be %d bytes written as base64 or as %d hex digits", problem, StateKeySize, 2*StateKeySize)
	}
	return key, nil
}
