package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// SpoolMemory is how many of a Spool's bytes it holds in memory; the rest
// go to a temporary file.
const SpoolMemory = 16 << 20

// Spool is a Body written as a stream: its first SpoolMemory bytes are
// held in memory (memBlocks), the rest in a temporary file of the system's
// temporary folder ($TMPDIR, else /tmp), which Close removes. A manifest
// entry in which 600,000 streams changed is most of a gigabyte; spooled,
// the process holds 16 MiB of it. Once read, it is not written again.
// The zero value is empty and ready; Close it when done.
type Spool struct {
	mem  memBlocks
	file *os.File
	w    *bufio.Writer // over file, flushed before the first read
	size int64
	err  error // the first failure to write or flush the file
}

// Write appends p, to the temporary file once the memory holds
// SpoolMemory bytes.
func (s *Spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n := 0
	if room := SpoolMemory - s.mem.Size(); room > 0 {
		k := int(min(room, int64(len(p))))
		s.mem.Write(p[:k])
		n, p = k, p[k:]
	}
	if len(p) > 0 {
		if s.file == nil {
			f, err := os.CreateTemp("", "graphlake-spool-*")
			if err != nil {
				s.err = fmt.Errorf("spool past %d MiB to a temporary file (set TMPDIR to a writable folder): %w", SpoolMemory>>20, err)
				return n, s.err
			}
			s.file, s.w = f, bufio.NewWriterSize(f, 256<<10)
		}
		k, err := s.w.Write(p)
		n += k
		if err != nil {
			s.err = fmt.Errorf("spool to %s: %w", s.file.Name(), err)
			return n, s.err
		}
	}
	s.size += int64(n)
	return n, nil
}

// Size is the number of bytes written.
func (s *Spool) Size() int64 { return s.size }

// ReadAt reads len(p) bytes from off, or those up to the end and io.EOF.
func (s *Spool) ReadAt(p []byte, off int64) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if off < 0 {
		return 0, errors.New("store: Spool.ReadAt: negative offset")
	}
	n := 0
	if off < s.mem.Size() {
		k, err := s.mem.ReadAt(p, off)
		if err != nil && err != io.EOF {
			return k, err
		}
		n, p, off = k, p[k:], off+int64(k)
	}
	if len(p) == 0 {
		return n, nil
	}
	if s.file == nil {
		return n, io.EOF
	}
	if s.w.Buffered() > 0 {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("spool to %s: %w", s.file.Name(), err)
			return n, s.err
		}
	}
	k, err := s.file.ReadAt(p, off-s.mem.Size())
	return n + k, err
}

// Close removes the temporary file, if there is one.
func (s *Spool) Close() error {
	if s.file == nil {
		return nil
	}
	err := errors.Join(s.file.Close(), os.Remove(s.file.Name()))
	s.file, s.w = nil, nil
	return err
}
