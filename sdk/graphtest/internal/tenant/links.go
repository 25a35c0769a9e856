package tenant

// LinkSet is one relationship of one object (a group's members or owners, a
// user's manager). Entries are append-only so that a cursor into them stays
// valid while the set changes: a removed link keeps its entry with Removed
// set, and adding the same target again appends a new entry.
type LinkSet struct {
	entries []Link
	// live indexes the present links by target once the set is large;
	// small sets (a user's manager) are scanned instead.
	live  map[string]int32
	count int
}

// indexThreshold is the size above which a LinkSet keeps its live index.
const indexThreshold = 16

// find returns the entry index of the present link to target, or -1.
func (s *LinkSet) find(targetID string) int {
	if s.live != nil {
		if i, ok := s.live[targetID]; ok {
			return int(i)
		}
		return -1
	}
	for i := len(s.entries) - 1; i >= 0; i-- {
		if e := &s.entries[i]; e.Removed == 0 && e.TargetID == targetID {
			return i
		}
	}
	return -1
}

// Link is one entry of a LinkSet.
type Link struct {
	// TargetID is the id of the linked object.
	TargetID string
	// TargetType is the linked object's type, e.g. "user" or "group".
	TargetType string
	// Added is the sequence number of the addition (0 for generated links).
	Added uint32
	// Removed is the sequence number of the removal, 0 while present.
	Removed uint32
}

// LiveAt reports whether the link existed at sequence number seq.
func (l *Link) LiveAt(seq uint32) bool {
	return l.Added <= seq && (l.Removed == 0 || l.Removed > seq)
}

// Len returns the number of entries, live or not.
func (s *LinkSet) Len() int { return len(s.entries) }

// Entry returns entry i.
func (s *LinkSet) Entry(i int) *Link { return &s.entries[i] }

// Has reports whether the target is linked now.
func (s *LinkSet) Has(targetID string) bool { return s.find(targetID) >= 0 }

// Count returns the number of present links.
func (s *LinkSet) Count() int { return s.count }

// Targets returns the live links in entry order.
func (s *LinkSet) Targets() []Link {
	out := make([]Link, 0, s.count)
	for _, e := range s.entries {
		if e.Removed == 0 {
			out = append(out, e)
		}
	}
	return out
}

// add links the target at seq; it reports false if it was already linked.
func (s *LinkSet) add(targetID, targetType string, seq uint32) bool {
	if s.find(targetID) >= 0 {
		return false
	}
	if s.live == nil && s.count >= indexThreshold {
		s.live = make(map[string]int32, 2*s.count)
		for i := range s.entries {
			if s.entries[i].Removed == 0 {
				s.live[s.entries[i].TargetID] = int32(i)
			}
		}
	}
	if s.live != nil {
		s.live[targetID] = int32(len(s.entries))
	}
	s.entries = append(s.entries, Link{TargetID: targetID, TargetType: targetType, Added: seq})
	s.count++
	return true
}

// remove unlinks the target at seq; it reports false if it was not linked.
func (s *LinkSet) remove(targetID string, seq uint32) bool {
	i := s.find(targetID)
	if i < 0 {
		return false
	}
	s.entries[i].Removed = seq
	if s.live != nil {
		delete(s.live, targetID)
	}
	s.count--
	return true
}

// LinkChange is the net change of one target between two sequence numbers.
type LinkChange struct {
	Link
	// Present is true when the target is linked at the later point (an
	// addition) and false when it is not (a removal).
	Present bool
}

// Changes returns the net changes between sequence numbers from and to, in
// entry order: targets linked at to but not at from, and the reverse.
// Targets removed and re-added in between produce nothing.
func (s *LinkSet) Changes(from, to uint32) []LinkChange {
	type state struct {
		first        int
		before, then bool
	}
	touched := map[string]*state{}
	var order []string
	for i := range s.entries {
		e := &s.entries[i]
		inRange := (e.Added > from && e.Added <= to) || (e.Removed > from && e.Removed <= to)
		if !inRange {
			continue
		}
		if _, seen := touched[e.TargetID]; !seen {
			touched[e.TargetID] = &state{first: i}
			order = append(order, e.TargetID)
		}
	}
	for i := range s.entries {
		e := &s.entries[i]
		if st, ok := touched[e.TargetID]; ok {
			st.before = st.before || e.LiveAt(from)
			st.then = st.then || e.LiveAt(to)
		}
	}
	var out []LinkChange
	for _, id := range order {
		st := touched[id]
		if st.before != st.then {
			out = append(out, LinkChange{Link: s.entries[st.first], Present: st.then})
		}
	}
	return out
}
