package sdk_test

import (
	"testing"

	"github.com/graphlake/graphlake/sdk"
)

func TestFingerprint(t *testing.T) {
	base := sdk.DeltaStream{URL: "https://g/v1.0/users/u/mailFolders/delta?$select=a", Prefer: []string{"b", "a"}}
	tests := []struct {
		name string
		edit func(*sdk.DeltaStream)
		same bool
	}{
		{"the order of Prefer values does not matter", func(s *sdk.DeltaStream) { s.Prefer = []string{"a", "b"} }, true},
		{"another URL is another query", func(s *sdk.DeltaStream) { s.URL += ",c" }, false},
		{"a salt changes the fingerprint", func(s *sdk.DeltaStream) { s.Salt = "exclude=junk" }, false},
		{"an empty salt keeps the fingerprint of streams made before salts", func(s *sdk.DeltaStream) { s.Salt = "" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			tt.edit(&s)
			if same := s.Fingerprint() == base.Fingerprint(); same != tt.same {
				t.Errorf("same fingerprint = %v, want %v", same, tt.same)
			}
		})
	}
}

// TestFingerprintIsStable: fingerprints are stored with every deltaLink,
// so the way they are computed never changes (a changed fingerprint reads
// every stream of every lake again).
func TestFingerprintIsStable(t *testing.T) {
	tests := []struct {
		stream sdk.DeltaStream
		want   string
	}{
		{sdk.DeltaStream{URL: "https://g/v1.0/users/delta"}, "239854ed9adc40e268dfbd85"},
		{sdk.DeltaStream{URL: "https://g/v1.0/users/u/mailFolders/f/messages/delta?$select=a", Prefer: []string{"odata.maxpagesize=100", "IdType=\"ImmutableId\""}}, "aaf22edaa0e3f5998575b890"},
		{sdk.DeltaStream{URL: "https://g/v1.0/users/u/mailFolders/delta", Prefer: []string{"b"}, Salt: "exclude=junk"}, "1e102ba9d7851f0d075fd109"},
	}
	for _, tt := range tests {
		if got := tt.stream.Fingerprint(); got != tt.want {
			t.Errorf("fingerprint of %s = %s; want %s", tt.stream.URL, got, tt.want)
		}
	}
}

// TestFingerprintAllocatesOnlyItsResult: unsorted Prefer values (the mail
// source's) are sorted without a copy on the heap.
func TestFingerprintAllocatesOnlyItsResult(t *testing.T) {
	s := sdk.DeltaStream{ID: "u/f", URL: "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$select=a,b",
		Prefer: []string{"odata.maxpagesize=100", `IdType="ImmutableId"`}}
	if n := testing.AllocsPerRun(100, func() { _ = s.Fingerprint() }); n > 1 {
		t.Errorf("Fingerprint allocated %v times; want 1, its result", n)
	}
}
