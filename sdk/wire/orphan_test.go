package wire

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestExitWhenOrphaned(t *testing.T) {
	tests := []struct {
		name     string
		parent   int
		wantExit bool
	}{
		{"a plugin whose parent changed exits", os.Getppid() + 1, true},
		{"a plugin whose parent is alive keeps running", os.Getppid(), false},
		{"a plugin started by init has no host to watch", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*orphanPoll)
			defer cancel()
			exited := make(chan int, 1)
			exitWhenOrphaned(ctx, tt.parent, func(code int) { exited <- code })
			select {
			case code := <-exited:
				if !tt.wantExit || code == 0 {
					t.Errorf("exited with %d; want exit %v with a non-zero code", code, tt.wantExit)
				}
			case <-time.After(10 * time.Millisecond):
				if tt.wantExit {
					t.Error("did not exit")
				}
			}
		})
	}
}
