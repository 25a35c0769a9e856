package store

import (
	"fmt"
	"strings"
)

// tempMarker sits in the base name of every temporary file a Local store
// writes (".<base>.tmp-<random>"), so List can skip them and no object can
// be named like one.
const tempMarker = ".tmp-"

// checkName reports whether name can name an object.
func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty name", ErrInvalidName)
	}
	if strings.HasPrefix(name, "/") || strings.Contains(name, `\`) {
		return fmt.Errorf("%w %q: names are relative and slash-separated", ErrInvalidName, name)
	}
	elems := strings.Split(name, "/")
	for _, e := range elems {
		if e == "" || e == "." || e == ".." {
			return fmt.Errorf("%w %q: empty, \".\" or \"..\" element", ErrInvalidName, name)
		}
	}
	if isTemp(elems[len(elems)-1]) {
		return fmt.Errorf("%w %q: reserved for temporary files", ErrInvalidName, name)
	}
	return nil
}

// checkPrefix reports whether prefix can select objects in List: like a
// name, except that it may be empty or end in a slash.
func checkPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if strings.HasPrefix(prefix, "/") || strings.Contains(prefix, `\`) {
		return fmt.Errorf("%w: prefix %q is not relative and slash-separated", ErrInvalidName, prefix)
	}
	for _, e := range strings.Split(strings.TrimSuffix(prefix, "/"), "/") {
		if e == "" || e == "." || e == ".." {
			return fmt.Errorf("%w: prefix %q has an empty, \".\" or \"..\" element", ErrInvalidName, prefix)
		}
	}
	return nil
}

// isTemp reports whether a base name is one of Local's temporary files.
func isTemp(base string) bool {
	return strings.HasPrefix(base, ".") && strings.Contains(base, tempMarker)
}
