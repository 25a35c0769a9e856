package store

import "context"

// Leftover is a write that began and never ended, because the process
// writing it died: a Local temporary file, an S3 multipart upload never
// completed nor aborted. List does not show it and no reader sees it, but
// it holds space until removed.
type Leftover struct {
	// Info describes it: Name is the object it was to become, Size what it
	// holds so far, ModTime when it was last written.
	Info
	// ID tells the store which one it is (a temporary file's name, an
	// upload id).
	ID string
}

// Sweeper is a Store whose interrupted writes leave something behind.
type Sweeper interface {
	// Leftovers lists the interrupted writes under the store's root,
	// including those of writes still in progress.
	Leftovers(ctx context.Context) ([]Leftover, error)
	// RemoveLeftover discards one.
	RemoveLeftover(ctx context.Context, l Leftover) error
}
