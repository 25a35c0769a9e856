package manifest

import (
	"context"
	"errors"
	"fmt"

	"github.com/graphlake/graphlake/internal/store"
)

// errInjected is the failure a faultStore answers.
var errInjected = errors.New("injected store failure")

// Operations a faultStore can fail.
const (
	opPut    = "put"    // PutIfAbsent, PutIfAbsentFrom: the entry's create, a chain's registration
	opCreate = "create" // Create's Commit: HEAD, checkpoints
	opRead   = "read"   // Get, Open, Stat
)

// faultStore wraps a store and fails chosen operations on chosen object
// names, before they reach the store: a failed write leaves nothing.
type faultStore struct {
	store.Store
	// fail holds "op name" pairs (see fault).
	fail map[string]bool
}

// fault is the key of op on name in faultStore.fail.
func fault(op, name string) string { return op + " " + name }

func (f *faultStore) check(op, name string) error {
	if f.fail[fault(op, name)] {
		return fmt.Errorf("%s %s: %w", op, name, errInjected)
	}
	return nil
}

func (f *faultStore) PutIfAbsent(ctx context.Context, name string, data []byte) error {
	if err := f.check(opPut, name); err != nil {
		return err
	}
	return f.Store.PutIfAbsent(ctx, name, data)
}

func (f *faultStore) PutIfAbsentFrom(ctx context.Context, name string, body store.Body) error {
	if err := f.check(opPut, name); err != nil {
		return err
	}
	return f.Store.PutIfAbsentFrom(ctx, name, body)
}

func (f *faultStore) Create(ctx context.Context, name string) (store.Writer, error) {
	w, err := f.Store.Create(ctx, name)
	if err != nil {
		return nil, err
	}
	return &faultWriter{Writer: w, err: f.check(opCreate, name)}, nil
}

func (f *faultStore) Get(ctx context.Context, name string) ([]byte, error) {
	if err := f.check(opRead, name); err != nil {
		return nil, err
	}
	return f.Store.Get(ctx, name)
}

func (f *faultStore) Open(ctx context.Context, name string) (store.Reader, error) {
	if err := f.check(opRead, name); err != nil {
		return nil, err
	}
	return f.Store.Open(ctx, name)
}

func (f *faultStore) Stat(ctx context.Context, name string) (store.Info, error) {
	if err := f.check(opRead, name); err != nil {
		return store.Info{}, err
	}
	return f.Store.Stat(ctx, name)
}

// faultWriter fails its Commit with err (when set), aborting the object.
type faultWriter struct {
	store.Writer
	err error
}

func (w *faultWriter) Commit(ctx context.Context) error {
	if w.err != nil {
		_ = w.Writer.Abort(ctx)
		return w.err
	}
	return w.Writer.Commit(ctx)
}
