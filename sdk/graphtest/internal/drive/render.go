package drive

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// graphTime writes t as drive items carry times.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func identity(p Person) map[string]any {
	u := map[string]any{"displayName": p.DisplayName}
	if p.ID != "" {
		u["id"] = p.ID
	}
	if p.Mail != "" {
		u["email"] = p.Mail
	}
	return map[string]any{"user": u}
}

// itemJSON renders a live item. withPath adds parentReference.path, which
// Graph returns on plain reads but not (as documented) in delta.
func (s *Store) itemJSON(d *Drive, it *Item, withPath bool, agg aggregates) map[string]any {
	etag := fmt.Sprintf("\"{%s},%d\"", it.ID[2:10], it.Version)
	v := map[string]any{
		"@odata.type": "#microsoft.graph.driveItem", "id": it.ID, "name": it.Name, "eTag": etag,
		"createdDateTime": graphTime(it.Created), "lastModifiedDateTime": graphTime(it.Modified),
		"createdBy": identity(it.CreatedBy), "lastModifiedBy": identity(it.ModBy),
		"fileSystemInfo": map[string]any{"createdDateTime": graphTime(it.Created), "lastModifiedDateTime": graphTime(it.Modified)},
	}
	ref := map[string]any{"driveId": d.ID, "driveType": d.Type}
	if d.SiteID != "" {
		ref["siteId"] = d.SiteID
	}
	if it.ParentID == "" {
		v["root"] = map[string]any{}
		v["webUrl"] = d.WebURL
	} else {
		ref["id"] = it.ParentID
		if withPath {
			parent := d.items[it.ParentID]
			p := "/drive/root:"
			if parent.ParentID != "" {
				p += d.Path(parent)
			}
			ref["path"] = p
		}
		v["webUrl"] = d.WebURL + escapePath(d.Path(it))
	}
	v["parentReference"] = ref
	if it.Folder {
		v["folder"] = map[string]any{"childCount": agg.children[it.ID]}
		v["size"] = agg.size[it.ID]
	} else {
		v["file"] = map[string]any{"mimeType": it.Mime, "hashes": map[string]any{"quickXorHash": it.Hash}}
		v["size"] = it.Size
	}
	return v
}

// deletedJSON renders a deleted item as OneDrive for Business does: no
// name, no cTag, the deleted facet (or @removed, a variation).
func (s *Store) deletedJSON(d *Drive, it *Item) map[string]any {
	v := map[string]any{"@odata.type": "#microsoft.graph.driveItem", "id": it.ID,
		"lastModifiedDateTime": graphTime(it.Modified),
		"parentReference":      map[string]any{"driveId": d.ID, "driveType": d.Type, "id": it.ParentID}}
	if s.opts.Quirks.RemovedAnnotation {
		v["@removed"] = map[string]any{"reason": "deleted"}
	} else {
		v["deleted"] = map[string]any{"state": "deleted"}
	}
	if it.Folder {
		v["folder"] = map[string]any{"childCount": 0}
	} else {
		v["file"] = map[string]any{}
	}
	return v
}

// aggregates are a drive's folders' child counts and sizes.
type aggregates struct {
	children map[string]int
	size     map[string]int64
}

// aggregate counts every live folder's children and sums its files' sizes.
func (d *Drive) aggregate() aggregates {
	a := aggregates{children: map[string]int{}, size: map[string]int64{}}
	for _, c := range d.items {
		if c.Deleted || c.ParentID == "" {
			continue
		}
		a.children[c.ParentID]++
		if c.Folder {
			continue
		}
		for p := d.items[c.ParentID]; p != nil; p = d.items[p.ParentID] {
			a.size[p.ID] += c.Size
			if p.ParentID == "" {
				break
			}
		}
	}
	return a
}

func escapePath(p string) string { return strings.ReplaceAll(p, " ", "%20") }

// selectFields keeps the $select'ed top-level properties (and id and the
// deletion markers, always returned).
func selectFields(v map[string]any, sel []string) map[string]any {
	if len(sel) == 0 {
		return v
	}
	out := map[string]any{}
	for _, k := range []string{"@odata.type", "id", "deleted", "@removed"} {
		if x, ok := v[k]; ok {
			out[k] = x
		}
	}
	for _, k := range sel {
		for name, x := range v {
			if strings.EqualFold(name, k) {
				out[name] = x
			}
		}
	}
	return out
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("drive: encode: %v", err))
	}
	return b
}
