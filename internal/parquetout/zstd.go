package parquetout

import (
	"fmt"
	"runtime"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/klauspost/compress/zstd"
)

// pageWindow is the zstd window of Parquet pages. Each page is compressed
// on its own, and pages are about DataPageSize (at most 1 MiB here), so a
// longer window finds no more matches.
const pageWindow = 1 << 20

// pageLevel is the zstd level of Parquet pages: klauspost's fastest, about
// zstd level 1. On pages of a users round it compresses about 1.8 times as
// fast as the default (level 3) for 3% more bytes; with the dictionary
// where values repeat (see chooseColumns), zstd was a fifth of the host's
// CPU at the default level.
const pageLevel = zstd.SpeedFastest

// Pages carry no zstd checksum (the frame's xxhash64 of the page, 1% of
// the host's Parquet instructions): the manifest records the SHA-256 of
// every file, which covers every page, and the host checks it before it
// reads a page back (parquetin).

// pageCodec is arrow-go's zstd codec with encoders sized for pages.
// arrow-go's own keeps encoders with the default 8 MiB window, whose
// history buffers take 16 MiB each, in a sync.Pool that every garbage
// collection empties: a third of the host's live heap in a users round,
// allocated again and again. Decoding is arrow-go's.
type pageCodec struct {
	compress.Codec
	enc *zstd.Encoder
}

// Encode compresses one page at pageLevel.
func (c pageCodec) Encode(dst, src []byte) []byte { return c.enc.EncodeAll(src, dst[:0]) }

// EncodeLevel compresses one page; the level is the one Encode uses, as
// the host never sets another.
func (c pageCodec) EncodeLevel(dst, src []byte, _ int) []byte { return c.Encode(dst, src) }

// DecodeWithError decodes one page with arrow-go's codec.
func (c pageCodec) DecodeWithError(dst, src []byte) ([]byte, error) {
	if ec, ok := c.Codec.(compress.ErrorCodec); ok {
		return ec.DecodeWithError(dst, src)
	}
	return c.Codec.Decode(dst, src), nil
}

// The codec registry is arrow-go's and process-wide: the host's Parquet
// files are all written through it.
func init() {
	base, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		panic(fmt.Sprintf("arrow-go has no zstd codec: %v", err))
	}
	enc, err := zstd.NewWriter(nil, zstd.WithWindowSize(pageWindow), zstd.WithEncoderLevel(pageLevel),
		zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithZeroFrames(true), zstd.WithAllLitEntropyCompression(true), zstd.WithEncoderCRC(false))
	if err != nil {
		panic(fmt.Sprintf("zstd encoder: %v", err))
	}
	compress.RegisterCodec(compress.Codecs.Zstd, pageCodec{Codec: base, enc: enc})
}
