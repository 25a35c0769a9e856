package drive

import (
	"fmt"
	"sort"
	"time"
)

// Churn says how many changes of each kind to make in each churned drive.
type Churn struct {
	// Drives is how many drives to change, drawn at random (0: all).
	Drives int `json:"drives"`
	// Creates adds files (and one folder in four) in random folders.
	Creates int `json:"creates"`
	// Edits changes a file's content (size, hash, version); RapidEdits
	// edits one file that many times in a row (one entry in the feed).
	Edits      int `json:"edits"`
	RapidEdits int `json:"rapidEdits"`
	// Renames renames files and folders (a folder's descendants keep
	// their ids and are not in the feed, though their paths change).
	Renames int `json:"renames"`
	// Moves moves files and folders to another folder (never under
	// themselves).
	Moves int `json:"moves"`
	// DeleteFiles deletes files; DeleteFolders deletes folders with
	// everything under them.
	DeleteFiles   int `json:"deleteFiles"`
	DeleteFolders int `json:"deleteFolders"`
	// Restores brings back deleted items (a folder with what was deleted
	// with it) under their parent, when the parent is live.
	Restores int `json:"restores"`
}

// Churned counts the changes made: drives touched, then changes by kind
// (Deletes counts files and folders, not what went with a folder).
type Churned struct {
	Drives, Creates, Edits, Renames, Moves, Deletes, Restores int
}

// Churn applies c and advances the clock a minute.
func (s *Store) Churn(c Churn) (Churned, error) {
	if c.Drives < 0 || c.Creates < 0 || c.Edits < 0 || c.RapidEdits < 0 || c.Renames < 0 || c.Moves < 0 ||
		c.DeleteFiles < 0 || c.DeleteFolders < 0 || c.Restores < 0 {
		return Churned{}, fmt.Errorf("drive churn: counts must not be negative: %+v", c)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(time.Minute)
	ids := append([]string(nil), s.order...)
	if c.Drives > 0 && c.Drives < len(ids) {
		s.rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		ids = ids[:c.Drives]
		sort.Strings(ids)
	}
	var out Churned
	for _, id := range ids {
		s.churnDrive(s.drives[id], c, &out)
		out.Drives++
	}
	return out, nil
}

func (s *Store) churnDrive(d *Drive, c Churn, out *Churned) {
	for range c.Creates {
		if f := s.pick(d, true, true); f != nil {
			s.add(d, f.ID, s.rng.IntN(4) == 0).Modified = s.now
			s.bubble(d, f.ID)
			out.Creates++
		}
	}
	for range c.Edits {
		if f := s.pick(d, false, false); f != nil {
			s.edit(d, f)
			out.Edits++
		}
	}
	if f := s.pick(d, false, false); c.RapidEdits > 0 && f != nil {
		for range c.RapidEdits {
			s.edit(d, f)
		}
		out.Edits += c.RapidEdits
	}
	for range c.Renames {
		if it := s.pickAny(d); it != nil {
			s.touch(it)
			it.Name = "renamed-" + fmt.Sprint(s.serial) + "-" + it.Name
			s.serial++
			out.Renames++
		}
	}
	for range c.Moves {
		if s.move(d) {
			out.Moves++
		}
	}
	for range c.DeleteFiles {
		if f := s.pick(d, false, false); f != nil {
			s.delete(d, f)
			out.Deletes++
		}
	}
	for range c.DeleteFolders {
		if f := s.pick(d, true, false); f != nil {
			s.delete(d, f)
			out.Deletes++
		}
	}
	for range c.Restores {
		if s.restore(d) {
			out.Restores++
		}
	}
}

// pick draws a live file or folder (the root only when root is set), or nil.
func (s *Store) pick(d *Drive, folder, root bool) *Item {
	var cands []*Item
	for _, id := range d.liveIDs() {
		it := d.items[id]
		if it.Folder == folder && (root || it.ID != d.RootID) {
			cands = append(cands, it)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return cands[s.rng.IntN(len(cands))]
}

func (s *Store) pickAny(d *Drive) *Item {
	return s.pick(d, s.rng.IntN(3) == 0, false)
}

// bubble marks the folders from id up to the root changed (their child
// counts and sizes follow what is under them), at the current sequence
// number, without a new version.
func (s *Store) bubble(d *Drive, id string) {
	for p := d.items[id]; p != nil && !p.Deleted; p = d.items[p.ParentID] {
		p.Seq = s.seq
		if p.ParentID == "" {
			return
		}
	}
}

// touch records a change of it, keeping its previous version.
func (s *Store) touch(it *Item) {
	prev := *it
	prev.prev = nil
	it.prev = &prev
	s.seq++
	it.Seq, it.Modified, it.Version = s.seq, s.now, it.Version+1
	it.ModBy = s.people[s.rng.IntN(len(s.people))]
}

func (s *Store) edit(d *Drive, f *Item) {
	s.touch(f)
	f.Size = int64(200 + s.rng.IntN(64<<10))
	f.Hash = s.token(27) + "="
	s.bubble(d, f.ParentID)
}

// move puts a file or folder under another live folder, not its own
// subtree.
func (s *Store) move(d *Drive) bool {
	it := s.pickAny(d)
	if it == nil {
		return false
	}
	for range 8 {
		to := s.pick(d, true, true)
		if to == nil || to.ID == it.ParentID || under(d, to.ID, it.ID) {
			continue
		}
		s.touch(it)
		from := it.ParentID
		it.ParentID = to.ID
		s.bubble(d, from)
		s.bubble(d, to.ID)
		return true
	}
	return false
}

// under reports whether id is anc or below it.
func under(d *Drive, id, anc string) bool {
	for cur := d.items[id]; cur != nil; cur = d.items[cur.ParentID] {
		if cur.ID == anc {
			return true
		}
		if cur.ParentID == "" {
			break
		}
	}
	return false
}

// delete deletes it and, for a folder, every live item under it.
func (s *Store) delete(d *Drive, it *Item) {
	s.touch(it)
	it.Deleted, it.Implied = true, false
	for _, id := range d.liveIDs() {
		if c := d.items[id]; under(d, id, it.ID) && c != it {
			c.prev, c.implied = nil, c.Seq
			c.Seq, c.Deleted, c.Implied = s.seq, true, true
		}
	}
	s.bubble(d, it.ParentID)
}

// restore brings back a deleted item whose parent is live, with what was
// deleted with it.
func (s *Store) restore(d *Drive) bool {
	var cands []*Item
	for _, it := range d.items {
		if it.Deleted && !it.Implied && d.items[it.ParentID] != nil && !d.items[it.ParentID].Deleted {
			cands = append(cands, it)
		}
	}
	if len(cands) == 0 {
		return false
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
	it := cands[s.rng.IntN(len(cands))]
	s.touch(it)
	it.Deleted, it.prev = false, nil
	// What went with it comes back: the items deleted with a folder whose
	// parent is back, until none is left (a folder deleted on its own
	// before stays deleted, and so does what went with it).
	for back := true; back; {
		back = false
		for _, c := range d.items {
			if p := d.items[c.ParentID]; c.Implied && c.Deleted && p != nil && !p.Deleted && under(d, c.ID, it.ID) {
				c.Seq, c.Deleted, c.Implied = s.seq, false, false
				back = true
			}
		}
	}
	s.bubble(d, it.ParentID)
	return true
}
