package parquetout_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"

	_ "github.com/graphlake/graphlake/internal/parquetout" // registers the page codec
)

// TestPagesCarryNoChecksum: the host's zstd pages are frames without a
// content checksum (the file's SHA-256 covers them), which arrow-go's
// codec reads back unchanged.
func TestPagesCarryNoChecksum(t *testing.T) {
	codec, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		t.Fatal(err)
	}
	page := bytes.Repeat([]byte("displayName,givenName,surname,mail,"), 500)
	frame := codec.Encode(nil, page)
	if len(frame) < 5 || binary.LittleEndian.Uint32(frame) != 0xFD2FB528 {
		t.Fatalf("the page is not a zstd frame: % x", frame[:min(len(frame), 8)])
	}
	// The frame header's descriptor: bit 2 is Content_Checksum_flag.
	if frame[4]&0x04 != 0 {
		t.Errorf("the page's frame carries a content checksum (descriptor %08b)", frame[4])
	}
	got := codec.Decode(nil, frame)
	if !bytes.Equal(got, page) {
		t.Errorf("the page reads back as %d bytes, want the %d written", len(got), len(page))
	}
}
