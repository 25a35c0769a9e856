package main

import (
	"context"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/store"
)

// roundHooks are a crash test's settings for `etl run`, read by testHooks:
// only the crashpoints build (crashpoints.go) sets them; the zero value,
// all a production build has, changes nothing.
type roundHooks struct {
	// crash hears every crashpoint step.
	crash crashpoint.Hook
	// checkpointEvery overrides how often a state checkpoint is written.
	checkpointEvery int64
}

// crashUploadBytes is how much of an object a local folder holds before
// its writes count as crashpoint.Upload: past the store's write buffer, so
// the bytes are in the temporary file.
const crashUploadBytes = 1 << 20

// crashingStore reports crashpoint.Upload after every write to an object
// of a local folder that holds crashUploadBytes: the temporary file is
// part written and not renamed yet. (An S3 store reports each stored part
// itself.)
type crashingStore struct {
	store.Store
	crash crashpoint.Hook
}

// Create starts an object whose writes are reported.
func (s crashingStore) Create(ctx context.Context, name string) (store.Writer, error) {
	w, err := s.Store.Create(ctx, name)
	if err != nil {
		return nil, err
	}
	return &crashingWriter{Writer: w, crash: s.crash}, nil
}

type crashingWriter struct {
	store.Writer
	crash   crashpoint.Hook
	written int64
}

func (w *crashingWriter) Write(p []byte) (int, error) {
	n, err := w.Writer.Write(p)
	w.written += int64(n)
	if err == nil && w.written >= crashUploadBytes {
		w.crash.Call(crashpoint.Upload)
	}
	return n, err
}
