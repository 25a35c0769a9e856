package runner

import (
	"context"
	"errors"
	"testing"
)

// TestReadyIsWaitedForBeforeTheRoundBegins: a round waits for
// Options.Ready (the host's checks of its sources, which run while the
// lake's state is read) before it begins; when Ready fails, the run ends
// with its error, before any source syncs and without a round.
func TestReadyIsWaitedForBeforeTheRoundBegins(t *testing.T) {
	refused := errors.New("the checks refused the pipeline")
	for _, tc := range []struct {
		name    string
		ready   error
		wantErr error
	}{
		{"ready", nil, nil},
		{"refused", refused, refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newTestLake(t)
			l.src.script = firstRound
			opts := l.options(nil)
			called := false
			opts.Ready = func(context.Context) error {
				called = true
				if l.src.got != nil {
					t.Error("a source synced before Ready returned")
				}
				return tc.ready
			}
			res, err := Run(context.Background(), opts)
			if !called {
				t.Fatal("Ready was not called")
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("run: %v; want %v", err, tc.wantErr)
			}
			var re *RoundError
			if tc.wantErr != nil && (errors.As(err, &re) || res != nil || l.src.got != nil || l.latest() != nil) {
				t.Errorf("after a refusal: round error %t, result %v, a source synced %t, an entry %t; want none of them",
					errors.As(err, &re), res, l.src.got != nil, l.latest() != nil)
			}
		})
	}
}
