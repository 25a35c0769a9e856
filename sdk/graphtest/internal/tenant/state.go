package tenant

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Tables lists the ground-truth tables WriteState serves.
var Tables = []string{"users", "groups", "group_members", "group_owners", "org_contacts", "mail_folders", "messages"}

// WriteState writes the current truth of one table as JSON lines, one live
// object (or membership) per line, in a stable order:
//   - users, groups, org_contacts: "id" and every set property; users also
//     carry "managerId" when they have a manager;
//   - group_members, group_owners: "groupId", "memberId", "memberType";
//   - mail_folders: "userId", "id" and the folder's properties;
//   - messages: "userId", "id" (the immutable id) and the message's
//     properties, including parentFolderId.
func (t *Tenant) WriteState(w io.Writer, table string) error {
	t.RLock()
	defer t.RUnlock()
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch table {
	case "users":
		err = writeObjects(bw, t.Users, nil, userExtras)
	case "groups":
		err = writeObjects(bw, t.Groups, nil, nil)
	case "org_contacts", "contacts":
		err = writeObjects(bw, t.Contacts, nil, nil)
	case "group_members":
		err = writeLinks(bw, t.Groups, groupMembers)
	case "group_owners":
		err = writeLinks(bw, t.Groups, groupOwners)
	case "mail_folders":
		err = t.eachMailbox(func(m *Mailbox) error {
			return writeObjects(bw, m.Folders, map[string]any{"userId": m.UserID}, nil)
		})
	case "messages":
		err = t.eachMailbox(func(m *Mailbox) error { return writeMessages(bw, m) })
	default:
		return fmt.Errorf("%w: unknown table %q (want one of %v)", ErrNotFound, table, Tables)
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

func writeMessages(w io.Writer, m *Mailbox) error {
	for i := 0; i < m.Folders.Len(); i++ {
		f := m.Folders.At(i)
		if !f.Live() {
			continue
		}
		if err := writeObjects(w, m.messages[f.ID], map[string]any{"userId": m.UserID}, nil); err != nil {
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

// Membership is one row of group_members or group_owners.
type Membership struct {
	GroupID    string `json:"groupId"`
	MemberID   string `json:"memberId"`
	MemberType string `json:"memberType"`
}

func writeLinks(w io.Writer, groups *Collection, prop int) error {
	enc := json.NewEncoder(w)
	for i := 0; i < groups.Len(); i++ {
		g := groups.At(i)
		set := linkSet(g, prop)
		if !g.Live() || set == nil {
			continue
		}
		targets := set.Targets()
		sort.Slice(targets, func(a, b int) bool { return targets[a].TargetID < targets[b].TargetID })
		for _, l := range targets {
			if err := enc.Encode(Membership{GroupID: g.ID, MemberID: l.TargetID, MemberType: l.TargetType}); err != nil {
				return err
			}
		}
	}
	return nil
}
