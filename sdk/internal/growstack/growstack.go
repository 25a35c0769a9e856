// Package growstack grows a new goroutine's stack once, while the
// goroutine is shallow, to the size a Graph request needs.
//
// A goroutine starts with a small stack (2 KiB) and the runtime doubles
// it whenever a call would overflow it, copying the whole stack each
// time. A goroutine that sends a Graph request overflows it two or three
// times deep inside net/http's HTTP/2 round trip, where each copy moves
// (and adjusts the pointers of) a deep stack: at 200 ms of latency, with
// thousands of requests in flight, stack copying was a fifth of the mail
// plugin's CPU. Calling Grow first thing in such a goroutine makes the
// runtime allocate the larger stack once, when there is almost nothing
// to copy.
package growstack

// frameBytes is the size of Grow's frame. The runtime grows a stack to
// the next power of two that holds the frame past what is in use, so a
// goroutine that calls Grow first gets a 16 KiB stack: what a Graph
// request's depth reached in the plugin's profiles, and what the
// goroutine would have grown to anyway.
const frameBytes = 9 << 10

// Grow makes the calling goroutine's stack at least 16 KiB. Call it first
// in a goroutine that will send a Graph request.
//
//go:noinline
func Grow() {
	var frame [frameBytes]byte
	touch(frame[:])
}

// touch keeps Grow's frame from being optimised away.
//
//go:noinline
func touch(b []byte) { b[0] = 1 }
