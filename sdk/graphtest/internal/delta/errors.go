package delta

import (
	"net/http"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Expiry modes for Engine.ExpireAll; each makes older tokens fail with the
// error Graph uses for that situation.
const (
	// ModeSyncStateNotFound: directory 400 syncStateNotFound, Outlook 410
	// SyncStateNotFound (token expired or evicted).
	ModeSyncStateNotFound = "syncStateNotFound"
	// ModeSyncStateInvalid: directory 400 syncStateInvalid, Outlook 410
	// SyncStateInvalid.
	ModeSyncStateInvalid = "syncStateInvalid"
	// ModeResyncRequired: 410 resyncRequired.
	ModeResyncRequired = "resyncRequired"
	// ModeLocation: 410 Gone with a Location header whose URL has an empty
	// $deltatoken (tenant-level sync reset).
	ModeLocation = "location"
)

// Modes lists the valid expiry modes.
var Modes = []string{ModeSyncStateNotFound, ModeSyncStateInvalid, ModeResyncRequired, ModeLocation}

func syncError(r Resource, mode, location string) *odata.Error {
	switch mode {
	case ModeSyncStateInvalid:
		if r.outlook() {
			return &odata.Error{Status: http.StatusGone, Code: "SyncStateInvalid", Message: "The sync state is invalid. Please resynchronize."}
		}
		return &odata.Error{Status: http.StatusBadRequest, Code: "syncStateInvalid", Message: "The sync state is invalid. The delta token must be discarded and data synchronized again."}
	case ModeResyncRequired:
		return &odata.Error{Status: http.StatusGone, Code: "resyncRequired", Message: "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about."}
	case ModeLocation:
		return &odata.Error{Status: http.StatusGone, Code: "syncReset", Message: "The sync state was reset. Restart with a full synchronization from the Location URL.",
			Header: http.Header{"Location": {location}}}
	}
	if r.outlook() {
		return &odata.Error{Status: http.StatusGone, Code: "SyncStateNotFound", Message: "The sync state generation is not found; generation=149;[highest=157][157][155][156]."}
	}
	return &odata.Error{Status: http.StatusBadRequest, Code: "syncStateNotFound", Message: "The sync state generation is not found. The delta token is expired and data must be synchronized again."}
}

func badToken(r Resource, param string) *odata.Error {
	if r.outlook() {
		return &odata.Error{Status: http.StatusBadRequest, Code: "ErrorInvalidSyncStateData", Message: "The value of " + param + " is not a valid sync state."}
	}
	return &odata.Error{Status: http.StatusBadRequest, Code: "Request_BadRequest", Message: "Invalid value for the " + param + " query parameter: the token is malformed."}
}

func badRequest(r Resource, message string) *odata.Error {
	if r.outlook() {
		return &odata.Error{Status: http.StatusBadRequest, Code: "ErrorInvalidUrlQuery", Message: message}
	}
	return &odata.Error{Status: http.StatusBadRequest, Code: "Request_BadRequest", Message: message}
}

func unknownProperty(r Resource, s *tenant.Schema, name string) *odata.Error {
	if r.outlook() {
		return &odata.Error{Status: http.StatusBadRequest, Code: "RequestBroker--ParseUri",
			Message: "Could not find a property named '" + name + "' on type 'Microsoft.OutlookServices." + upperFirst(s.Type) + "'."}
	}
	return &odata.Error{Status: http.StatusBadRequest, Code: "Request_BadRequest",
		Message: "Could not find a property named '" + name + "' on type 'Microsoft.DirectoryServices." + upperFirst(s.Type) + "'."}
}

// notTracked is Graph's answer to a $select of properties outside the main
// store, as seen in practice (GRAPH-DELTA.md §1.3): 400, not the 501
// NotImplemented of the overview's older text.
func notTracked(names []string) *odata.Error {
	return &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest",
		Message: "Invalid request for delta query. $expand/$select is not supported for the following properties: " + strings.Join(names, ", ")}
}

func folderGone(folder string) *odata.Error {
	return &odata.Error{Status: http.StatusNotFound, Code: "ErrorSyncFolderNotFound", Message: "The sync folder " + folder + " was not found."}
}

func folderNotFound() *odata.Error {
	return &odata.Error{Status: http.StatusNotFound, Code: "ErrorItemNotFound", Message: "The specified object was not found in the store."}
}

func mailboxNotFound() *odata.Error {
	return &odata.Error{Status: http.StatusNotFound, Code: "MailboxNotEnabledForRESTAPI", Message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise."}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-32) + s[1:]
}
