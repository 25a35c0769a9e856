package graphtest

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/auditlog"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/drive"
)

// DriveItemsTable is the truth table of drive items (GET
// /_admin/state/drive_items, WriteDriveState).
const DriveItemsTable = "drive_items"

// DriveOptions configures OneDrives and SharePoint document libraries,
// served at /drives/{id}, /drives/{id}/root/delta, /users/{id}/drive,
// /users/{id}/drive/root/delta, /sites/{id}, /sites/{host}:/{path},
// /sites/{id}/drives and /sites/{id}/drive/root/delta. Each drive holds a
// folder tree (up to four levels) of small files; drive delta follows the
// docs by default (deletions as the deleted facet without name, folders
// above each changed item in the feed unless the request sends
// deltaExcludeParent, a folder whose size or child count changed a change
// itself, no parentReference.path, an item's latest state
// only, token=latest) and the Drive* variants show the field-reported
// differences. Users without a OneDrive answer 404 ResourceNotFound
// "User's mysite not found.".
type DriveOptions struct {
	// OneDrives is how many users (the first ones) have a OneDrive.
	OneDrives int
	// Sites is how many SharePoint sites there are, each with
	// LibrariesPerSite document libraries (default 3 when Sites is set).
	Sites, LibrariesPerSite int
	// ItemsPerDrive is how many items (root, folders and files) each drive
	// holds (default 40).
	ItemsPerDrive int
	// PageSize is the default and largest delta page without $top
	// (default 200).
	PageSize int
	// Host is the SharePoint host name (default contoso.sharepoint.com).
	Host string
}

// DriveChurn says how many changes of each kind to make in each churned
// drive (POST /_admin/drives/churn takes it as JSON).
type DriveChurn = drive.Churn

// DriveChurned counts the changes a DriveChurn made.
type DriveChurned = drive.Churned

func newDrives(o Options, people []auditlog.Person) *drive.Store {
	d := o.Drives
	if d.Sites > 0 && d.LibrariesPerSite == 0 {
		d.LibrariesPerSite = 3
	}
	if d.ItemsPerDrive == 0 {
		d.ItemsPerDrive = 40
	}
	domain := o.Domain
	if domain == "" {
		domain = "contoso.onmicrosoft.com"
	}
	var owners []drive.Person
	for i, p := range people {
		if i >= d.OneDrives {
			break
		}
		owners = append(owners, drive.Person{ID: p.ID, DisplayName: p.DisplayName, Mail: p.UserPrincipalName})
	}
	return drive.New(drive.Options{Seed: o.Seed, Host: d.Host, Owners: owners, Sites: d.Sites, LibrariesPerSite: d.LibrariesPerSite,
		ItemsPerDrive: d.ItemsPerDrive, PageSize: d.PageSize, Quirks: drive.Quirks{
			RemovedAnnotation: o.Has(DriveRemovedAnnotation), NextAndDelta: o.Has(DriveNextAndDelta),
			OmitDeletedChildren: o.Has(DriveDeletedChildrenOmitted), ParentPath: o.Has(DriveParentPath), Repeats: o.Has(DriveRepeats),
			InitialDeletions: o.Has(DriveInitialDeletions)}})
}

// serveDrives answers the drive and site paths; it reports false for
// other paths.
func (s *Server) serveDrives(w http.ResponseWriter, r *http.Request) bool {
	segs := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/v1.0/"), "/"), "/")
	resolve := func(user string) (string, bool) {
		s.tenant.RLock()
		defer s.tenant.RUnlock()
		return s.tenant.ResolveUser(user)
	}
	stat, ok := s.drives.Serve(w, r, segs, serviceRoot(r), resolve)
	if ok {
		s.stats.count(stat)
	}
	return ok
}

// ChurnDrives changes the drives.
func (s *Server) ChurnDrives(c DriveChurn) (DriveChurned, error) { return s.drives.Churn(c) }

// ResyncDrives makes the delta tokens of the given drives (all when none)
// answer 410 resyncRequired, with code (resyncChangesApplyDifferences, the
// default, or resyncChangesUploadDifferences) as the inner error code and
// a Location to a fresh enumeration.
func (s *Server) ResyncDrives(code string, ids ...string) error {
	_, err := s.drives.Resync(code, ids...)
	return err
}

// DriveIDs lists every drive's id, OneDrives first.
func (s *Server) DriveIDs() []string { return s.drives.DriveIDs() }

// Sites lists the SharePoint sites: id and URL.
func (s *Server) Sites() [][2]string { return s.drives.Sites() }

// WriteDriveState writes the truth of drive_items: every live item of
// every drive with driveId, parentId and path, one JSON object a line.
func (s *Server) WriteDriveState(w io.Writer) error { return s.drives.WriteState(w) }

// adminDrives serves POST /_admin/drives/churn (a DriveChurn) and POST
// /_admin/drives/resync {"code":"…","drives":["…"]}.
func (s *Server) adminDrives(mux *http.ServeMux) {
	mux.HandleFunc("POST /_admin/drives/churn", func(w http.ResponseWriter, r *http.Request) {
		var c DriveChurn
		if !readJSON(w, r, &c) {
			return
		}
		res, err := s.ChurnDrives(c)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
	mux.HandleFunc("POST /_admin/drives/resync", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Code   string   `json:"code"`
			Drives []string `json:"drives"`
		}
		if !readJSON(w, r, &body) {
			return
		}
		if err := s.ResyncDrives(body.Code, body.Drives...); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("resync drives: %v", err)})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
