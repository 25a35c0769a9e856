package growstack

import "testing"

// deep recurses n times with a frame of about 256 bytes, as a request's
// calls through net/http's HTTP/2 client do.
//
//go:noinline
func deep(n int) byte {
	var frame [256]byte
	frame[n%len(frame)] = byte(n)
	if n == 0 {
		return frame[0]
	}
	return deep(n-1) + frame[n%len(frame)]
}

// BenchmarkDeepGoroutine is a goroutine that reaches a 12 KiB stack, with
// and without Grow first: without, the runtime copies its stack at 4, 8
// and 16 KiB, each time deeper.
func BenchmarkDeepGoroutine(b *testing.B) {
	for _, grow := range []bool{false, true} {
		name := "grows-as-it-goes"
		if grow {
			name = "Grow-first"
		}
		b.Run(name, func(b *testing.B) {
			done := make(chan byte)
			for b.Loop() {
				go func() {
					if grow {
						Grow()
					}
					done <- deep(40)
				}()
				<-done
			}
		})
	}
}

// TestGrowLeavesTheGoroutineWorking: Grow returns, and the goroutine goes
// on as deep as a request goes.
func TestGrowLeavesTheGoroutineWorking(t *testing.T) {
	done := make(chan byte)
	go func() {
		Grow()
		done <- deep(40)
	}()
	<-done
}
