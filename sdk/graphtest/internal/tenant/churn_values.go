package tenant

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// unchanging lists the properties Graph sets once, when an object is
// created: churn leaves them alone.
var unchanging = map[string]bool{"createdDateTime": true, "securityIdentifier": true, "isAssignableToRole": true}

// neverNull lists the properties churn never clears: names an object is
// shown by, switches Graph always answers, and collections (Graph writes
// an empty one as []).
var neverNull = map[string]bool{"displayName": true, "userPrincipalName": true, "mailNickname": true,
	"accountEnabled": true, "mailEnabled": true, "securityEnabled": true, "userType": true,
	"groupTypes": true, "businessPhones": true, "otherMails": true, "proxyAddresses": true,
	"addresses": true, "phones": true}

// classicChurn are the properties churn changed before it changed every
// one: their changes are drawn from churn's main stream exactly as then, so
// that a seed still picks the same objects for every later step.
var classicChurn = map[string]bool{"jobTitle": true, "department": true, "officeLocation": true,
	"mobilePhone": true, "displayName": true, "description": true, "companyName": true, "city": true,
	"classification": true}

// randomChange returns new values for one to three of the classic
// properties, drawn from rng, and for zero to two of the other properties
// churn may change (every tracked property that is not a relationship and
// that Graph lets change after creation), drawn from extra. Values keep
// Graph's types.
func randomChange(rng, extra *rand.Rand, s *Schema, o *Object, tick int64) Props {
	p := Props{}
	var classic []string
	var others []int
	for i, prop := range s.Props {
		switch {
		case classicChurn[prop.Name]:
			classic = append(classic, prop.Name)
		case !prop.Link && !prop.Untracked && !unchanging[prop.Name]:
			others = append(others, i)
		}
	}
	for n := 1 + rng.IntN(3); n > 0; n-- {
		name := classic[rng.IntN(len(classic))]
		if rng.IntN(6) == 0 && name != "displayName" {
			p[name] = jnull
			continue
		}
		p[name] = jstr(fmt.Sprintf("%s %d", name, tick*100+int64(rng.IntN(100))))
	}
	for n := extra.IntN(3); n > 0 && len(others) > 0; n-- {
		i := others[extra.IntN(len(others))]
		name := s.Props[i].Name
		if extra.IntN(6) == 0 && !neverNull[name] {
			p[name] = jnull
			continue
		}
		p[name] = freshValue(extra, name, o.Value(i), tick)
	}
	return p
}

// freshValue returns a new value of the named property, of its type in
// Graph, given its current value (nil when unset).
func freshValue(rng *rand.Rand, name string, current []byte, tick int64) []byte {
	n := tick*100 + int64(rng.IntN(100))
	switch name {
	case "accountEnabled", "mailEnabled", "securityEnabled", "onPremisesSyncEnabled":
		return jbool(string(current) != "true")
	case "createdDateTime", "renewedDateTime", "expirationDateTime", "lastPasswordChangeDateTime",
		"onPremisesLastSyncDateTime":
		return jstr(FormatTime(epoch.Add(time.Duration(n) * time.Second)))
	case "employeeHireDate":
		return jstr(FormatTime(epoch.AddDate(0, 0, -rng.IntN(3000))))
	case "businessPhones":
		return someStrings(rng, func() string { return "+1 425 555 " + padded(rng.IntN(10000), 4) })
	case "otherMails":
		return someStrings(rng, func() string { return fmt.Sprintf("other%d@outlook.com", n) })
	case "proxyAddresses":
		return jstrs(fmt.Sprintf("SMTP:alias%d@contoso.com", n), fmt.Sprintf("smtp:alias%d@contoso.mail.onmicrosoft.com", n))
	case "groupTypes":
		return toggleDynamic(current)
	case "addresses":
		return contactAddresses(rng, pick(rng, places))
	case "phones":
		return contactPhones(rng)
	case "userType":
		return jstr(pick(rng, []string{"Member", "Guest"}))
	case "employeeType":
		return jstr(pick(rng, employeeTypes))
	case "usageLocation":
		return jstr(pick(rng, places)[2])
	case "country":
		return jstr(pick(rng, places)[1])
	case "preferredLanguage":
		return jstr(pick(rng, languages))
	case "visibility":
		return jstr(pick(rng, []string{"Public", "Private", "HiddenMembership"}))
	case "membershipRuleProcessingState":
		return jstr(pick(rng, []string{"On", "Paused"}))
	case "membershipRule":
		return jstr(fmt.Sprintf(`(user.department -eq "%s")`, pick(rng, departments)))
	case "classification":
		return jstr(pick(rng, classifications))
	case "preferredDataLocation":
		return jstr(pick(rng, dataLocations))
	case "theme":
		return jstr(pick(rng, themes))
	case "onPremisesImmutableId":
		return jstr(fmt.Sprintf("aW1tdXRhYmxl%08d==", n%100000000))
	case "onPremisesSecurityIdentifier":
		return jstr(fmt.Sprintf("S-1-5-21-%d-%d-%d-%d", rng.Uint32(), rng.Uint32(), rng.Uint32(), 1000+rng.IntN(50000)))
	}
	return jstr(fmt.Sprintf("%s %d", name, n))
}

// someStrings returns a list of zero to two values of next.
func someStrings(rng *rand.Rand, next func() string) []byte {
	out := []string{}
	for k := rng.IntN(3); k > 0; k-- {
		out = append(out, next())
	}
	return jstrs(out...)
}

// toggleDynamic adds "DynamicMembership" to a group's groupTypes or takes
// it away; "Unified" stays as it is (a group cannot change kind).
func toggleDynamic(current []byte) []byte {
	types := []string{}
	if bytes.Contains(current, []byte(`"Unified"`)) {
		types = append(types, "Unified")
	}
	if !strings.Contains(string(current), "DynamicMembership") {
		types = append(types, "DynamicMembership")
	}
	return jstrs(types...)
}
