package tenant

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Tables lists the ground-truth tables of the built-in resources; a
// tenant's Tables adds those of the resources a test registered.
var Tables = []string{"users", "groups", "group_members", "group_owners", "org_contacts", "mail_folders", "messages",
	"contact_folders", "personal_contacts"}

// WriteState writes the current truth of one table as JSON lines, one live
// object (or link) per line, in a stable order:
//   - a directory resource's table (users, groups, org_contacts…), by its
//     name or its path: "id" and every set property; users also carry
//     "managerId" when they have a manager;
//   - a relationship table (group_members, group_owners…): the parent's id,
//     the target's id and its type, under the table's column names
//     ("groupId", "memberId", "memberType");
//   - mail_folders: "userId", "id" and the folder's properties;
//   - messages: "userId", "id" (the immutable id) and the message's
//     properties, including parentFolderId;
//   - contact_folders and personal_contacts: the same for the personal
//     contacts tree; contact_folders holds each mailbox's default Contacts
//     folder too.
func (t *Tenant) WriteState(w io.Writer, table string) error {
	t.RLock()
	defer t.RUnlock()
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	r, isResource := t.Directory(table)
	lt, isLinks := t.linkTables[lower(table)]
	switch {
	case isResource:
		err = writeObjects(bw, r.Coll, nil, r.Extras)
	case isLinks:
		err = writeLinks(bw, lt.res.Coll, lt.lt)
	case treeTable(table) != nil:
		k := treeTable(table)
		err = t.eachMailbox(func(m *Mailbox) error {
			ft := m.Tree(k)
			if table == k.FoldersTable {
				return writeObjects(bw, ft.Folders, map[string]any{"userId": m.UserID}, nil)
			}
			return writeItems(bw, m.UserID, ft)
		})
	default:
		return fmt.Errorf("%w: unknown table %q (want one of %v)", ErrNotFound, table, t.Tables())
	}
	if err != nil {
		return fmt.Errorf("write %s state: %w", table, err)
	}
	return bw.Flush()
}

func (t *Tenant) eachMailbox(fn func(*Mailbox) error) error {
	for _, uid := range t.order {
		if err := fn(t.mailboxes[uid]); err != nil {
			return err
		}
	}
	return nil
}

// treeTable returns the tree kind whose truth table is table, or nil.
func treeTable(table string) *TreeKind {
	for _, k := range TreeKinds() {
		if table == k.FoldersTable || table == k.ItemsTable {
			return k
		}
	}
	return nil
}

func writeItems(w io.Writer, userID string, ft *FolderTree) error {
	for i := 0; i < ft.Folders.Len(); i++ {
		f := ft.Folders.At(i)
		if !f.Live() {
			continue
		}
		if err := writeObjects(w, ft.items[f.ID], map[string]any{"userId": userID}, nil); err != nil {
			return err
		}
	}
	return nil
}

func writeObjects(w io.Writer, c *Collection, fixed map[string]any, extras func(*Object, map[string]any)) error {
	enc := json.NewEncoder(w)
	for i := 0; i < c.Len(); i++ {
		o := c.At(i)
		if !o.Live() {
			continue
		}
		row := map[string]any{"id": o.ID}
		for k, v := range fixed {
			row[k] = v
		}
		for k, v := range o.Fields(c.Schema) {
			row[k] = v
		}
		if extras != nil {
			extras(o, row)
		}
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	return nil
}

func userExtras(o *Object, row map[string]any) {
	if set := linkSet(o, userManager); set != nil {
		if ts := set.Targets(); len(ts) > 0 {
			row["managerId"] = ts[0].TargetID
		}
	}
}

// writeLinks writes a relationship's links of the live objects of c, the
// parents in order and each one's targets by id.
func writeLinks(w io.Writer, c *Collection, lt LinkTable) error {
	enc := json.NewEncoder(w)
	prop := c.Schema.MustIndex(lt.Prop)
	for i := 0; i < c.Len(); i++ {
		o := c.At(i)
		set := linkSet(o, prop)
		if !o.Live() || set == nil {
			continue
		}
		targets := set.Targets()
		sort.Slice(targets, func(a, b int) bool { return targets[a].TargetID < targets[b].TargetID })
		for _, l := range targets {
			row := map[string]string{lt.Parent: o.ID, lt.Target: l.TargetID}
			if lt.TargetType != "" {
				row[lt.TargetType] = l.TargetType
			}
			if err := enc.Encode(row); err != nil {
				return err
			}
		}
	}
	return nil
}
