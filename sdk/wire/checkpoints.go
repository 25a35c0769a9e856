package wire

import (
	"errors"
	"fmt"
	"sync"
	"time"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// Limits of the checkpoints held for one message (see eventSender).
const (
	// MaxCheckpointsPerList is the most checkpoints one CheckpointList
	// event carries; a host refuses a list of more.
	MaxCheckpointsPerList = 256
	// maxHeldCheckpointBytes bounds the held checkpoints' encoded size: a
	// deltaLink may be long, and the message stays far under
	// MaxMessageBytes.
	maxHeldCheckpointBytes = 1 << 20
	// checkpointLinger is the longest a checkpoint waits for others
	// before it goes to the host: the host sees a stream end within it,
	// and a plugin that dies meanwhile loses at most that much of its
	// streams' ends (their rows are read again in the next round, as
	// for a plugin that dies before its checkpoint).
	checkpointLinger = 5 * time.Millisecond
)

// errSyncEnded is a send after the Sync returned.
var errSyncEnded = errors.New("send event to host: the sync has ended")

// eventSender writes a Sync's events to the host, one message at a time.
// For a host that reads CheckpointList events (lists), checkpoints wait
// to go several to a message: an incremental mail round of 11,000 quiet
// streams is 11,000 checkpoints and nothing else, and one gRPC message
// each cost host and plugin a send, a wake-up and a receive apiece. Held
// checkpoints go when MaxCheckpointsPerList of them (or
// maxHeldCheckpointBytes) are held, before any other event (the host sees
// the events in the order they were made), after checkpointLinger, and
// when the Sync ends.
type eventSender struct {
	// mu guards what is held; sendMu orders the messages, and is taken
	// while mu is held, so that messages go in the order their events
	// came, while the next checkpoints are held without waiting for a
	// list to be encoded and written.
	mu, sendMu sync.Mutex
	stream     interface{ SendMsg(any) error }
	lists      bool
	held       []*pb.Checkpoint
	bytes      int
	timer      *time.Timer
	// err is a failed send of held checkpoints, returned by every send
	// after it.
	err    error
	closed bool
}

// newEventSender returns a Sync's sender on stream; lists is whether the
// host reads CheckpointList events.
func newEventSender(stream interface{ SendMsg(any) error }, lists bool) *eventSender {
	return &eventSender{stream: stream, lists: lists}
}

// checkpoint sends cp, or holds it for a list.
func (s *eventSender) checkpoint(cp *Checkpoint) error {
	p := checkpointToProto(cp)
	if !s.lists {
		return s.send(&pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: p}})
	}
	s.mu.Lock()
	if err := s.usableLocked(); err != nil {
		s.mu.Unlock()
		return err
	}
	s.held = append(s.held, p)
	s.bytes += checkpointSize(cp)
	if len(s.held) >= MaxCheckpointsPerList || s.bytes >= maxHeldCheckpointBytes {
		return s.sendHeld(nil)
	}
	if len(s.held) == 1 {
		if s.timer == nil {
			s.timer = time.AfterFunc(checkpointLinger, s.lingered)
		} else {
			s.timer.Reset(checkpointLinger)
		}
	}
	s.mu.Unlock()
	return nil
}

// checkpointSize is about what cp takes in a message: its texts and a
// little for its numbers and tags (proto.Size costs as much as encoding).
func checkpointSize(cp *Checkpoint) int {
	return len(cp.Stream) + len(cp.DeltaLink) + len(cp.Fingerprint) + len(cp.Mode) + len(cp.Error) + len(cp.Reason) + 64
}

// send writes msg after the checkpoints held before it.
func (s *eventSender) send(msg any) error {
	s.mu.Lock()
	if err := s.usableLocked(); err != nil {
		s.mu.Unlock()
		return err
	}
	return s.sendHeld(msg)
}

// sendHeld takes the held checkpoints and, with mu held, sendMu, then
// releases mu and writes them, then msg when it is not nil.
func (s *eventSender) sendHeld(msg any) error {
	held := s.held
	s.held, s.bytes = nil, 0
	if s.timer != nil && len(held) > 0 {
		s.timer.Stop()
	}
	s.sendMu.Lock()
	s.mu.Unlock()
	defer s.sendMu.Unlock()
	err := s.sendList(held)
	if err == nil && msg != nil {
		err = s.sendLocked(msg)
	}
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
	return err
}

// close sends what is held; nothing may be sent after it.
func (s *eventSender) close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	if err := s.usableLocked(); err != nil {
		s.closed = true
		s.mu.Unlock()
		return err
	}
	s.closed = true
	return s.sendHeld(nil)
}

// lingered sends what is held once a held checkpoint has waited
// checkpointLinger.
func (s *eventSender) lingered() {
	s.mu.Lock()
	if s.closed || s.err != nil {
		s.mu.Unlock()
		return
	}
	_ = s.sendHeld(nil) // a failure is kept in s.err
}

func (s *eventSender) usableLocked() error {
	if s.closed {
		return errSyncEnded
	}
	return s.err
}

// sendList sends held checkpoints, with sendMu held: one alone as a
// checkpoint event, several as a list. gRPC's contract forbids changing a
// message once it went to SendMsg: each list has an array of its own.
func (s *eventSender) sendList(held []*pb.Checkpoint) error {
	switch len(held) {
	case 0:
		return nil
	case 1:
		return s.sendLocked(&pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: held[0]}})
	}
	return s.sendLocked(&pb.SyncEvent{Event: &pb.SyncEvent_Checkpoints{Checkpoints: &pb.CheckpointList{Checkpoints: held}}})
}

// sendLocked writes msg, with sendMu held.
func (s *eventSender) sendLocked(msg any) error {
	if err := s.stream.SendMsg(msg); err != nil {
		return fmt.Errorf("send event to host: %w", err)
	}
	return nil
}
