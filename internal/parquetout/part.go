package parquetout

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/graphlake/graphlake/internal/store"
)

// part is one Parquet file being streamed to the store.
type part struct {
	file File
	out  store.Writer
	sink *sink
	fw   *pqarrow.FileWriter
	// groupRows counts the rows of the buffered row group.
	groupRows int64
}

// openPart creates the object name in o.Store and starts a Parquet file
// for first's schema, its encodings chosen from first (writerProps).
func openPart(ctx context.Context, o Options, table, name string, first arrow.RecordBatch) (*part, error) {
	out, err := o.Store.Create(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("start Parquet file: %w", err)
	}
	sk := newSink(out)
	fw, err := pqarrow.NewFileWriter(first.Schema(), sk, writerProps(o, first), arrowProps())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start Parquet file %s: %w", o.Store.Location(name), err), out.Abort(ctx))
	}
	return &part{file: File{Table: table, Path: name}, out: out, sink: sk, fw: fw}, nil
}

// write buffers rec into the current row group.
func (p *part) write(rec arrow.RecordBatch) error {
	if err := p.fw.WriteBuffered(rec); err != nil {
		return fmt.Errorf("write %d rows to %s: %w", rec.NumRows(), p.file.Path, err)
	}
	p.file.Rows += rec.NumRows()
	p.groupRows += rec.NumRows()
	return nil
}

// buffered estimates the bytes of the row group not yet flushed to the
// store: its finished pages, compressed, with dictionary pages already
// written. Each column's open page and unwritten dictionary are not
// counted, so the estimate lags by up to the data page size plus the
// dictionary page size limit, before compression, per column.
func (p *part) buffered() int64 { return p.fw.RowGroupTotalBytesWritten() }

// size estimates the file's length if it were closed now.
func (p *part) size() int64 { return p.sink.n + p.buffered() }

// newRowGroup flushes the buffered row group and starts another.
func (p *part) newRowGroup() error {
	if err := p.fw.NewBufferedRowGroupChecked(); err != nil {
		return fmt.Errorf("flush row group of %s: %w", p.file.Path, err)
	}
	p.groupRows = 0
	return nil
}

// commit writes the footer and makes the file visible in the store. On
// error the object is aborted.
func (p *part) commit(ctx context.Context) (File, error) {
	if err := p.fw.Close(); err != nil {
		return File{}, errors.Join(fmt.Errorf("finish Parquet file %s: %w", p.file.Path, err), p.out.Abort(ctx))
	}
	if err := p.out.Commit(ctx); err != nil {
		return File{}, errors.Join(fmt.Errorf("commit Parquet file %s: %w", p.file.Path, err), p.out.Abort(ctx))
	}
	p.file.Bytes, p.file.SHA256 = p.sink.n, p.sink.sum()
	return p.file, nil
}

// abort discards the file. The Parquet writer is dropped unclosed: closing
// it would only write the buffered row group to an object being thrown away.
func (p *part) abort(ctx context.Context) error {
	if err := p.out.Abort(ctx); err != nil {
		return fmt.Errorf("discard %s: %w", p.file.Path, err)
	}
	return nil
}
