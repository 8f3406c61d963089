package store

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The text of a sent message (outbox.raw) is kept compressed by the server
// with zstd, as one frame: a notice is about 13 KB, mostly HTML and Chinese
// in quoted-printable, and 3 to 4 KB compressed. Sending the compressed
// bytes spares the server's database driver copying a batch's full texts
// into its messages (most of what the relay allocated) and PostgreSQL its
// own compression pass (BENCHMARKS.md, issue 15, sixth round).
//
// Rows written before this keep their text as it was sent. The two are
// told apart by zstd's frame magic, which no message starts with: a
// message starts with a header name, printable ASCII.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// maxMailText bounds what one stored text may expand to, against a
// damaged row: far above any message the relay builds (the largest, a
// supervision report with its workbook, is a few megabytes).
const maxMailText = 256 << 20

var (
	mailEncoder = sync.OnceValue(func() *zstd.Encoder {
		// Errors only come from invalid options.
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true), zstd.WithEncoderCRC(true))
		if err != nil {
			panic(err)
		}
		return e
	})
	mailDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(maxMailText))
		if err != nil {
			panic(err)
		}
		return d
	})
)

// packMailText compresses a sent message's text for the outbox; nil stays
// nil.
func packMailText(raw []byte) []byte {
	if len(raw) == 0 {
		return raw
	}
	return mailEncoder().EncodeAll(raw, make([]byte, 0, len(raw)/3))
}

// unpackMailText returns the text of a stored message: expanded when the
// server compressed it, as stored when an earlier version wrote it.
func unpackMailText(stored []byte) ([]byte, error) {
	if !bytes.HasPrefix(stored, zstdMagic) {
		return stored, nil
	}
	raw, err := mailDecoder().DecodeAll(stored, nil)
	if err != nil {
		return nil, fmt.Errorf("stored mail text: %w", err)
	}
	return raw, nil
}
