package parquetout_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

func TestFileMetadata(t *testing.T) {
	ctx := context.Background()
	s := newLake(t)
	files := writeBatches(t, testOptions(s), 3, 50, 4)
	f := files[0]
	md := fileMeta(t, s, f.Path)
	t.Run("Bytes and SHA256 describe the stored object", func(t *testing.T) {
		b, err := s.Get(ctx, f.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if int64(len(b)) != f.Bytes || hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Fatalf("stored %d bytes with SHA-256 %x; File says %d and %s", len(b), sum, f.Bytes, f.SHA256)
		}
	})
	t.Run("every column chunk is compressed with zstd", func(t *testing.T) {
		for rg := range md.NumRowGroups() {
			for c := range md.Schema.NumColumns() {
				cc, err := md.RowGroup(rg).ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if cc.Compression() != compress.Codecs.Zstd {
					t.Fatalf("row group %d column %s: codec %s", rg, cc.PathInSchema(), cc.Compression())
				}
			}
		}
	})
	t.Run("timestamps are TIMESTAMP(MILLIS, isAdjustedToUTC=true)", func(t *testing.T) {
		col := md.Schema.Column(md.Schema.ColumnIndexByName("_synced_at"))
		ts, ok := col.LogicalType().(schema.TimestampLogicalType)
		if !ok || ts.TimeUnit() != schema.TimeUnitMillis || !ts.IsAdjustedToUTC() || col.PhysicalType() != parquet.Types.Int64 {
			t.Fatalf("%s %s; want INT64 TIMESTAMP(MILLIS, UTC)", col.PhysicalType(), col.LogicalType())
		}
	})
	t.Run("the Arrow schema is stored in the footer", func(t *testing.T) {
		if md.KeyValueMetadata().FindValue("ARROW:schema") == nil {
			t.Fatal("no ARROW:schema key")
		}
	})
}
