package mail

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

var writeMailDict = flag.String("write-mail-dict", "",
	"write a new dictionary for the outbox's stored texts to this file, domain/store/maildict/N.dict (never over an existing one)")

// TestWriteMailDictionary writes a dictionary the stored text of a sent
// message is compressed against (domain/store/maildict): zstd's dictionary
// format, with the id 0x58540000 + N of its file's number N, whose history
// is built messages of the kinds most mail is, English first and Chinese
// last (zstd's fastest level reaches about the last 64 KB, five notices).
// It runs only when asked:
//
//	go test ./notifications/mail -run TestWriteMailDictionary -write-mail-dict $PWD/domain/store/maildict/N.dict
//
// A dictionary is frozen once shipped, since every text stored with it
// needs it to be read: a new one takes the next number, and the store
// writes with the newest and reads with all of them. (The messages' header
// order varies from one build to the next, so two runs do not write the
// same bytes.)
func TestWriteMailDictionary(t *testing.T) {
	if *writeMailDict == "" {
		t.Skip("-write-mail-dict not set")
	}
	n, err := strconv.ParseUint(strings.TrimSuffix(filepath.Base(*writeMailDict), ".dict"), 10, 16)
	if err != nil || n == 0 || !strings.HasSuffix(*writeMailDict, ".dict") {
		t.Fatalf("%s: want a file N.dict, N from 1", *writeMailDict)
	}
	order := []struct{ lang, name string }{
		{LangEN, "task_note"}, {LangEN, "task_assigned"},
		{LangZH, "hotspot_dispatched"}, {LangZH, "ladder_urge"}, {LangZH, "task_submitted"},
		{LangZH, "task_note"}, {LangZH, "task_assigned-co"}, {LangZH, "task_assigned"},
	}
	cases := map[string]goldenCase{}
	for _, c := range goldenCases() {
		cases[c.name] = c
	}
	var history []byte
	var samples [][]byte
	for _, o := range order {
		c, ok := cases[o.name]
		if !ok {
			t.Fatalf("no golden case %s", o.name)
		}
		raw, err := Build(testEnvelope(), mustRender(t, c.kind, o.lang, c.p))
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, raw...)
		samples = append(samples, raw)
	}
	// CompatV155: readable by the zstd tool of Debian 12 (1.5.4) too.
	dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 0x58540000 + uint32(n), Contents: samples, History: history,
		Offsets: [3]int{1, 4, 8}, CompatV155: true, Level: zstd.SpeedFastest})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(*writeMailDict, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		t.Fatalf("%s exists: a shipped dictionary never changes; write the next number", *writeMailDict)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(dict); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d bytes, id %#x", *writeMailDict, len(dict), 0x58540000+n)
}
