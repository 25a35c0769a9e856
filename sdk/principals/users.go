package principals

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/graphlake/graphlake/sdk/graph"
)

// objectID matches a directory object id (a GUID).
var objectID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsObjectID reports whether s is a directory object id (a GUID), as
// opposed to a user principal name.
func IsObjectID(s string) bool { return objectID.MatchString(s) }

// Users calls fn with the object id, in lower case, of each user of the
// tenant that filter (a $filter; empty: every user) matches, page by page
// as Graph returns them (999 a page, only the id selected). It stops at
// the first page it cannot read or ctx's end; the error names the listing
// and the permission it needs.
func Users(ctx context.Context, c *graph.Client, endpoint, filter string, fn func(id string)) error {
	q := url.Values{"$select": {"id"}, "$top": {"999"}}
	if filter != "" {
		q.Set("$filter", filter)
	}
	err := c.List(ctx, graph.Query{URL: endpoint + "/users?" + q.Encode()}, func(ctx context.Context, p graph.Page) error {
		for _, raw := range p.Items {
			var u struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &u); err != nil || u.ID == "" {
				return fmt.Errorf("users page %d: an item has no id", p.Number)
			}
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			fn(strings.ToLower(u.ID))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list the tenant's users (needs User.Read.All): %w", err)
	}
	return nil
}

// Resolve returns the object id, in lower case, of user: an object id is
// returned as it is, without a request; a user principal name is looked
// up (GET /users/{upn}), so that what is keyed by it survives a rename.
func Resolve(ctx context.Context, c *graph.Client, endpoint, user string) (string, error) {
	if IsObjectID(user) {
		return strings.ToLower(user), nil
	}
	var u struct {
		ID string `json:"id"`
	}
	err := c.GetJSON(ctx, endpoint+"/users/"+url.PathEscape(user)+"?$select=id", http.Header{}, &u)
	if err == nil && u.ID == "" {
		err = errors.New("the user has no id")
	}
	if err != nil {
		return "", err
	}
	return strings.ToLower(u.ID), nil
}
