package wire

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

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
	mu     sync.Mutex
	stream interface{ SendMsg(any) error }
	lists  bool
	held   []*pb.Checkpoint
	bytes  int
	timer  *time.Timer
	// err is a failed send of held checkpoints by the timer, returned by
	// every send after it.
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
	if !s.lists {
		return s.send(&pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: checkpointToProto(cp)}})
	}
	p := checkpointToProto(cp)
	size := proto.Size(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usableLocked(); err != nil {
		return err
	}
	s.held = append(s.held, p)
	s.bytes += size
	if len(s.held) >= MaxCheckpointsPerList || s.bytes >= maxHeldCheckpointBytes {
		return s.flushLocked()
	}
	if len(s.held) == 1 {
		if s.timer == nil {
			s.timer = time.AfterFunc(checkpointLinger, s.lingered)
		} else {
			s.timer.Reset(checkpointLinger)
		}
	}
	return nil
}

// send writes msg after the checkpoints held before it.
func (s *eventSender) send(msg any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usableLocked(); err != nil {
		return err
	}
	if err := s.flushLocked(); err != nil {
		return err
	}
	return s.sendLocked(msg)
}

// close sends what is held; nothing may be sent after it.
func (s *eventSender) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	err := s.usableLocked()
	if err == nil {
		err = s.flushLocked()
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	return err
}

// lingered sends what is held once a held checkpoint has waited
// checkpointLinger.
func (s *eventSender) lingered() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.err != nil {
		return
	}
	s.err = s.flushLocked()
}

func (s *eventSender) usableLocked() error {
	if s.closed {
		return errSyncEnded
	}
	return s.err
}

// flushLocked sends the held checkpoints: one alone as a checkpoint
// event, several as a list.
func (s *eventSender) flushLocked() error {
	if len(s.held) == 0 {
		return nil
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	var msg *pb.SyncEvent
	if len(s.held) == 1 {
		msg = &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: s.held[0]}}
	} else {
		msg = &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoints{Checkpoints: &pb.CheckpointList{Checkpoints: s.held}}}
	}
	// gRPC's contract forbids changing a message once it went to
	// SendMsg: the next list gets an array of its own.
	s.held, s.bytes = nil, 0
	return s.sendLocked(msg)
}

func (s *eventSender) sendLocked(msg any) error {
	if err := s.stream.SendMsg(msg); err != nil {
		return fmt.Errorf("send event to host: %w", err)
	}
	return nil
}
