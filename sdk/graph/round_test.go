package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/graphtest"
)

func TestRoundReadsEveryUserAcrossPages(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 1, Users: 500})
	f := newFixture(t, srv, graph.Options{})
	var got collector
	link, err := f.client.Round(t.Context(), graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName"}, got.add)
	if err != nil {
		t.Fatalf("Round: %v", err)
	}
	var sizes, numbers []int
	for _, p := range got.pages {
		sizes, numbers = append(sizes, len(p.Items)), append(numbers, p.Number)
	}
	if diff := cmp.Diff([]int{200, 200, 100}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 3}, numbers); diff != "" {
		t.Errorf("page numbers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(truth(t, srv, "users"), got.set()); diff != "" || len(got.ids) != 500 {
		t.Errorf("round ids differ from the tenant's users (-want +got), %d ids:\n%s", len(got.ids), diff)
	}
	if link == "" {
		t.Fatal("Round returned no deltaLink")
	}
	if n := f.tokens.calls.Load(); n != 1 {
		t.Errorf("the token source was asked %d times for one round, want 1 (cached)", n)
	}
}

func TestRoundAfterChurnReturnsOnlyChanges(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 2, Users: 300})
	f := newFixture(t, srv, graph.Options{})
	ctx := t.Context()
	q := graph.Query{URL: srv.GraphURL() + "/users/delta?$select=displayName,jobTitle"}
	link, err := f.client.Round(ctx, q, func(context.Context, graph.Page) error { return nil })
	if err != nil {
		t.Fatalf("initial round: %v", err)
	}
	res, err := srv.Tenant().Churn(graphtest.ChurnSpec{Resource: "users", Creates: 3, Deletes: 2, Seed: 9})
	if err != nil {
		t.Fatalf("churn: %v", err)
	}
	want := map[string]bool{}
	for _, id := range slices.Concat(res.Created, res.Deleted) {
		want[id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(truth(t, srv, "users")))[:4] {
		if err := srv.Tenant().Update("users", id, graphtest.Props{"jobTitle": json.RawMessage(`"Renamed"`)}); err != nil {
			t.Fatalf("update %s: %v", id, err)
		}
		want[id] = true
	}
	var got collector
	next, err := f.client.Round(ctx, graph.Query{URL: link}, got.add)
	if err != nil {
		t.Fatalf("incremental round: %v", err)
	}
	if diff := cmp.Diff(want, got.set()); diff != "" {
		t.Errorf("incremental ids (-want +got):\n%s", diff)
	}
	if next == "" || next == link {
		t.Errorf("the incremental round must return a new deltaLink")
	}
	var quiet collector
	if _, err := f.client.Round(ctx, graph.Query{URL: next}, quiet.add); err != nil || len(quiet.ids) != 0 || len(quiet.pages) != 1 {
		t.Errorf("a round without changes: %d items on %d pages, err %v; want one empty page", len(quiet.ids), len(quiet.pages), err)
	}
}

func TestListAndGetJSON(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, Users: 250})
	f := newFixture(t, srv, graph.Options{})
	ctx := t.Context()
	t.Run("List pages through a plain collection without a deltaLink", func(t *testing.T) {
		var got collector
		if err := f.client.List(ctx, graph.Query{URL: srv.GraphURL() + "/users?$select=id&$top=100"}, got.add); err != nil {
			t.Fatalf("List: %v", err)
		}
		if len(got.pages) != 3 || len(got.ids) != 250 {
			t.Errorf("%d pages with %d ids, want 3 with 250", len(got.pages), len(got.ids))
		}
	})
	id := slices.Sorted(maps.Keys(truth(t, srv, "users")))[0]
	t.Run("GetJSON decodes one resource", func(t *testing.T) {
		var user struct {
			ID string `json:"id"`
		}
		if err := f.client.GetJSON(ctx, srv.GraphURL()+"/users/"+id+"?$select=id", nil, &user); err != nil || user.ID != id {
			t.Errorf("GetJSON = %q, %v; want %q", user.ID, err, id)
		}
	})
	t.Run("GetJSON reports a missing resource as an APIError", func(t *testing.T) {
		var v map[string]any
		err := f.client.GetJSON(ctx, srv.GraphURL()+"/users/00000000-0000-4000-8000-000000000000", nil, &v)
		var api *graph.APIError
		if !errors.As(err, &api) || api.Status != 404 || graph.IsResync(err) {
			t.Errorf("err = %v, want a 404 APIError", err)
		}
	})
}
