package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk/table"
)

// Link is one entry of a relationship's "<name>@delta" array, e.g. one
// member of a group's members@delta.
type Link struct {
	// ID is the related object's id.
	ID string
	// Type is the related object's type from @odata.type without its
	// namespace, e.g. "user", "group" or "orgContact"; "" when absent.
	Type string
	// Removed is set for an entry carrying @removed: the link ended.
	Removed bool
	// Reason is @removed.reason, e.g. "deleted".
	Reason string
}

// TakeLinks removes "<relationship>@delta" from obj and returns its
// entries; nil when the item does not carry it (the relationship did not
// change, or it is not selected).
func TakeLinks(obj table.Object, relationship string) ([]Link, error) {
	key := relationship + "@delta"
	raw, ok := obj[key]
	if !ok {
		return nil, nil
	}
	delete(obj, key)
	var entries []struct {
		Type    string `json:"@odata.type"`
		ID      string `json:"id"`
		Removed *struct {
			Reason string `json:"reason"`
		} `json:"@removed"`
	}
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("read %s: %w: %v", key, ErrBadItem, err)
	}
	links := make([]Link, 0, len(entries))
	for i, e := range entries {
		if e.ID == "" {
			return nil, fmt.Errorf("read %s: entry %d has no id: %w", key, i, ErrBadItem)
		}
		l := Link{ID: e.ID, Type: e.Type[strings.LastIndexByte(e.Type, '.')+1:], Removed: e.Removed != nil}
		if e.Removed != nil {
			l.Reason = e.Removed.Reason
		}
		links = append(links, l)
	}
	return links, nil
}

// LinkTable is a relationship table filled from "<name>@delta"
// annotations: one row per link, keyed by (Parent, Relationship, Target).
// Declare it as a child table (table.Parent) of the table holding the
// parent objects, so that a deleted parent takes its links with it.
type LinkTable struct {
	// Table is the relationship table's name, e.g. "group_members".
	Table string
	// Parent is the column holding the parent object's id, e.g. "groupId".
	Parent string
	// Relationship is the column naming the relationship, e.g. "member" or
	// "owner"; "" when the table holds one relationship only.
	Relationship string
	// Target is the column holding the related object's id, e.g. "memberId".
	Target string
	// TargetType is the column holding Link.Type, e.g. "memberType"; "" for
	// none.
	TargetType string
}

// Emit writes one parent's links: an upsert per added link, a tombstone
// per removed one, with @removed.reason as its reason.
func (lt LinkTable) Emit(emit *Emitter, stream, parentID, relationship string, links []Link) error {
	for _, l := range links {
		var err error
		if l.Removed {
			key := map[string]string{lt.Parent: parentID, lt.Target: l.ID}
			if lt.Relationship != "" {
				key[lt.Relationship] = relationship
			}
			err = emit.Tombstone(lt.Table, stream, key, l.Reason)
		} else {
			err = emit.Object(lt.Table, stream, lt.row(parentID, relationship, l))
		}
		if err != nil {
			return fmt.Errorf("stream %s: %s of %s: %w", stream, relationship, parentID, err)
		}
	}
	return nil
}

func (lt LinkTable) row(parentID, relationship string, l Link) table.Object {
	obj := table.Object{lt.Parent: jsonString(parentID), lt.Target: jsonString(l.ID)}
	if lt.Relationship != "" {
		obj[lt.Relationship] = jsonString(relationship)
	}
	if lt.TargetType != "" && l.Type != "" {
		obj[lt.TargetType] = jsonString(l.Type)
	}
	return obj
}

// Item returns a DeltaStream.Item hook for a resource with relationships:
// each "<name>@delta" named in relationships (mapped to the value of the
// Relationship column, e.g. "members" → "member") goes to the link table,
// and the rest of the item to parentTable. A large parent arriving in
// slices over several pages is handled slice by slice: every slice's links
// count.
func (lt LinkTable) Item(parentTable string, relationships map[string]string) func(context.Context, *Emitter, string, table.Object) error {
	return func(_ context.Context, emit *Emitter, stream string, obj table.Object) error {
		var id string
		if err := json.Unmarshal(obj["id"], &id); err != nil || id == "" {
			return fmt.Errorf("stream %s: %s item without a string id: %w", stream, parentTable, ErrBadItem)
		}
		for _, name := range slices.Sorted(maps.Keys(relationships)) {
			rel := relationships[name]
			links, err := TakeLinks(obj, name)
			if err != nil {
				return fmt.Errorf("stream %s: %s %s: %w", stream, parentTable, id, err)
			}
			if err := lt.Emit(emit, stream, id, rel, links); err != nil {
				return err
			}
		}
		if err := emit.Object(parentTable, stream, obj); err != nil {
			return fmt.Errorf("stream %s: %w", stream, err)
		}
		return nil
	}
}

func jsonString(s string) json.RawMessage {
	raw, _ := json.Marshal(s) // a string always marshals
	return raw
}
