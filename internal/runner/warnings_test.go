package runner

import (
	"fmt"
	"testing"
)

// TestAResultKeepsThePluginsFirstWarnings: a round's Result holds the
// plugins' first maxKeptWarnings warnings in the order they came, with
// their source and stream, and counts them all.
func TestAResultKeepsThePluginsFirstWarnings(t *testing.T) {
	for _, tt := range []struct {
		name              string
		perStream, stream int
	}{
		{"a few", 2, 3},
		{"more than are kept", 60, 3},
		{"none", 0, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLake(t)
			script := map[string]streamRound{}
			for i := range tt.stream {
				script[fmt.Sprintf("s%d", i)] = streamRound{ids: []string{fmt.Sprintf("id%d", i)}, link: "https://graph.example/d", warnings: tt.perStream}
			}
			res := l.mustRun(script)
			all := tt.perStream * tt.stream
			if res.WarningCount != all || len(res.Warnings) != min(all, maxKeptWarnings) {
				t.Fatalf("%d warnings kept of %d counted, want %d of %d", len(res.Warnings), res.WarningCount, min(all, maxKeptWarnings), all)
			}
			for i, w := range res.Warnings {
				want := Warning{Source: "dir", Stream: fmt.Sprintf("s%d", i/tt.perStream), Summary: fmt.Sprintf("warning %d of s%d", i%tt.perStream, i/tt.perStream), Detail: "detail"}
				if w != want {
					t.Fatalf("warning %d is %+v, want %+v", i, w, want)
				}
			}
		})
	}
}
