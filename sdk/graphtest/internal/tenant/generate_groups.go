package tenant

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

func genGroups(t *Tenant, rng *rand.Rand, n, members int) {
	membersIdx, ownersIdx := GroupSchema.MustIndex("members"), GroupSchema.MustIndex("owners")
	users := t.Users.Len()
	for i := 0; i < n; i++ {
		g := groupObject(t, rng, newGUID(rng), i, i%3 == 0)
		t.Groups.seed(g)
		for _, ui := range sample(rng, users, members) {
			t.Groups.seedLink(g, membersIdx, t.Users.At(ui).ID, "user")
		}
		if i > 0 && i%10 == 0 {
			t.Groups.seedLink(g, membersIdx, t.Groups.At(rng.IntN(i)).ID, "group")
		}
		if t.Contacts.Len() > 0 && i%7 == 0 {
			t.Groups.seedLink(g, membersIdx, t.Contacts.At(rng.IntN(t.Contacts.Len())).ID, "orgContact")
		}
		for _, ui := range sample(rng, users, 1+rng.IntN(2)) {
			t.Groups.seedLink(g, ownersIdx, t.Users.At(ui).ID, "user")
		}
	}
}

// groupObject returns a Microsoft 365 group (unified) or a security group.
func groupObject(t *Tenant, rng *rand.Rand, id string, serial int, unified bool) *Object {
	name := pick(rng, teamWords) + " " + strconv.Itoa(serial)
	nick := asciiLower(name)
	created := epoch.Add(-time.Duration(1+rng.IntN(4*365*24*3600)) * time.Second)
	b := newBuilder(GroupSchema).
		set("displayName", jstr(name)).set("description", jstr("Members of "+name)).
		set("mailNickname", jstr(nick)).set("createdDateTime", jstr(FormatTime(created))).
		set("renewedDateTime", jstr(FormatTime(created))).
		set("securityIdentifier", jstr(fmt.Sprintf("S-1-12-1-%d-%d-%d-%d", rng.Uint32(), rng.Uint32(), rng.Uint32(), rng.Uint32())))
	if unified {
		b.set("groupTypes", jstrs("Unified")).set("mailEnabled", jbool(true)).set("securityEnabled", jbool(false)).
			set("mail", jstr(nick+"@"+t.Domain)).set("visibility", jstr(pick(rng, []string{"Public", "Private"}))).
			set("proxyAddresses", jstrs("SMTP:"+nick+"@"+t.Domain))
	} else {
		b.set("groupTypes", []byte("[]")).set("mailEnabled", jbool(false)).set("securityEnabled", jbool(true)).
			set("mail", jnull).set("visibility", jnull).set("proxyAddresses", []byte("[]"))
	}
	moreGroupProps(b, id, nick, unified, created)
	return b.object(id)
}

// sample returns k distinct indexes below n (all of them when k >= n).
func sample(rng *rand.Rand, n, k int) []int {
	if k >= n {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for len(out) < k {
		i := rng.IntN(n)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}
