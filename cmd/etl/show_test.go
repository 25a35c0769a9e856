package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestShowPrintsAnAlignedTable(t *testing.T) {
	columns := []string{"id", "displayName", "accountEnabled", "businessPhones", "createdDateTime", "home", "notes"}
	rows := []map[string]any{
		{"id": "0001", "displayName": "Adele Vance", "accountEnabled": true, "businessPhones": []any{"+1 425 555 0109"},
			"createdDateTime": time.Date(2024, 3, 5, 10, 11, 12, 345e6, time.UTC), "home": map[string]any{"city": "Oslo", "zip": nil},
			"notes": "line one\nline two\tand a tab"},
		{"id": "0002", "displayName": "Bjørn Ødegård", "accountEnabled": false, "businessPhones": []any{},
			"createdDateTime": time.Date(2024, 3, 5, 10, 11, 12, 0, time.UTC), "notes": strings.Repeat("long ", 20)},
		{"id": "0003", "age": int64(42), "score": 1.5},
	}
	q, err := newShowQuery("users", append(columns, "_round"), showFlags{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := q.take(r); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := writeRows(&out, q.columns, q.rows, 30); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "show.golden", out.Bytes())
}

func TestShowFiltersAndLimits(t *testing.T) {
	all := []string{"id", "jobTitle", "accountEnabled", "_round", "_stream"}
	rows := []map[string]any{
		{"id": "a", "jobTitle": "Engineer", "accountEnabled": true, "_round": int64(1)},
		{"id": "b", "jobTitle": nil, "accountEnabled": true, "_round": int64(2)},
		{"id": "c", "jobTitle": "Engineer", "accountEnabled": false, "_round": int64(2)},
		{"id": "d", "jobTitle": "Engineer", "accountEnabled": true, "_round": int64(3)},
	}
	tests := []struct {
		name     string
		flags    showFlags
		wantIDs  string
		wantMore bool
	}{
		{"every --where must hold", showFlags{where: []string{"jobTitle=Engineer", "accountEnabled=true"}, columns: []string{"id"}}, "a d", false},
		{"an empty value matches null", showFlags{where: []string{"jobTitle="}, columns: []string{"id"}}, "b", false},
		{"a meta column can filter", showFlags{where: []string{"_round=2"}, columns: []string{"id"}}, "b c", false},
		{"--limit stops and says more match", showFlags{limit: 2, columns: []string{"id"}}, "a b", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := newShowQuery("users", all, tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if err := q.take(r); err != nil {
					break
				}
			}
			var ids []string
			for _, r := range q.rows {
				ids = append(ids, r[0])
			}
			if got := strings.Join(ids, " "); got != tt.wantIDs || q.more != tt.wantMore {
				t.Errorf("rows %q (more: %v), want %q (more: %v)", got, q.more, tt.wantIDs, tt.wantMore)
			}
		})
	}
}

func TestShowNamesTheColumnsOfAMistake(t *testing.T) {
	all := []string{"id", "displayName", "_round"}
	tests := []struct {
		name  string
		flags showFlags
		want  string
	}{
		{"an unknown --where column", showFlags{where: []string{"displayname=x"}}, `--where: table users has no column "displayname"; it has id, displayName, _round`},
		{"a --where without =", showFlags{where: []string{"id"}}, `--where "id": write column=value`},
		{"an unknown --columns column", showFlags{columns: []string{"id", "mail"}}, `--columns: table users has no column "mail"; it has id, displayName, _round`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := newShowQuery("users", all, tt.flags); err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
