package sdk

import (
	"context"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/table"
)

// PreferMinimal is the Prefer value that makes Graph return only the
// properties that changed (Entra ID resources: users, groups, orgContacts).
const PreferMinimal = "return=minimal"

// DirectoryQuery is a delta query on an Entra ID resource (/users,
// /groups, /contacts): a $select, optionally a list of object ids to
// track, and optionally return=minimal.
type DirectoryQuery struct {
	// Resource is the collection's path segment, e.g. "groups"; it also
	// names the stream when IDs is empty.
	Resource string
	// Table receives the items unless Item is set.
	Table string
	// Select lists the properties to request; id is always returned.
	Select []string
	// IDs, when not empty, restricts the query to these objects: one
	// stream per chunk of at most MaxFilterIDs (see ChunkIDs), named
	// Resource + "/" + the chunk's key.
	IDs []string
	// Filter, when set and IDs is empty, is added as $filter, e.g.
	// "id eq '…'".
	Filter string
	// Minimal sends "Prefer: return=minimal": an update then carries only
	// the properties that changed, and _fields says which.
	Minimal bool
	// Item, when set, handles each item (see DeltaStream.Item).
	Item func(ctx context.Context, emit *Emitter, stream string, obj table.Object) error
}

// Streams returns the query's delta streams against endpoint, Graph's
// base URL without a trailing slash.
func (q DirectoryQuery) Streams(endpoint string) []DeltaStream {
	base := DeltaStream{ID: q.Resource, Table: q.Table, Item: q.Item,
		URL: endpoint + "/" + q.Resource + "/delta?$select=" + strings.Join(q.Select, ",")}
	if q.Minimal {
		base.Prefer = []string{PreferMinimal}
	}
	if len(q.IDs) == 0 {
		if q.Filter != "" {
			base.URL += "&$filter=" + url.QueryEscape(q.Filter)
		}
		return []DeltaStream{base}
	}
	chunks := ChunkIDs(q.IDs)
	out := make([]DeltaStream, len(chunks))
	for i, c := range chunks {
		s := base
		s.ID = q.Resource + "/" + c.Key
		s.URL = base.URL + "&$filter=" + url.QueryEscape(c.Filter())
		out[i] = s
	}
	return out
}
