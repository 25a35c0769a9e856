package auditlogs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/plugins/auditlogs"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/sdktest"
)

// tables are the source's tables with their time columns.
var tables = []struct{ name, timeColumn string }{
	{auditlogs.SignInsTableName, "createdDateTime"},
	{auditlogs.DirectoryAuditsTableName, "activityDateTime"},
}

// truth returns the ids of the events the emulator shows now.
func truth(t *testing.T, srv *graphtest.Server, table string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range sdktest.Truth(t, srv, table, "id") {
		ids[e["id"].(string)] = true
	}
	return ids
}

// lake counts the rows written for each event id, over every round.
type lake map[string]map[string]int

func (l lake) add(rd sdktest.Round) {
	for _, tb := range tables {
		if l[tb.name] == nil {
			l[tb.name] = map[string]int{}
		}
		for _, row := range rd.Rows[tb.name] {
			l[tb.name][row["id"].(string)]++
		}
	}
}

// assertExactlyOnce checks that the lake holds every event the emulator
// shows, each once.
func (l lake) assertExactlyOnce(t *testing.T, srv *graphtest.Server, when string) {
	t.Helper()
	for _, tb := range tables {
		want := truth(t, srv, tb.name)
		for id, n := range l[tb.name] {
			if n != 1 || !want[id] {
				t.Fatalf("%s: %s event %s written %d times (in the emulator: %v)", when, tb.name, id, n, want[id])
			}
		}
		if len(l[tb.name]) != len(want) {
			t.Fatalf("%s: %s holds %d events, the emulator shows %d", when, tb.name, len(l[tb.name]), len(want))
		}
	}
}

func start(t *testing.T, seed int64, maxDelay time.Duration) *graphtest.Server {
	return graphtest.Start(t, graphtest.Options{Seed: seed, AuditLogs: graphtest.AuditLogOptions{
		SignInsPerHour: 240, AuditsPerHour: 120, History: time.Hour, MaxDelay: maxDelay, PageSize: 40}})
}

// TestEveryEventOnceAcrossRounds: rounds between advances of the log
// clock, with events shown up to 10 minutes late: after each round the
// lake holds every event the emulator shows, once, late ones included.
func TestEveryEventOnceAcrossRounds(t *testing.T) {
	srv := start(t, 1, 10*time.Minute)
	r := sdktest.New(t, srv, auditlogs.New())
	l := lake{}
	var late int
	newest := map[string]string{}
	for round := range 6 {
		rd := r.Sync(`{"overlap": "15m"}`)
		// Only the first round is initial: a full round of a stream the
		// host knows would make it delete the events no longer listed.
		want := sdk.ModeIncremental
		if round == 0 {
			want = sdk.ModeInitial
		}
		for _, cp := range rd.Checkpoints {
			if cp.Mode != want {
				t.Fatalf("round %d: stream %s's mode is %s, want %s", round+1, cp.Stream, cp.Mode, want)
			}
		}
		for _, tb := range tables {
			var max string
			for _, row := range rd.Rows[tb.name] {
				at := row[tb.timeColumn].(time.Time).UTC().Format(time.RFC3339Nano)
				if at < newest[tb.name] {
					late++
				}
				max = maxString(max, at)
			}
			newest[tb.name] = maxString(newest[tb.name], max)
		}
		l.add(rd)
		l.assertExactlyOnce(t, srv, fmt.Sprintf("round %d", round+1))
		srv.AdvanceLogs(time.Duration(3+round*4) * time.Minute)
	}
	if late == 0 {
		t.Fatal("no round wrote an event older than one an earlier round wrote: late events were not exercised")
	}
}

// TestLateEventsBeyondTheOverlapAreLost shows what the overlap is for:
// without one, events Graph shows late are never read.
func TestLateEventsBeyondTheOverlapAreLost(t *testing.T) {
	srv := start(t, 2, 10*time.Minute)
	r := sdktest.New(t, srv, auditlogs.New())
	l := lake{}
	for range 4 {
		l.add(r.Sync(`{"overlap": "0s"}`))
		srv.AdvanceLogs(7 * time.Minute)
	}
	l.add(r.Sync(`{"overlap": "0s"}`))
	if got, want := len(l[auditlogs.SignInsTableName]), len(truth(t, srv, auditlogs.SignInsTableName)); got >= want {
		t.Fatalf("without an overlap the lake holds %d of %d sign-ins: no late event lost, the emulator shows none late", got, want)
	}
}

// TestARoundFailingPartWayLosesAndRepeatsNothing: a page refused in the
// middle of a round ends the stream ok with what it wrote (the host
// commits those rows) and a warning; a round refused at its first page
// fails the stream and keeps its cursor. The next rounds write every
// other event, once.
func TestARoundFailingPartWayLosesAndRepeatsNothing(t *testing.T) {
	srv := start(t, 3, 5*time.Minute)
	r := sdktest.New(t, srv, auditlogs.New())
	l := lake{}
	l.add(r.Sync(`{}`))
	srv.AdvanceLogs(20 * time.Minute)
	if err := srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "signIns?%24filter", Times: 1, After: 1}}}); err != nil {
		t.Fatal(err)
	}
	// The first page's query is not escaped as nextLinks are, so the rule
	// lets the second page through and refuses the third.
	partial := r.Sync(`{}`)
	var warned bool
	for _, w := range partial.Warnings {
		warned = warned || w.Stream == "signIns" && strings.Contains(w.Summary, "in part")
	}
	cp := checkpoint(t, partial, "signIns")
	if cp.Status != sdk.StatusOK || cp.Upserts == 0 || !warned {
		t.Fatalf("a round refused after its first page: status %v, %d rows, warned %v; want ok with the rows written and a warning", cp.Status, cp.Upserts, warned)
	}
	l.add(partial)
	srv.ClearFaults()
	srv.AdvanceLogs(5 * time.Minute)
	if err := srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "/auditLogs/directoryAudits", Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	failed := r.Sync(`{}`, sdktest.AllowFailed("directoryAudits"))
	if cp := checkpoint(t, failed, "directoryAudits"); cp.Status != sdk.StatusFailed || cp.Upserts != 0 {
		t.Fatalf("a round refused at its first page: status %v, %d rows; want failed, none", cp.Status, cp.Upserts)
	}
	l.add(failed)
	srv.ClearFaults()
	l.add(r.Sync(`{}`))
	l.assertExactlyOnce(t, srv, "after the failed rounds")
}

// TestSignInsWithoutALicenceFailAlone: a tenant without Entra ID P1 or P2
// refuses sign-ins; that stream fails with the fix, the audits go on.
func TestSignInsWithoutALicenceFailAlone(t *testing.T) {
	srv := start(t, 5, time.Minute)
	if err := srv.SetFaults(graphtest.FaultConfig{Rules: []graphtest.FaultRule{{Kind: "forbidden", Match: "/auditLogs/signIns",
		Code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant", Message: "Neither tenant is B2C or tenant doesn't have premium license"}}}); err != nil {
		t.Fatal(err)
	}
	rd := sdktest.New(t, srv, auditlogs.New()).Sync(`{}`, sdktest.AllowFailed("signIns"))
	if cp := checkpoint(t, rd, "signIns"); cp.Status != sdk.StatusFailed || !strings.Contains(cp.Error, "P1 or P2") {
		t.Fatalf("signIns: status %v, error %q; want failed, naming the licence", cp.Status, cp.Error)
	}
	if cp := checkpoint(t, rd, "directoryAudits"); cp.Status != sdk.StatusOK || cp.Upserts == 0 {
		t.Fatalf("directoryAudits: status %v, %d rows; want ok with rows", cp.Status, cp.Upserts)
	}
}

func checkpoint(t *testing.T, rd sdktest.Round, stream string) sdk.Checkpoint {
	t.Helper()
	for _, cp := range rd.Checkpoints {
		if cp.Stream == stream {
			return cp
		}
	}
	t.Fatalf("no checkpoint of %s", stream)
	return sdk.Checkpoint{}
}

// TestTypedColumnsHoldGraphsValues: nested properties land in their
// struct and list columns.
func TestTypedColumnsHoldGraphsValues(t *testing.T) {
	srv := start(t, 4, 0)
	rd := sdktest.New(t, srv, auditlogs.New()).Sync(`{"logs": ["sign_ins", "directory_audits"], "page_size": 1000}`)
	signIn := rd.Rows[auditlogs.SignInsTableName][0]
	loc, _ := signIn["location"].(map[string]any)
	status, _ := signIn["status"].(map[string]any)
	if loc["city"] == nil || status["errorCode"] == nil || signIn["eventDate"] == nil {
		t.Fatalf("sign-in row lacks location.city, status.errorCode or eventDate: %v", signIn)
	}
	audit := rd.Rows[auditlogs.DirectoryAuditsTableName][0]
	targets, _ := audit["targetResources"].([]any)
	if len(targets) == 0 || targets[0].(map[string]any)["modifiedProperties"] == nil || audit["initiatedBy"] == nil {
		t.Fatalf("audit row lacks targetResources[0].modifiedProperties or initiatedBy: %v", audit)
	}
	for _, tb := range tables {
		for _, row := range rd.Rows[tb.name] {
			if extra, ok := row["_extra"].(string); ok && extra != "" && extra != "{}" {
				t.Fatalf("%s row keeps properties out of the typed columns: %s", tb.name, extra)
			}
		}
	}
}

func TestConfigErrorsNameTheAttribute(t *testing.T) {
	tests := []struct{ config, attribute, text string }{
		{`{"look_back": "31d"}`, "look_back", "30d"},
		{`{"look_back": "a week"}`, "look_back", "7d"},
		{`{"overlap": "-1m"}`, "overlap", "30m"},
		{`{"logs": ["provisioning"]}`, "logs", "sign_ins, directory_audits"},
		{`{"logs": []}`, "logs", "at least one"},
		{`{"page_size": 5000}`, "page_size", "1000"},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			diags := auditlogs.New().ValidateConfig(t.Context(), []byte(tt.config))
			if len(diags) != 1 || diags[0].Attribute != tt.attribute || !strings.Contains(diags[0].Detail, tt.text) {
				t.Fatalf("diagnostics %+v, want one on %s mentioning %q", diags, tt.attribute, tt.text)
			}
		})
	}
	if diags := auditlogs.New().ValidateConfig(t.Context(), []byte(`{"look_back": "30d", "overlap": "1h", "logs": ["directory_audits"]}`)); sdk.HasErrors(diags) {
		t.Fatalf("a valid block refused: %+v", diags)
	}
}

func maxString(a, b string) string {
	if a > b {
		return a
	}
	return b
}
