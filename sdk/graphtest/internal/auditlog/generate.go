package auditlog

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// generator draws one event's fields.
type generator struct {
	rng    *rand.Rand
	domain string
	serial int
	people []Person
}

// Pools the generated events draw from.
var (
	people   = []string{"Adele Vance", "Alex Wilber", "Diego Siciliani", "Grady Archie", "Isaiah Langer", "Johanna Lorenz", "Lee Gu", "Lidia Holloway", "Megan Bowen", "Nestor Wilke", "Patti Fernandez", "Pradeep Gupta"}
	apps     = [][2]string{{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"}, {"de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer"}, {"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"}, {"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"}, {"c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"}}
	cities   = [][4]string{{"Redmond", "Washington", "US", "47.68,-122.12"}, {"Dublin", "Dublin", "IE", "53.35,-6.26"}, {"Paris", "Ile-de-France", "FR", "48.86,2.35"}, {"Tokyo", "Tokyo", "JP", "35.68,139.69"}, {"Sydney", "New South Wales", "AU", "-33.87,151.21"}}
	systems  = [][2]string{{"Windows 10", "Edge 120.0.0"}, {"MacOs", "Safari 17.1"}, {"Ios", "Mobile Safari"}, {"Android", "Chrome Mobile 119"}, {"Windows 11", "Chrome 120.0.0"}}
	failures = []struct {
		code   int
		reason string
	}{{50126, "Error validating credentials due to invalid username or password."}, {50074, "Strong Authentication is required."}, {53003, "Access has been blocked by Conditional Access policies."}}
	policies = [][2]string{{"de7e60eb-ed89-4d73-8205-2227def6b7c9", "Require MFA for admins"}, {"6701123a-b4c6-48af-8565-565c8bf7cabc", "Block legacy authentication"}, {"0b5f5e11-1d4f-4c0b-a1b5-3f0f5e3b8f21", "Require compliant device"}}
	activity = []struct{ name, category, operation, target string }{
		{"Add user", "UserManagement", "Add", "User"}, {"Update user", "UserManagement", "Update", "User"},
		{"Add member to group", "GroupManagement", "Assign", "Group"}, {"Remove member from group", "GroupManagement", "Unassign", "Group"},
		{"Add service principal", "ApplicationManagement", "Add", "ServicePrincipal"}, {"Update application", "ApplicationManagement", "Update", "Application"},
		{"Add member to role", "RoleManagement", "Assign", "Role"}, {"Reset user password", "UserManagement", "Reset", "User"}}
)

// guid draws a GUID.
func (g generator) guid() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}

// person draws a user: id, display name and principal name.
func (g generator) person() (id, name, upn string) {
	if len(g.people) > 0 {
		p := g.people[g.rng.IntN(len(g.people))]
		return p.ID, p.DisplayName, p.UserPrincipalName
	}
	i := g.rng.IntN(len(people))
	first := people[i][:len(people[i])-len(" ")-len(lastName(people[i]))]
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", i+1), people[i], fmt.Sprintf("%s@%s", lower(first), g.domain)
}

// graphTime writes t as Graph writes event times: seven fractional digits.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

// event generates an event of kind k at time at: its id and JSON.
func (g generator) event(k Kind, at time.Time) (string, json.RawMessage) {
	var id string
	var v map[string]any
	if k == SignIns {
		id, v = g.signIn(at)
	} else {
		id, v = g.audit(at)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("auditlog: encode a generated %s: %v", k.Type, err))
	}
	return id, raw
}

func (g generator) signIn(at time.Time) (string, map[string]any) {
	userID, name, upn := g.person()
	app := apps[g.rng.IntN(len(apps))]
	city := cities[g.rng.IntN(len(cities))]
	sys := systems[g.rng.IntN(len(systems))]
	status := map[string]any{"errorCode": 0, "failureReason": "Other.", "additionalDetails": nil}
	caStatus := "success"
	if g.rng.IntN(5) == 0 {
		f := failures[g.rng.IntN(len(failures))]
		status = map[string]any{"errorCode": f.code, "failureReason": f.reason, "additionalDetails": "MFA requirement satisfied by claim in the token"}
		caStatus = "failure"
	}
	var applied []map[string]any
	for _, p := range policies[:g.rng.IntN(len(policies)+1)] {
		applied = append(applied, map[string]any{"id": p[0], "displayName": p[1], "enforcedGrantControls": []string{"Mfa"},
			"enforcedSessionControls": []string{}, "result": []string{"success", "notApplied", "notEnabled"}[g.rng.IntN(3)]})
	}
	var lat, lon float64
	_, _ = fmt.Sscanf(city[3], "%g,%g", &lat, &lon)
	id := g.guid()
	return id, map[string]any{
		"id": id, "createdDateTime": graphTime(at), "userDisplayName": name, "userPrincipalName": upn, "userId": userID,
		"appId": app[0], "appDisplayName": app[1], "ipAddress": fmt.Sprintf("203.0.113.%d", g.rng.IntN(254)+1),
		"clientAppUsed": []string{"Browser", "Mobile Apps and Desktop clients"}[g.rng.IntN(2)], "correlationId": g.guid(),
		"conditionalAccessStatus": caStatus, "isInteractive": g.rng.IntN(4) != 0,
		"riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": []string{"none", "low", "medium"}[g.rng.IntN(3)],
		"riskState": "none", "riskEventTypes_v2": []string{}, "resourceDisplayName": "Microsoft Graph",
		"resourceId": "00000003-0000-0000-c000-000000000000", "status": status,
		"deviceDetail": map[string]any{"deviceId": "", "displayName": nil, "operatingSystem": sys[0], "browser": sys[1],
			"isCompliant": g.rng.IntN(2) == 0, "isManaged": g.rng.IntN(2) == 0, "trustType": nil},
		"location": map[string]any{"city": city[0], "state": city[1], "countryOrRegion": city[2],
			"geoCoordinates": map[string]any{"altitude": nil, "latitude": lat, "longitude": lon}},
		"appliedConditionalAccessPolicies": applied,
	}
}

func (g generator) audit(at time.Time) (string, map[string]any) {
	a := activity[g.rng.IntN(len(activity))]
	userID, name, upn := g.person()
	initiated := map[string]any{"user": map[string]any{"id": userID, "displayName": name, "userPrincipalName": upn,
		"ipAddress": fmt.Sprintf("198.51.100.%d", g.rng.IntN(254)+1)}, "app": nil}
	if g.rng.IntN(3) == 0 {
		app := apps[g.rng.IntN(len(apps))]
		initiated = map[string]any{"user": nil, "app": map[string]any{"appId": app[0], "displayName": app[1],
			"servicePrincipalId": g.guid(), "servicePrincipalName": app[1]}}
	}
	_, targetName, targetUPN := g.person()
	target := map[string]any{"id": g.guid(), "displayName": targetName, "type": a.target, "userPrincipalName": nil, "groupType": nil,
		"modifiedProperties": []map[string]any{{"displayName": "AccountEnabled", "oldValue": "[false]", "newValue": "[true]"}}}
	if a.target == "User" {
		target["userPrincipalName"] = targetUPN
	}
	if a.target == "Group" {
		target["groupType"] = "unifiedGroups"
	}
	result := "success"
	if g.rng.IntN(10) == 0 {
		result = "failure"
	}
	corr := g.guid()
	id := fmt.Sprintf("Directory_%s_%05d", corr, g.serial)
	return id, map[string]any{
		"id": id, "category": a.category, "correlationId": corr, "result": result, "resultReason": "",
		"activityDisplayName": a.name, "activityDateTime": graphTime(at), "loggedByService": "Core Directory",
		"operationType": a.operation, "initiatedBy": initiated, "targetResources": []map[string]any{target},
		"additionalDetails": []map[string]any{{"key": "User-Agent", "value": "Mozilla/5.0"}},
	}
}

func lastName(full string) string {
	for i := len(full) - 1; i >= 0; i-- {
		if full[i] == ' ' {
			return full[i+1:]
		}
	}
	return full
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
