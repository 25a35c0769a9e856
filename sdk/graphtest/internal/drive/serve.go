package drive

import (
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// Resolver maps a user id or principal name to the user's object id.
type Resolver func(user string) (string, bool)

// Serve answers the drive paths (segs is the path after /v1.0/, split at
// "/"): drives/{id}, drives/{id}/root/delta, drives/{id}/items/{id},
// users/{id}/drive, users/{id}/drives, users/{id}/drive/root/delta,
// sites/{id}, sites/{host}:/{path}[:/drives], sites/{id}/drives and
// sites/{id}/drive/root/delta. It reports false for other paths. stat
// names the request for the emulator's counters.
func (s *Store) Serve(w http.ResponseWriter, r *http.Request, segs []string, base string, resolve Resolver) (stat string, ok bool) {
	if len(segs) < 2 {
		return "", false
	}
	head := strings.ToLower(segs[0])
	switch {
	case head == "drives":
		return s.serveDrivePath(w, r, segs[1], segs[2:], base)
	case head == "users" && len(segs) >= 3 && (strings.EqualFold(segs[2], "drive") || strings.EqualFold(segs[2], "drives")):
		id, found := resolve(segs[1])
		if !found {
			odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "Request_ResourceNotFound",
				Message: "Resource '" + segs[1] + "' does not exist or one of its queried reference-property objects are not present."})
			return "users.drive", true
		}
		s.mu.RLock()
		driveID := s.byUser[strings.ToLower(id)]
		s.mu.RUnlock()
		if strings.EqualFold(segs[2], "drives") && len(segs) == 3 {
			s.writeDrives(w, r, base, driveID)
			return "users.drives", true
		}
		if driveID == "" {
			odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "ResourceNotFound", Message: "User's mysite not found."})
			return "users.drive", true
		}
		return s.serveDrivePath(w, r, driveID, segs[3:], base)
	case head == "sites":
		return s.serveSite(w, r, segs[1:], base)
	}
	return "", false
}

// serveDrivePath answers a drive (rest empty), its delta or one item.
func (s *Store) serveDrivePath(w http.ResponseWriter, r *http.Request, driveID string, rest []string, base string) (string, bool) {
	switch {
	case len(rest) == 0:
		s.writeDrive(w, r, driveID)
		return "drives.get", true
	case len(rest) == 2 && strings.EqualFold(rest[0], "root") && isDelta(rest[1]):
		s.ServeDelta(w, r, driveID, base)
		return "drives.delta", true
	case len(rest) == 2 && strings.EqualFold(rest[0], "items"):
		s.writeItem(w, r, driveID, rest[1])
		return "drives.item", true
	}
	return "", false
}

func isDelta(seg string) bool {
	s := strings.ToLower(seg)
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	return s == "delta" || s == "microsoft.graph.delta"
}

func notFound(w http.ResponseWriter, r *http.Request, what string) {
	odata.WriteError(w, r, &odata.Error{Status: http.StatusNotFound, Code: "itemNotFound", Message: "The resource could not be found: " + what + "."})
}

func (s *Store) driveJSON(d *Drive) map[string]any {
	v := map[string]any{"id": d.ID, "driveType": d.Type, "name": d.Name, "webUrl": d.WebURL,
		"owner": identity(d.Owner), "createdDateTime": graphTime(s.opts.Start)}
	if d.SiteID != "" {
		v["sharePointIds"] = map[string]any{"siteId": d.SiteID}
	}
	return v
}

func (s *Store) writeDrive(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.RLock()
	d := s.drives[id]
	var v map[string]any
	if d != nil {
		v = s.driveJSON(d)
	}
	s.mu.RUnlock()
	if d == nil {
		notFound(w, r, "drive "+id)
		return
	}
	writeOK(w, r, v)
}

// writeDrives lists drives (a user's OneDrive or a site's libraries).
func (s *Store) writeDrives(w http.ResponseWriter, r *http.Request, base string, ids ...string) {
	s.mu.RLock()
	list := []any{}
	for _, id := range ids {
		if d := s.drives[id]; d != nil {
			list = append(list, s.driveJSON(d))
		}
	}
	s.mu.RUnlock()
	writeOK(w, r, map[string]any{"@odata.context": base + "/$metadata#drives", "value": list})
}

func (s *Store) writeItem(w http.ResponseWriter, r *http.Request, driveID, itemID string) {
	s.mu.RLock()
	d := s.drives[driveID]
	var v map[string]any
	if d != nil {
		if itemID == "root" {
			itemID = d.RootID
		}
		if it := d.items[itemID]; it != nil && !it.Deleted {
			v = s.itemJSON(d, it, true, d.aggregate())
		}
	}
	s.mu.RUnlock()
	if v == nil {
		notFound(w, r, "item "+itemID)
		return
	}
	writeOK(w, r, v)
}

// serveSite answers sites/{id}, sites/{host}:/{path}, and their drives
// and default library's delta.
func (s *Store) serveSite(w http.ResponseWriter, r *http.Request, segs []string, base string) (string, bool) {
	if !strings.ContainsAny(segs[0], ",:") { // not a site id or host: a path the emulator does not serve
		return "", false
	}
	var site *Site
	rest := segs[1:]
	s.mu.RLock()
	if host, ok := strings.CutSuffix(segs[0], ":"); ok {
		path := "/" + strings.Join(segs[1:], "/")
		path, tail, _ := strings.Cut(path, ":")
		rest = strings.Split(strings.Trim(tail, "/"), "/")
		if rest[0] == "" {
			rest = nil
		}
		for _, x := range s.sites {
			if strings.EqualFold(host, s.opts.Host) && strings.EqualFold(strings.TrimSuffix(path, "/"), x.Path) {
				site = x
			}
		}
	} else {
		for _, x := range s.sites {
			if strings.EqualFold(x.ID, segs[0]) {
				site = x
			}
		}
	}
	s.mu.RUnlock()
	if site == nil {
		notFound(w, r, "site "+strings.Join(segs, "/"))
		return "sites.get", true
	}
	switch {
	case len(rest) == 0:
		writeOK(w, r, map[string]any{"id": site.ID, "name": site.Name, "displayName": site.DisplayName, "webUrl": site.WebURL,
			"siteCollection": map[string]any{"hostname": s.opts.Host}})
		return "sites.get", true
	case len(rest) == 1 && strings.EqualFold(rest[0], "drives"):
		s.writeDrives(w, r, base, site.Drives...)
		return "sites.drives", true
	case strings.EqualFold(rest[0], "drive") && len(site.Drives) > 0:
		return s.serveDrivePath(w, r, site.Drives[0], rest[1:], base)
	}
	return "", false
}

func writeOK(w http.ResponseWriter, r *http.Request, v any) {
	odata.SetRequestHeaders(w, r)
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	_, _ = w.Write(mustJSON(v))
}

// Sites lists the sites: id and URL.
func (s *Store) Sites() [][2]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([][2]string, len(s.sites))
	for i, x := range s.sites {
		out[i] = [2]string{x.ID, x.WebURL}
	}
	return out
}

// DriveIDs lists every drive's id, OneDrives first.
func (s *Store) DriveIDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.order...)
}

// WriteState writes the live items of every drive, one JSON object a
// line, sorted by drive and id: the truth of the drive_items table, with
// driveId, path (from the tree) and parentId beside Graph's properties.
func (s *Store) WriteState(w io.Writer) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := append([]string(nil), s.order...)
	sort.Strings(ids)
	for _, id := range ids {
		d := s.drives[id]
		agg := d.aggregate()
		for _, itemID := range d.liveIDs() {
			it := d.items[itemID]
			v := s.itemJSON(d, it, false, agg)
			v["driveId"], v["path"] = d.ID, d.Path(it)
			if it.ParentID != "" {
				v["parentId"] = it.ParentID
			}
			delete(v, "@odata.type")
			line := append(mustJSON(v), '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
}
