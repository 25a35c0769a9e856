package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/graphlake/graphlake/sdk/wire"
)

// testdata/vocabulary-entry.json was written by the etl before modes and
// statuses were typed (wire.Mode, wire.Status): an entry holding every
// mode and status, as lakes already hold them.
const vocabularyEntry = "testdata/vocabulary-entry.json"

// vocabularyStreams are the streams of vocabularyEntry.
func vocabularyStreams() []Stream {
	return []Stream{
		{Source: "users", Stream: "users", Mode: wire.ModeInitial, Pages: 2, Upserts: 3, Status: wire.StatusOK},
		{Source: "users", Stream: "users2", Mode: wire.ModeIncremental, Status: wire.StatusFailed, Error: "403"},
		{Source: "mail", Stream: "u1/folders", Mode: wire.ModeResync, Status: wire.StatusOK, Reason: "query changed", Swept: 1},
		{Source: "mail", Stream: "u1/inbox", Mode: wire.ModeIncremental, Status: wire.StatusResyncRequired},
		{Source: "mail", Stream: "u1/old", Status: wire.StatusEnded},
		{Source: "groups", Stream: "groups", Status: wire.StatusReset, Reason: "etl reset"},
		{Source: "x", Stream: "y", Status: wire.StatusUnknown},
	}
}

func TestStreamVocabularyIsStoredAsBefore(t *testing.T) {
	want, err := os.ReadFile(vocabularyEntry)
	if err != nil {
		t.Fatal(err)
	}
	e := entry(7, "")
	e.Streams = vocabularyStreams()
	got, err := Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("an entry of every mode and status encodes as\n%s\nwant the bytes earlier builds wrote (%s):\n%s", got, vocabularyEntry, want)
	}
}

func TestStoredEntriesOfAnyVocabularyReadBackByteForByte(t *testing.T) {
	stored, err := os.ReadFile(vocabularyEntry)
	if err != nil {
		t.Fatal(err)
	}
	// A signed entry is accepted only when it re-encodes to its stored
	// bytes: modes and statuses this build does not know must too.
	newer := bytes.Replace(stored, []byte(`"mode": "initial"`), []byte(`"mode": "partial"`), 1)
	newer = bytes.Replace(newer, []byte(`"status": "unknown"`), []byte(`"status": "paused"`), 1)
	if bytes.Equal(newer, stored) {
		t.Fatal("the test entry lost its initial mode or unknown status")
	}
	tests := []struct {
		name  string
		bytes []byte
	}{
		{"the modes and statuses this build writes", stored},
		{"a mode and a status this build does not know", newer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e Entry
			if err := json.Unmarshal(tc.bytes, &e); err != nil {
				t.Fatal(err)
			}
			got, err := Encode(&e)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.bytes) {
				t.Errorf("the entry re-encodes as\n%s\nwant its stored bytes\n%s", got, tc.bytes)
			}
		})
	}
}
