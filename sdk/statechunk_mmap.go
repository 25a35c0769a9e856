//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package sdk

import (
	"fmt"
	"syscall"
)

// newStateChunk returns an empty chunk of at least size bytes for the
// prior states, mapped outside the Go heap: the states of 100,000 streams
// (70 MB) then neither count toward the heap the garbage collector lets
// grow to twice what it keeps, nor wait for it to be returned to the
// system. It falls back to the heap if the system refuses.
func newStateChunk(size int) (c []byte, mapped bool) {
	page := syscall.Getpagesize()
	size = (size + page - 1) / page * page
	c, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]byte, 0, size), false
	}
	return c[:0], true
}

// freeStateChunk returns a mapped chunk to the system.
func freeStateChunk(c []byte) error {
	if err := syscall.Munmap(c[:cap(c)]); err != nil {
		return fmt.Errorf("unmap the prior states: %w", err)
	}
	return nil
}

// discardStateChunk gives a mapped chunk's pages back to the system while
// it stays mapped: the bytes read as zeros afterwards (they are zeroed
// first, for systems where the advice does not discard).
func discardStateChunk(c []byte) {
	_ = syscall.Madvise(c[:cap(c)], syscall.MADV_DONTNEED) // advice: nothing to do if refused
}
