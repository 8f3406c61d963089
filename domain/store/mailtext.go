package store

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
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

// Each message's frame is compressed against a dictionary: a few built
// notices, from which zstd takes the headers, the HTML and the template's
// text that every notice repeats. A notice of 13.5 KB is stored in about
// 1.1 KB instead of 3.3, and compressing it takes a third less time
// (BENCHMARKS.md, issue 15, eleventh round). The frame names its
// dictionary by id, and a text can only be read with the dictionary it was
// written with: a shipped dictionary never changes (TestMailDictionaries
// pins each), a new one takes the next number (maildict/N.dict, id
// 0x58540000 + N; notifications/mail's TestWriteMailDictionary writes it)
// and is the one written with, and every one stays for reading. Frames
// written before the first dictionary name none and read as before. The
// files are zstd's own format: "zstd -d -D maildict/N.dict" reads a frame.
//
//go:embed maildict/*.dict
var mailDictFS embed.FS

// mailDicts are the dictionaries, by number; the highest is written with.
var mailDicts = sync.OnceValue(func() map[int][]byte {
	out := map[int][]byte{}
	entries, err := mailDictFS.ReadDir("maildict")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		n, err := strconv.Atoi(strings.TrimSuffix(e.Name(), ".dict"))
		if err != nil {
			panic(fmt.Sprintf("maildict/%s: not a dictionary number", e.Name()))
		}
		if out[n], err = mailDictFS.ReadFile("maildict/" + e.Name()); err != nil {
			panic(err)
		}
	}
	return out
})

var (
	mailEncoder = sync.OnceValue(func() *zstd.Encoder {
		dicts := mailDicts()
		newest := slices.Max(slices.Collect(maps.Keys(dicts)))
		// Errors only come from invalid options or a damaged dictionary,
		// which TestMailDictionaries would have caught. The window covers
		// the dictionary and a notice; the default (4 MB) would be kept
		// as the encoder's history buffer for its life.
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true), zstd.WithEncoderCRC(true),
			zstd.WithEncoderDict(dicts[newest]), zstd.WithWindowSize(256<<10))
		if err != nil {
			panic(err)
		}
		return e
	})
	mailDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(maxMailText), zstd.WithDecoderDicts(slices.Collect(maps.Values(mailDicts()))...))
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
	return mailEncoder().EncodeAll(raw, make([]byte, 0, len(raw)/8))
}

// unpackMailText returns the text of a stored message: expanded when the
// server compressed it, as stored when an earlier version wrote it.
func unpackMailText(stored []byte) ([]byte, error) {
	if !bytes.HasPrefix(stored, zstdMagic) {
		return stored, nil
	}
	raw, err := mailDecoder().DecodeAll(stored, nil)
	if errors.Is(err, zstd.ErrUnknownDictionary) {
		// A text written by a later version, with a dictionary this one
		// does not have (read after a downgrade).
		var h zstd.Header
		_ = h.Decode(stored)
		return nil, fmt.Errorf("stored mail text: written with dictionary %#x, which this version does not have: %w",
			h.DictionaryID, err)
	}
	if err != nil {
		return nil, fmt.Errorf("stored mail text: %w", err)
	}
	return raw, nil
}
