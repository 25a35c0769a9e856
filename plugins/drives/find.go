package drives

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/principals"
)

// findStream is the pseudo-stream whose failed checkpoint reports drives
// that could not be found (users not listed, sites not resolved).
const findStream = "drives"

// users calls fn with each user to look for a OneDrive: the listed ones
// (object ids or principal names, as they are: /users/{id or UPN}/drive
// takes either), or every user of the tenant that user_filter matches.
func (r *round) users(ctx context.Context, fn func(user string)) error {
	if !r.cfg.allUsers() {
		for _, u := range r.cfg.Users {
			fn(u)
		}
		return nil
	}
	return principals.Users(ctx, r.req.Graph, r.req.Endpoint, r.cfg.UserFilter, fn)
}

// oneDrive returns the id of a user's OneDrive; ok is false when the user
// has none (never signed in, no licence) or no longer exists.
func (r *round) oneDrive(ctx context.Context, user string) (id string, ok bool, err error) {
	var d struct {
		ID string `json:"id"`
	}
	err = r.req.Graph.GetJSON(ctx, r.req.Endpoint+"/users/"+url.PathEscape(user)+"/drive?$select=id,driveType", http.Header{}, &d)
	switch {
	case err == nil && d.ID != "":
		return d.ID, true, nil
	case err == nil:
		return "", false, fmt.Errorf("the OneDrive of user %s has no id", user)
	case noDrive(err):
		return "", false, nil
	}
	return "", false, fmt.Errorf("find the OneDrive of user %s (needs Files.Read.All): %w", user, err)
}

// noDrive reports whether err says the user has no OneDrive: 404
// ResourceNotFound "User's mysite not found.", 400 "Unable to retrieve
// user's mysite URL.", or a user that does not exist (404
// Request_ResourceNotFound, itemNotFound).
func noDrive(err error) bool {
	var api *graph.APIError
	if !errors.As(err, &api) {
		return false
	}
	if api.Status == http.StatusNotFound {
		return true
	}
	return api.Status == http.StatusBadRequest && strings.Contains(strings.ToLower(api.Message), "mysite")
}

// siteDrives returns the ids of a site's document libraries; site is a
// site id or URL.
func (r *round) siteDrives(ctx context.Context, site string) ([]string, error) {
	id := site
	if host, path, ok := siteURL(site); ok {
		var s struct {
			ID string `json:"id"`
		}
		err := r.req.Graph.GetJSON(ctx, r.req.Endpoint+"/sites/"+host+":"+path+"?$select=id", http.Header{}, &s)
		if err == nil && s.ID == "" {
			err = errors.New("the site has no id")
		}
		if err != nil {
			return nil, fmt.Errorf("resolve site %s (needs Sites.Read.All): %w", site, err)
		}
		id = s.ID
	}
	var out []string
	err := r.req.Graph.List(ctx, graph.Query{URL: r.req.Endpoint + "/sites/" + url.PathEscape(id) + "/drives?$select=id,driveType"}, func(_ context.Context, p graph.Page) error {
		for _, raw := range p.Items {
			var d struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &d); err != nil || d.ID == "" {
				return fmt.Errorf("drives page %d: a drive has no id", p.Number)
			}
			out = append(out, d.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the document libraries of site %s (needs Sites.Read.All): %w", site, err)
	}
	return out, nil
}
