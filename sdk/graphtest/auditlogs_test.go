package graphtest_test

import (
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// list follows nextLinks from start and returns every event.
func (c *client) list(start string) (events []map[string]any, pages int) {
	c.t.Helper()
	for link := start; link != ""; pages++ {
		r := c.get(link)
		if r.status != 200 {
			c.t.Fatalf("GET %s: status %d: %s", link, r.status, r.body)
		}
		if r.page.DeltaLink != "" {
			c.t.Fatalf("GET %s: a log list has no deltaLink", link)
		}
		events = append(events, r.page.Value...)
		link = r.page.NextLink
	}
	return events, pages
}

func TestAuditLogsListNewestFirstInPages(t *testing.T) {
	tests := []struct {
		segment, table, timeProp string
	}{
		{"signIns", "sign_ins", "createdDateTime"},
		{"directoryAudits", "directory_audits", "activityDateTime"},
	}
	srv := graphtest.Start(t, graphtest.Options{Seed: 3, AuditLogs: graphtest.AuditLogOptions{SignInsPerHour: 300, AuditsPerHour: 300, History: time.Hour}})
	c := newClient(t, srv)
	for _, tt := range tests {
		t.Run(tt.segment, func(t *testing.T) {
			truth := c.state(tt.table)
			if len(truth) < 200 {
				t.Fatalf("truth holds %d events, want about 300 of an hour's history", len(truth))
			}
			events, pages := c.list(srv.GraphURL() + "/auditLogs/" + tt.segment + "?$top=50")
			if pages < len(truth)/50 || len(events) != len(truth) {
				t.Fatalf("listed %d events in %d pages, want the truth's %d in pages of 50", len(events), pages, len(truth))
			}
			seen := map[string]bool{}
			for i, e := range events {
				if seen[e["id"].(string)] {
					t.Fatalf("event %v listed twice", e["id"])
				}
				seen[e["id"].(string)] = true
				if i > 0 && e[tt.timeProp].(string) > events[i-1][tt.timeProp].(string) {
					t.Fatalf("event %d is newer than the one before: not newest first", i)
				}
			}
			from := truth[len(truth)/2][tt.timeProp].(string)
			to := truth[len(truth)*3/4][tt.timeProp].(string)
			filter := url.QueryEscape(tt.timeProp + " ge " + from + " and " + tt.timeProp + " le " + to)
			window, _ := c.list(srv.GraphURL() + "/auditLogs/" + tt.segment + "?$filter=" + filter + "&$top=7")
			var want int
			for _, e := range truth {
				if at := e[tt.timeProp].(string); at >= from && at <= to {
					want++
				}
			}
			if len(window) != want || want == 0 {
				t.Fatalf("filtered list holds %d events, want %d", len(window), want)
			}
		})
	}
}

func TestAuditLogsShowEventsLate(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 4, AuditLogs: graphtest.AuditLogOptions{SignInsPerHour: 600, History: time.Minute, MaxDelay: 10 * time.Minute}})
	c := newClient(t, srv)
	before := ids(c.state("sign_ins"))
	adv := srv.AdvanceLogs(30 * time.Minute)
	middle := ids(c.state("sign_ins"))
	if adv.Generated["sign_ins"] != 300 || len(middle)-len(before) >= 300+len(before) {
		t.Fatalf("advance generated %d, %d visible after: want 300, some not yet visible", adv.Generated["sign_ins"], len(middle))
	}
	srv.AdvanceLogs(10 * time.Minute)
	after := c.state("sign_ins")
	var newest string
	for _, e := range middle {
		newest = max(newest, e["createdDateTime"].(string))
	}
	var late []string
	for _, e := range after {
		if id := e["id"].(string); middle[id] == nil && e["createdDateTime"].(string) < newest {
			late = append(late, id)
		}
	}
	if len(late) == 0 {
		t.Fatal("no event showed up after a newer one was visible: events are not late")
	}
	listed, _ := c.list(srv.GraphURL() + "/auditLogs/signIns")
	got := make([]string, len(listed))
	for i, e := range listed {
		got[i] = e["id"].(string)
	}
	sort.Strings(got)
	if len(got) != len(after) {
		t.Fatalf("listed %d events, truth holds %d", len(got), len(after))
	}
}

func TestAuditLogsRefuseWhatGraphRefuses(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 5})
	c := newClient(t, srv)
	tests := []struct{ name, path string }{
		{"unknown log", "/auditLogs/provisioning"},
		{"filter on the wrong operator", "/auditLogs/signIns?$filter=" + url.QueryEscape("createdDateTime ne 2026-01-01")},
		{"not a time", "/auditLogs/signIns?$filter=" + url.QueryEscape("createdDateTime ge yesterday")},
		{"bad top", "/auditLogs/directoryAudits?$top=0"},
		{"bad skiptoken", "/auditLogs/directoryAudits?$skiptoken=%21"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := c.get(srv.GraphURL() + tt.path); r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
		})
	}
}

// TestLateLogsVariantShowsEventsAfterMaxDelay: with late-logs some events
// show up later than MaxDelay after their time; without it none does.
func TestLateLogsVariantShowsEventsAfterMaxDelay(t *testing.T) {
	tests := []struct {
		name     string
		variants []graphtest.Variant
		wantLate bool
	}{
		{"default", nil, false},
		{"late-logs", []graphtest.Variant{graphtest.LateLogs}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := graphtest.Start(t, graphtest.Options{Seed: 6, Variants: tt.variants,
				AuditLogs: graphtest.AuditLogOptions{SignInsPerHour: 600, History: time.Minute, MaxDelay: 2 * time.Minute}})
			c := newClient(t, srv)
			clock := srv.AdvanceLogs(time.Hour).Now
			shown := ids(c.state("sign_ins"))
			srv.AdvanceLogs(31 * time.Minute)
			settled := clock.Add(-2 * time.Minute).UTC().Format("2006-01-02T15:04:05.0000000Z") // as Graph writes times
			var late int
			for _, e := range c.state("sign_ins") {
				if shown[e["id"].(string)] == nil && e["createdDateTime"].(string) <= settled {
					late++
				}
			}
			if (late > 0) != tt.wantLate {
				t.Fatalf("%d events showed up more than MaxDelay after their time, want some: %v", late, tt.wantLate)
			}
		})
	}
}

// TestAuditLogsNameTheTenantsUsers: sign-ins are the tenant's users',
// so the lake can join sign_ins.userId with users.id.
func TestAuditLogsNameTheTenantsUsers(t *testing.T) {
	srv := graphtest.Start(t, graphtest.Options{Seed: 7, Users: 20})
	c := newClient(t, srv)
	users := ids(c.state("users"))
	signIns := c.state("sign_ins")
	if len(signIns) == 0 {
		t.Fatal("no sign-ins")
	}
	for _, e := range signIns {
		u := users[e["userId"].(string)]
		if u == nil || u["userPrincipalName"] != e["userPrincipalName"] {
			t.Fatalf("sign-in %v names user %v (%v), not one of the tenant's", e["id"], e["userId"], e["userPrincipalName"])
		}
	}
}
