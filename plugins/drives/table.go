package drives

import (
	"encoding/json"

	"github.com/graphlake/graphlake/sdk/table"
)

// ItemsTable is the table's name.
const ItemsTable = "drive_items"

// Items returns the drive_items table: one row per file or folder of a
// synced drive, keyed (driveId, id), sharded by drive.
func Items() table.Table {
	s, n, ts := table.String(), table.Int64(), table.Timestamp()
	user := table.Struct(table.Column{Name: "user", Type: table.Struct(
		table.Column{Name: "id", Type: s}, table.Column{Name: "displayName", Type: s}, table.Column{Name: "email", Type: s})})
	return table.Table{Name: ItemsTable, Doc: "Files and folders (microsoft.graph.driveItem) of the synced OneDrives and document libraries; metadata only.",
		Key: []string{"driveId", "id"}, ShardKey: "driveId",
		Columns: []table.Column{
			{Name: "driveId", Type: s, Doc: "The drive's id (a OneDrive or a document library)."},
			{Name: "id", Type: s, Doc: "The item's id."},
			{Name: "name", Type: s, Doc: "The file or folder name; \"root\" for the drive's root."},
			{Name: "path", Type: s, Doc: "The item's path from the drive's root (\"/\" for the root), built from the folder tree as the round saw it; null when the round did not show the folders above the item."},
			{Name: "parentId", Type: s, Doc: "The parent folder's id (parentReference.id); null for the root.",
				From: "parentReference", Extract: func(obj table.Object) (json.RawMessage, bool) { return sub(obj, "parentReference", "id") }},
			{Name: "driveType", Type: s, Doc: "business (OneDrive for Business) or documentLibrary (SharePoint).",
				From: "parentReference", Extract: func(obj table.Object) (json.RawMessage, bool) { return sub(obj, "parentReference", "driveType") }},
			{Name: "size", Type: n, Doc: "Bytes; for a folder, the sum of what it holds."},
			{Name: "file", Type: table.Struct(table.Column{Name: "mimeType", Type: s},
				table.Column{Name: "hashes", Type: table.Struct(table.Column{Name: "quickXorHash", Type: s},
					table.Column{Name: "sha1Hash", Type: s}, table.Column{Name: "sha256Hash", Type: s}, table.Column{Name: "crc32Hash", Type: s})}),
				Doc: "Set on files: MIME type and content hashes."},
			{Name: "folder", Type: table.Struct(table.Column{Name: "childCount", Type: n}), Doc: "Set on folders: how many children."},
			{Name: "createdBy", Type: user}, {Name: "lastModifiedBy", Type: user},
			{Name: "createdDateTime", Type: ts}, {Name: "lastModifiedDateTime", Type: ts},
			{Name: "webUrl", Type: s},
			{Name: "eTag", Type: s}, {Name: "cTag", Type: s, Doc: "Absent from OneDrive for Business and SharePoint delta (documented)."},
		}}
}

// sub returns obj[prop][field] as raw JSON.
func sub(obj table.Object, prop, field string) (json.RawMessage, bool) {
	raw, ok := obj[prop]
	if !ok {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	v, ok := m[field]
	return v, ok
}
