package crashpoint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Steps of a round, in the order a round reaches them.
const (
	// Fetch: a batch of rows arrived from a plugin, not yet written.
	Fetch = "fetch"
	// Parquet: a batch was written into a Parquet file that is still open.
	Parquet = "parquet"
	// Upload: a file is part written to the store: on S3 a part of a
	// multipart upload is stored and the upload is not completed; on a
	// local folder the temporary file holds at least 1 MiB and is not
	// renamed.
	Upload = "upload"
	// FilesDurable: every file of the round is closed and stored; no state
	// checkpoint and no entry yet.
	FilesDurable = "files-durable"
	// Checkpoint: the round's state checkpoint is stored, the entry not.
	Checkpoint = "checkpoint"
	// BeforeCommit: the entry is about to be created.
	BeforeCommit = "before-commit"
	// AfterCommit: the entry exists (the round is committed), HEAD still
	// names the round before.
	AfterCommit = "after-commit"
	// AfterHead: HEAD names the new round; nothing is left to do.
	AfterHead = "after-head"
)

// Steps lists every step in order.
var Steps = []string{Fetch, Parquet, Upload, FilesDurable, Checkpoint, BeforeCommit, AfterCommit, AfterHead}

// Hook is called as a round passes a step. A nil Hook does nothing; use
// Call.
type Hook func(step string)

// Call calls h with step if h is set.
func (h Hook) Call(step string) {
	if h != nil {
		h(step)
	}
}

// Parse reads "step" or "step:n" (the n-th time the step is reached,
// counting from 1; default 1).
func Parse(spec string) (step string, n int, err error) {
	step, count, hasCount := strings.Cut(strings.TrimSpace(spec), ":")
	if !slices.Contains(Steps, step) {
		return "", 0, fmt.Errorf("crash point %q: the step is one of %s", spec, strings.Join(Steps, ", "))
	}
	n = 1
	if hasCount {
		if n, err = strconv.Atoi(count); err != nil || n < 1 {
			return "", 0, fmt.Errorf("crash point %q: the count after the colon is a number from 1", spec)
		}
	}
	return step, n, nil
}

// At returns a Hook that calls crash the n-th time step is reached, and
// does nothing at any other step or time. It is safe for concurrent use.
func At(step string, n int, crash func()) Hook {
	var mu sync.Mutex
	seen := 0
	return func(s string) {
		if s != step {
			return
		}
		mu.Lock()
		seen++
		hit := seen == n
		mu.Unlock()
		if hit {
			crash()
		}
	}
}
