package graphtest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/delta"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// route is a parsed Graph v1.0 path.
type route struct {
	kind   routeKind
	target delta.Target
	id     string // object id for single gets
}

type routeKind int

const (
	routeUnknown routeKind = iota
	routeDelta
	routeListUsers
	routeGetUser
	routeListFolders
	routeGetFolder
	routeListChildFolders
	routeMe
)

// parseRoute reads the path after /v1.0/. Segment names are matched
// case-insensitively, as Graph does; ids are not. directory maps a first
// segment to the registered directory resource's path, if one is.
func parseRoute(path string, directory func(string) (string, bool)) (route, string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	head := strings.ToLower(segs[0])
	if len(segs) == 2 && isDelta(segs[1]) {
		if p, ok := directory(head); ok {
			return route{kind: routeDelta, target: delta.Target{Resource: delta.Directory, Path: p}}, ""
		}
	}
	switch {
	case head == "me":
		return route{kind: routeMe}, head
	case head == "users" && len(segs) == 1:
		return route{kind: routeListUsers}, ""
	case head == "users" && len(segs) == 2:
		return route{kind: routeGetUser, id: segs[1]}, ""
	case head == "users" && len(segs) >= 3:
		return parseMailRoute(segs[1], segs[2:])
	}
	return route{}, segs[len(segs)-1]
}

// parseMailRoute reads /users/{id}/mailFolders… and
// /users/{id}/contactFolders… (a tenant.TreeKind's collection), including
// the key form mailFolders('{id}') that Graph uses in item links, and
// /users/{id}/contacts/delta (the default Contacts folder's contacts).
func parseMailRoute(user string, segs []string) (route, string) {
	kind := treeOf(segs[0])
	if kind == nil {
		return route{}, segs[0]
	}
	if len(segs) == 2 && kind == tenant.ContactTree && strings.EqualFold(segs[0], kind.Items) && isDelta(segs[1]) {
		return route{kind: routeDelta, target: delta.Target{Resource: delta.Messages, UserID: user, Folder: "contacts", Tree: kind.ID}}, ""
	}
	if open := len(kind.Collection) + 1; len(segs[0]) > open && segs[0][open-1] == '(' && strings.HasSuffix(segs[0], ")") {
		folder := strings.ReplaceAll(strings.Trim(segs[0][open:len(segs[0])-1], "'"), "''", "'")
		segs = append([]string{kind.Collection, folder}, segs[1:]...)
	} else if !strings.EqualFold(segs[0], kind.Collection) {
		return route{}, segs[0]
	}
	target := func(res delta.Resource, folder string) delta.Target {
		return delta.Target{Resource: res, UserID: user, Folder: folder, Tree: kind.ID}
	}
	switch {
	case len(segs) == 1:
		return route{kind: routeListFolders, target: target(0, "")}, ""
	case len(segs) == 2 && isDelta(segs[1]):
		return route{kind: routeDelta, target: target(delta.Folders, "")}, ""
	case len(segs) == 2:
		return route{kind: routeGetFolder, target: target(0, segs[1])}, ""
	case len(segs) == 3 && strings.EqualFold(segs[2], "childFolders"):
		return route{kind: routeListChildFolders, target: target(0, segs[1])}, ""
	case len(segs) == 4 && strings.EqualFold(segs[2], "childFolders") && isDelta(segs[3]):
		return route{kind: routeDelta, target: target(delta.Folders, segs[1])}, ""
	case len(segs) == 4 && strings.EqualFold(segs[2], kind.Items) && isDelta(segs[3]):
		return route{kind: routeDelta, target: target(delta.Messages, segs[1])}, ""
	}
	return route{}, segs[len(segs)-1]
}

// treeOf finds the tree kind whose collection (or, for personal contacts,
// items) a user path's first segment names, with or without a key.
func treeOf(seg string) *tenant.TreeKind {
	name, _, _ := strings.Cut(strings.ToLower(seg), "(")
	for _, k := range tenant.TreeKinds() {
		if name == strings.ToLower(k.Collection) || (k == tenant.ContactTree && name == strings.ToLower(k.Items)) {
			return k
		}
	}
	return nil
}

// isDelta matches delta, delta(), microsoft.graph.delta and
// microsoft.graph.delta().
func isDelta(seg string) bool {
	s := strings.TrimSuffix(strings.ToLower(seg), "()")
	return s == "delta" || s == "microsoft.graph.delta"
}

func unknownSegment(w http.ResponseWriter, r *http.Request, seg string) {
	odata.WriteError(w, r, &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
		Message: "Resource not found for the segment '" + seg + "'."})
}

// serviceRoot returns the base URL links start with, from the request's
// own host so that links work under whichever name the client used.
func serviceRoot(r *http.Request) string {
	u := url.URL{Scheme: "https", Host: r.Host, Path: "/v1.0"}
	if r.TLS == nil {
		u.Scheme = "http"
	}
	return u.String()
}
