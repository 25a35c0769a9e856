package current_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// churn makes Graph-like random changes: people created, updated with
// some of their properties, deleted and re-created; groups created with
// their members (reported before the group, as members@delta is),
// renamed, deleted without tombstones for their members, members added
// and removed. Member rows carry every column, as link tables' rows do
// (see the merge case on members re-added after their group's deletion
// for where a partial child row would part from sdk/lake's fold).
type churn struct {
	rng     *rand.Rand
	groups  map[string]bool
	members map[string]map[string]bool
}

func (c *churn) round() []op {
	var ops []op
	for range 1 + c.rng.IntN(12) {
		switch c.rng.IntN(6) {
		case 0, 1:
			ops = append(ops, c.person())
		case 2:
			ops = append(ops, c.group()...)
		case 3, 4:
			ops = append(ops, c.member())
		case 5:
			id := fmt.Sprintf("p%d", c.rng.IntN(8))
			ops = append(ops, up("people", fmt.Sprintf(`{"id":%q,"@removed":{"reason":"deleted"}}`, id)))
		}
	}
	return ops
}

func (c *churn) person() op {
	props := []string{fmt.Sprintf(`"id":"p%d"`, c.rng.IntN(8))}
	all := []string{`"name":"N%d"`, `"boss":"p%d"`, `"age":%d`, `"tags":["t%d"]`, `"home":{"city":"c%d"}`, `"boss":null`, `"active":%v`}
	for _, p := range all {
		if c.rng.IntN(3) == 0 {
			if strings.Contains(p, "%v") {
				props = append(props, fmt.Sprintf(p, c.rng.IntN(2) == 0))
			} else if strings.Contains(p, "%d") {
				props = append(props, fmt.Sprintf(p, c.rng.IntN(50)))
			} else {
				props = append(props, p)
			}
		}
	}
	return up("people", "{"+strings.Join(props, ",")+"}")
}

func (c *churn) group() []op {
	g := fmt.Sprintf("g%d", c.rng.IntN(4))
	if c.groups[g] && c.rng.IntN(2) == 0 {
		delete(c.groups, g) // Graph reports no member removals
		delete(c.members, g)
		return []op{up("groups", fmt.Sprintf(`{"id":%q,"@removed":{"reason":"changed"}}`, g))}
	}
	var ops []op
	if !c.groups[g] {
		c.groups[g], c.members[g] = true, map[string]bool{}
		for range c.rng.IntN(4) {
			m := fmt.Sprintf("p%d", c.rng.IntN(8))
			c.members[g][m] = true
			ops = append(ops, up("members", fmt.Sprintf(`{"groupId":%q,"memberId":%q,"role":"r%d"}`, g, m, c.rng.IntN(3))))
		}
	}
	return append(ops, up("groups", fmt.Sprintf(`{"id":%q,"name":"G%d"}`, g, c.rng.IntN(50))))
}

func (c *churn) member() op {
	var live []string
	for g := range c.groups {
		live = append(live, g)
	}
	if len(live) == 0 {
		return c.person()
	}
	slices.Sort(live)
	g, m := live[c.rng.IntN(len(live))], fmt.Sprintf("p%d", c.rng.IntN(8))
	if c.members[g][m] && c.rng.IntN(2) == 0 {
		delete(c.members[g], m)
		return gone("members", "groupId", g, "memberId", m)
	}
	c.members[g][m] = true
	return up("members", fmt.Sprintf(`{"groupId":%q,"memberId":%q,"role":"r%d"}`, g, m, c.rng.IntN(3)))
}

func TestSnapshotPlusTailEqualsTheFoldOfTheWholeLog(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 7))
			c := &churn{rng: rng, groups: map[string]bool{}, members: map[string]map[string]bool{}}
			l := newTestLake(t)
			for r := 1; r <= 16; r++ {
				compact := rng.IntN(10) < 3
				l.round(compact, c.round()...)
				if !compact && rng.IntN(10) == 0 {
					l.compactAlone()
					compact = true
				}
				for _, tbl := range []string{"people", "groups", "members"} {
					if !l.has(tbl) {
						continue
					}
					scanned := l.scan(tbl)
					assertKeyOrder(t, tbl, scanned)
					if diff := cmp.Diff(l.fold(tbl), values(scanned)); diff != "" {
						t.Fatalf("round %d: current %s differs from the whole log's fold (-fold +scan):\n%s", r, tbl, diff)
					}
					if compact && l.latest.Current.Table(tbl) != nil {
						if diff := cmp.Diff(scanned, l.snapshot(tbl)); diff != "" {
							t.Fatalf("round %d: the fresh snapshot of %s differs from the scan (-scan +snapshot):\n%s", r, tbl, diff)
						}
					}
				}
			}
		})
	}
}

// assertKeyOrder checks that rows come sorted by their key columns.
func assertKeyOrder(t *testing.T, tbl string, rows []map[string]any) {
	t.Helper()
	key := func(r map[string]any) []string {
		var k []string
		for _, col := range testTables[tbl].Key {
			k = append(k, r[col].(string))
		}
		return k
	}
	for i := 1; i < len(rows); i++ {
		if slices.Compare(key(rows[i-1]), key(rows[i])) >= 0 {
			t.Fatalf("%s rows out of key order: %v then %v", tbl, key(rows[i-1]), key(rows[i]))
		}
	}
}
