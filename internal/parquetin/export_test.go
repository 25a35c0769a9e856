package parquetin

import (
	"context"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/graphlake/graphlake/internal/store"
)

// OpenFileSpooled is OpenFile with every file checked in a temporary
// file, whatever its size.
var OpenFileSpooled = func(ctx context.Context, s store.Store, f File) (*file.Reader, error) {
	return openFile(ctx, s, f, -1)
}
