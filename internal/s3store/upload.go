package s3store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/graphlake/graphlake/internal/store"
)

// errAborted ends an upload whose writer was aborted.
var errAborted = errors.New("upload aborted")

// upload is an object streaming to S3: writes go through a pipe to the SDK's
// uploader, which sends parts as they fill and aborts the multipart upload
// if the pipe closes with an error.
type upload struct {
	location string
	pw       *io.PipeWriter
	done     chan error
	once     sync.Once
	result   error
	cancel   context.CancelFunc
}

// Create starts streaming a new object; it appears only when Commit
// returns nil.
func (s *Store) Create(ctx context.Context, name string) (store.Writer, error) {
	if err := checkName("create", name); err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	uctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	u := &upload{location: s.Location(name), pw: pw, done: make(chan error, 1), cancel: cancel}
	in := s.putInput(name)
	in.Body = pr
	go func() {
		//lint:ignore SA1019 see New: manager stays until transfermanager reaches v1.
		_, err := s.uploader.Upload(uctx, in)
		pr.CloseWithError(err) // unblock a writer if the upload failed first
		u.done <- err
	}()
	return u, nil
}

// Write sends p to the upload; it blocks while parts are in flight, which
// is what bounds the memory.
func (u *upload) Write(p []byte) (int, error) {
	n, err := u.pw.Write(p)
	if err != nil {
		return n, fmt.Errorf("upload %s: %w", u.location, explain(err))
	}
	return n, nil
}

// Commit ends the object and waits for the store to confirm it.
func (u *upload) Commit(ctx context.Context) error {
	u.finish(ctx, nil)
	if u.result != nil {
		return fmt.Errorf("upload %s: %w", u.location, explain(u.result))
	}
	return nil
}

// Abort abandons the upload; the SDK aborts the multipart upload so no
// parts are left behind. Abort after Commit does nothing.
func (u *upload) Abort(ctx context.Context) error {
	u.finish(ctx, errAborted)
	return nil
}

func (u *upload) finish(ctx context.Context, cause error) {
	u.once.Do(func() {
		if cause != nil {
			_ = u.pw.CloseWithError(cause)
		} else {
			_ = u.pw.Close()
		}
		select {
		case u.result = <-u.done:
		case <-ctx.Done():
			u.cancel()
			u.result = <-u.done
			if u.result == nil {
				u.result = ctx.Err()
			}
		}
		u.cancel()
		if cause != nil && errors.Is(u.result, errAborted) {
			u.result = errAborted
		}
	})
}
