package graphtest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/delta"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
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

// parseMailRoute reads /users/{id}/mailFolders…, including the key form
// mailFolders('{id}') that Graph uses in message links.
func parseMailRoute(user string, segs []string) (route, string) {
	first := strings.ToLower(segs[0])
	folder := ""
	if strings.HasPrefix(first, "mailfolders(") && strings.HasSuffix(segs[0], ")") {
		folder = strings.Trim(segs[0][len("mailFolders("):len(segs[0])-1], "'")
		folder = strings.ReplaceAll(folder, "''", "'")
		segs = append([]string{"mailFolders", folder}, segs[1:]...)
		first = "mailfolders"
	}
	if first != "mailfolders" {
		return route{}, segs[0]
	}
	switch {
	case len(segs) == 1:
		return route{kind: routeListFolders, target: delta.Target{UserID: user}}, ""
	case len(segs) == 2 && isDelta(segs[1]):
		return route{kind: routeDelta, target: delta.Target{Resource: delta.Folders, UserID: user}}, ""
	case len(segs) == 2:
		return route{kind: routeGetFolder, target: delta.Target{UserID: user, Folder: segs[1]}}, ""
	case len(segs) == 3 && strings.EqualFold(segs[2], "childFolders"):
		return route{kind: routeListChildFolders, target: delta.Target{UserID: user, Folder: segs[1]}}, ""
	case len(segs) == 4 && strings.EqualFold(segs[2], "childFolders") && isDelta(segs[3]):
		return route{kind: routeDelta, target: delta.Target{Resource: delta.Folders, UserID: user, Folder: segs[1]}}, ""
	case len(segs) == 4 && strings.EqualFold(segs[2], "messages") && isDelta(segs[3]):
		return route{kind: routeDelta, target: delta.Target{Resource: delta.Messages, UserID: user, Folder: segs[1]}}, ""
	}
	return route{}, segs[len(segs)-1]
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
