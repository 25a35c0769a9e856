package drives

// CurrentPaths computes each item's path from the current rows' tree
// (parentId and name), as the README's SQL does: the path a row's stored
// path column may lag behind when a folder above it was renamed or moved
// after the row was written. rows are one drive's or several drives'
// current rows (driveId, id, parentId, name); the result maps
// driveId+"/"+id to the path, for the rows whose folders are all present.
func CurrentPaths(rows []map[string]any) map[string]string {
	type key struct{ drive, id string }
	byID := map[key]map[string]any{}
	for _, r := range rows {
		d, _ := r["driveId"].(string)
		id, _ := r["id"].(string)
		byID[key{d, id}] = r
	}
	out := map[string]string{}
	for k, r := range byID {
		p, ok := "", true
		for cur, hops := r, 0; ok; hops++ {
			parent, has := cur["parentId"].(string)
			if !has || parent == "" {
				break
			}
			name, _ := cur["name"].(string)
			p = "/" + name + p
			cur, ok = byID[key{k.drive, parent}]
			ok = ok && hops < 1000
		}
		if !ok {
			continue
		}
		if p == "" {
			p = "/"
		}
		out[k.drive+"/"+k.id] = p
	}
	return out
}
