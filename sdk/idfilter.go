package sdk

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"slices"
	"strings"
)

// MaxFilterIDs is Graph's limit on "id eq" terms in one delta $filter.
const MaxFilterIDs = 50

// chunkBoundary makes an id whose hash is a multiple of it end its chunk,
// so that chunks average about 25 ids and stay put when ids come and go.
const chunkBoundary = 32

// IDChunk is one stream's share of a list of tracked object ids.
type IDChunk struct {
	// Key names the chunk after its ids: 12 hex digits of the SHA-256 of
	// the sorted ids. The same ids always give the same key.
	Key string
	// IDs are the chunk's ids, sorted; at most MaxFilterIDs.
	IDs []string
}

// Filter returns the chunk's delta $filter, unescaped:
// "id eq 'a' or id eq 'b'".
func (c IDChunk) Filter() string {
	terms := make([]string, len(c.IDs))
	for i, id := range c.IDs {
		terms[i] = "id eq '" + strings.ReplaceAll(id, "'", "''") + "'"
	}
	return strings.Join(terms, " or ")
}

// ChunkIDs splits ids, sorted and without duplicates, into chunks of at
// most MaxFilterIDs. Chunk boundaries depend on the ids themselves (an id
// whose hash is a multiple of 32 ends a chunk), not on their positions:
// adding or removing an id changes its own chunk, and the next one only
// when its chunk was full, so every other chunk keeps its key and its
// stream keeps its deltaLink.
func ChunkIDs(ids []string) []IDChunk {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var out []IDChunk
	start := 0
	for i, id := range sorted {
		if i+1-start == MaxFilterIDs || boundary(id) || i == len(sorted)-1 {
			out = append(out, newIDChunk(sorted[start:i+1]))
			start = i + 1
		}
	}
	return out
}

func boundary(id string) bool {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id)) // a hash never fails to write
	return h.Sum32()%chunkBoundary == 0
}

func newIDChunk(ids []string) IDChunk {
	sum := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	return IDChunk{Key: hex.EncodeToString(sum[:6]), IDs: slices.Clip(ids)}
}

// CheckIDs reports ids that are not directory object ids: empty, or with
// characters other than letters, digits and '-'.
func CheckIDs(attribute string, ids []string) []Diagnostic {
	for _, id := range ids {
		if id == "" || strings.IndexFunc(id, func(r rune) bool {
			return !(r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
		}) >= 0 {
			return []Diagnostic{Errorf(attribute, "Invalid object id in "+attribute,
				"%q is not a directory object id; list object ids (GUIDs) such as \"2e5807ce-58f3-4a94-9b37-a1b2c3d4e5f6\".", id)}
		}
	}
	return nil
}

// CheckSelect reports property names that cannot be part of a $select:
// empty, or holding ',', '/', ' ', '(', ')' or '$'. what names the
// resource in the message, e.g. "group".
func CheckSelect(attribute, what string, props []string) []Diagnostic {
	for _, p := range props {
		if p == "" || strings.ContainsAny(p, ",/ ()$") {
			return []Diagnostic{Errorf(attribute, "Invalid property name in "+attribute,
				"%q is not a %s property name; list one property per string, e.g. [\"displayName\", \"mail\"].", p, what)}
		}
	}
	return nil
}
