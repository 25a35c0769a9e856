package lakesql

import (
	"fmt"
	"strings"
)

// Nested membership: the one view that follows a table's meaning rather
// than its schema's metadata. A table named membershipTable with the
// columns below (the groups plugin's group_members) gets
// membershipTable_transitive over its current view.
const (
	membershipTable  = "group_members"
	memberGroup      = "groupId"
	memberRel        = "relationship"
	memberID         = "memberId"
	memberType       = "memberType"
	memberRelMember  = "member"
	colDepth         = "depth"
	colPath          = "path"
	transitiveSuffix = "_transitive"
	// MaxNestingDepth bounds the paths group_members_transitive follows:
	// Athena's engine (Trino) stops a recursive query at ten levels by
	// default (its max_recursion_depth), and DuckDB follows the same bound.
	MaxNestingDepth = 10
)

// hasMembership reports whether t is a membership table the transitive
// view can follow.
func hasMembership(t Table) bool {
	if t.Name != membershipTable {
		return false
	}
	return len(t.missing([]string{memberGroup, memberRel, memberID, memberType})) == 0
}

// transitiveView is the CREATE VIEW of every (group, member) pair that a
// chain of "member" links of the current state joins, through nested
// groups: one row per pair, with the member's type and the length of the
// shortest chain (1 for a direct member). A path never visits an object
// twice, so cycles end, and it stops at MaxNestingDepth links; a group is
// never listed as its own member.
func transitiveView(lake Lake, t Table) string {
	cur := lake.name(t.Name + "_current")
	g, m, typ, d, p := quote(memberGroup), quote(memberID), quote(memberType), quote(colDepth), quote(colPath)
	links := quote("links")
	return fmt.Sprintf(`CREATE OR REPLACE VIEW %s AS
WITH RECURSIVE %s AS (
  SELECT %s, %s, %s
  FROM %s
  WHERE %s = %s AND %s <> %s
), %s (%s) AS (
  SELECT %s, %s, %s, 1, ARRAY[%s, %s]
  FROM %s
  UNION ALL
  SELECT r.%s, l.%s, l.%s, r.%s + 1, r.%s || ARRAY[l.%s]
  FROM %s AS r
  JOIN %s AS l ON l.%s = r.%s
  WHERE r.%s < %d AND NOT contains(r.%s, l.%s)
)
SELECT %s, %s, %s, min(%s) AS %s
FROM %s
GROUP BY %s, %s, %s;
`, lake.name(t.Name+transitiveSuffix), links, g, m, typ, cur, quote(memberRel), literal(memberRelMember), g, m,
		quote("reach"), strings.Join([]string{g, m, typ, d, p}, ", "),
		g, m, typ, g, m, links,
		g, m, typ, d, p, m,
		quote("reach"), links, g, m,
		d, MaxNestingDepth, p, m,
		g, m, typ, d, d, quote("reach"), g, m, typ)
}

// Role membership: a table named roleTable with the columns below (the
// directory plugin's directory_role_members) gets roleTable_transitive
// when the lake also has group_members. Entra ID lets a role have
// role-assignable groups as members, whose direct members hold the role
// through them; such a group cannot have groups as members (Microsoft
// Entra's "Use Microsoft Entra groups to manage role assignments"), so
// one level of groups is all there is.
const (
	roleTable   = "directory_role_members"
	roleID      = "directoryRoleId"
	colViaGroup = "viaGroupId"
	groupType   = "group"
)

// hasRoleMembership reports whether t is a role membership table the
// transitive view can follow, given the membership table of groups.
func hasRoleMembership(t Table, groups *Table) bool {
	return t.Name == roleTable && groups != nil && hasMembership(*groups) && len(t.missing([]string{roleID, memberID, memberType})) == 0
}

// roleTransitiveView is the CREATE VIEW of every way a principal holds an
// activated role in the current state: one row per direct member (depth
// 1, viaGroupId null) and per member of a group that is a direct member
// (depth 2, viaGroupId that group). A principal may hold a role several
// ways, one row each.
func roleTransitiveView(lake Lake, t Table, groups Table) string {
	roles, members := lake.name(t.Name+"_current"), lake.name(groups.Name+"_current")
	r, m, typ, d, via := quote(roleID), quote(memberID), quote(memberType), quote(colDepth), quote(colViaGroup)
	return fmt.Sprintf(`CREATE OR REPLACE VIEW %s AS
SELECT r.%s, r.%s, r.%s, 1 AS %s, CAST(NULL AS VARCHAR) AS %s
FROM %s AS r
UNION ALL
SELECT r.%s, g.%s, g.%s, 2 AS %s, r.%s AS %s
FROM %s AS r
JOIN %s AS g ON g.%s = r.%s AND g.%s = %s
WHERE r.%s = %s;
`, lake.name(t.Name+transitiveSuffix), r, m, typ, d, via, roles,
		r, m, typ, d, m, via, roles,
		members, quote(memberGroup), m, quote(memberRel), literal(memberRelMember),
		typ, literal(groupType))
}

// membershipOf returns the membership table of groups among tables, if it
// has views (not skipped).
func membershipOf(tables []Table, skipped map[string]bool) *Table {
	for i, t := range tables {
		if hasMembership(t) && !skipped[t.Name] {
			return &tables[i]
		}
	}
	return nil
}
