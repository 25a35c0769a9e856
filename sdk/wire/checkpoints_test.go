package wire

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// recordingStream is a Sync's stream that keeps what is sent on it and
// says when a message came.
type recordingStream struct {
	mu   sync.Mutex
	msgs []*pb.SyncEvent
	came chan struct{}
	fail error
}

func newRecordingStream() *recordingStream { return &recordingStream{came: make(chan struct{}, 1024)} }

func (s *recordingStream) SendMsg(m any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.msgs = append(s.msgs, m.(*pb.SyncEvent))
	s.came <- struct{}{}
	return nil
}

// streams are the checkpoints' streams in the order they were sent, and
// "progress:<stream>" for a progress event.
func (s *recordingStream) streams() (out []string, messages int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.msgs {
		switch e := m.GetEvent().(type) {
		case *pb.SyncEvent_Checkpoint:
			out = append(out, e.Checkpoint.GetStream())
		case *pb.SyncEvent_Checkpoints:
			for _, cp := range e.Checkpoints.GetCheckpoints() {
				out = append(out, cp.GetStream())
			}
		case *pb.SyncEvent_Progress:
			out = append(out, "progress:"+e.Progress.GetStream())
		}
	}
	return out, len(s.msgs)
}

// largest is the most checkpoints one message carried.
func (s *recordingStream) largest() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	most := 0
	for _, m := range s.msgs {
		most = max(most, len(m.GetCheckpoints().GetCheckpoints()))
	}
	return most
}

// TestCheckpointsGoSeveralToAMessage: for a host that reads checkpoint
// lists, a Sync's checkpoints go to it several to a message, in order,
// at most MaxCheckpointsPerList at a time; for one that does not, one to
// a message, as before.
func TestCheckpointsGoSeveralToAMessage(t *testing.T) {
	const n = 2*MaxCheckpointsPerList + 100
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprintf("s%04d", i)
	}
	for _, tc := range []struct {
		name  string
		lists bool
		// most is the most messages the n checkpoints may take.
		most int
	}{
		// Three when no linger ends in between; a loaded machine may
		// deschedule the sender past a few of them.
		{"a host that reads lists", true, 30},
		{"a host that predates them", false, n},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stream := newRecordingStream()
			s := newEventSender(stream, tc.lists)
			for _, id := range want {
				if err := s.checkpoint(&Checkpoint{Stream: id, Status: StatusOK, DeltaLink: "https://graph.example/delta?token=" + id}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.close(); err != nil {
				t.Fatal(err)
			}
			got, messages := stream.streams()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("the host got %d checkpoints, want the %d in order", len(got), n)
			}
			if messages > tc.most || (!tc.lists && messages != n) {
				t.Errorf("%d checkpoints took %d messages, want at most %d", n, messages, tc.most)
			}
			if most := stream.largest(); most > MaxCheckpointsPerList {
				t.Errorf("a message carried %d checkpoints, more than %d", most, MaxCheckpointsPerList)
			}
		})
	}
}

// TestHeldCheckpointsGoBeforeTheNextEventAndAfterTheLinger: a held
// checkpoint goes before any other event, so that the host sees the
// events in the order they were made, and by itself once it has waited
// checkpointLinger: a stream that ended is not held until the round
// ends.
func TestHeldCheckpointsGoBeforeTheNextEventAndAfterTheLinger(t *testing.T) {
	t.Run("before the next event", func(t *testing.T) {
		stream := newRecordingStream()
		s := newEventSender(stream, true)
		for _, id := range []string{"a", "b"} {
			if err := s.checkpoint(&Checkpoint{Stream: id, Status: StatusOK}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.send(&pb.SyncEvent{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: "c"}}}); err != nil {
			t.Fatal(err)
		}
		got, _ := stream.streams()
		if fmt.Sprint(got) != "[a b progress:c]" {
			t.Errorf("the host got %v, want [a b progress:c]", got)
		}
		if err := s.close(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("after the linger", func(t *testing.T) {
		stream := newRecordingStream()
		s := newEventSender(stream, true)
		defer s.close()
		start := time.Now()
		if err := s.checkpoint(&Checkpoint{Stream: "a", Status: StatusOK}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-stream.came:
			t.Logf("the checkpoint went after %v", time.Since(start))
		case <-time.After(5 * time.Second):
			t.Fatal("a lone checkpoint was still held after 5 s")
		}
		if got, _ := stream.streams(); fmt.Sprint(got) != "[a]" {
			t.Errorf("the host got %v, want [a]", got)
		}
	})
}

// TestAFailedSendOfHeldCheckpointsIsReported: when the host can no
// longer be written to while checkpoints wait, the next event and the
// end of the Sync say so; nothing is sent after the Sync ended.
func TestAFailedSendOfHeldCheckpointsIsReported(t *testing.T) {
	stream := newRecordingStream()
	stream.fail = errors.New("the host went away")
	s := newEventSender(stream, true)
	if err := s.checkpoint(&Checkpoint{Stream: "a", Status: StatusOK}); err != nil {
		t.Fatalf("holding a checkpoint: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.checkpoint(&Checkpoint{Stream: "b", Status: StatusOK})
		if err != nil {
			if !errors.Is(err, stream.fail) {
				t.Fatalf("the next checkpoint: %v, want the failed send", err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the linger's failed send was never reported")
		}
		time.Sleep(checkpointLinger)
	}
	if err := s.close(); !errors.Is(err, stream.fail) {
		t.Errorf("close: %v, want the failed send", err)
	}
	if err := s.send(&pb.SyncEvent{}); !errors.Is(err, errSyncEnded) {
		t.Errorf("a send after close: %v, want %v", err, errSyncEnded)
	}
}
