package tenant

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// objectRand returns a random stream of its own for one object, drawn from
// its id: the properties generated from it leave the tenant's main streams,
// and so every value generated before them, as they were.
func objectRand(id string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return rand.New(rand.NewPCG(h.Sum64(), 0x6d6f7265))
}

// states maps the cities of places to their state or region, where Graph
// tenants usually fill one in.
var states = map[string]string{"Seattle": "WA", "Redmond": "WA", "Berlin": "Berlin", "Tokyo": "Tokyo", "São Paulo": "SP"}

// moreUserProps sets the user properties that the first generator did not
// know: the type of account, the postal address, other addresses and the
// on-premises set of a user synchronised from Active Directory.
func moreUserProps(b *builder, id, nick, domain, city string) {
	rng := objectRand(id)
	b.str("userType", "Member")
	if rng.IntN(12) == 0 {
		b.str("userType", "Guest")
	}
	if rng.IntN(3) != 0 {
		b.str("employeeType", pick(rng, employeeTypes))
	}
	if st, ok := states[city]; ok {
		b.str("state", st)
	}
	b.str("streetAddress", fmt.Sprintf("%d %s", 1+rng.IntN(999), pick(rng, streets))).
		str("postalCode", padded(rng.IntN(100000), 5)).
		set("proxyAddresses", jstrs("SMTP:"+nick+"@"+domain, "smtp:"+nick+"@"+onMicrosoftMail(domain)))
	if rng.IntN(4) == 0 {
		b.set("otherMails", jstrs(nick+"@outlook.com"))
	} else {
		b.set("otherMails", []byte("[]"))
	}
	if rng.IntN(3) != 0 {
		b.str("employeeHireDate", FormatTime(pastDay(rng, 8*365)))
	}
	b.str("lastPasswordChangeDateTime", FormatTime(past(rng, 180*24*3600)))
	if rng.IntN(3) == 0 {
		immutable := make([]byte, 16)
		for i := range immutable {
			immutable[i] = byte(rng.IntN(256))
		}
		b.set("onPremisesSyncEnabled", jbool(true)).
			str("onPremisesImmutableId", base64.StdEncoding.EncodeToString(immutable)).
			str("onPremisesSamAccountName", truncate(nick, 20)).
			str("onPremisesLastSyncDateTime", FormatTime(past(rng, 72*3600)))
	}
}

// moreGroupProps sets the group properties that the first generator did
// not know: classification, expiry, role assignment, dynamic membership, locale and theme,
// and the on-premises set of a group synchronised from Active Directory.
// A dynamic group also gets "DynamicMembership" in its groupTypes.
func moreGroupProps(b *builder, id, nick string, unified bool, created time.Time) {
	rng := objectRand(id)
	types := []string{}
	if unified {
		types = append(types, "Unified")
	}
	b.set("expirationDateTime", jnull).set("isAssignableToRole", jbool(false)).
		set("membershipRule", jnull).set("membershipRuleProcessingState", jnull).
		set("preferredDataLocation", jnull).set("preferredLanguage", jnull).set("theme", jnull)
	if unified && rng.IntN(2) == 0 {
		b.str("expirationDateTime", FormatTime(created.AddDate(1+rng.IntN(2), 0, 0)))
	}
	if !unified && rng.IntN(5) == 0 {
		b.set("isAssignableToRole", jbool(true))
	}
	if rng.IntN(4) == 0 {
		types = append(types, "DynamicMembership")
		b.str("membershipRule", fmt.Sprintf(`(user.department -eq "%s")`, pick(rng, departments))).
			str("membershipRuleProcessingState", pick(rng, []string{"On", "On", "Paused"}))
	}
	b.set("groupTypes", jstrs(types...))
	if rng.IntN(3) == 0 {
		b.str("classification", pick(rng, classifications))
	}
	if rng.IntN(5) == 0 {
		b.str("preferredDataLocation", pick(rng, dataLocations))
	}
	if rng.IntN(3) == 0 {
		b.str("preferredLanguage", pick(rng, languages))
	}
	if unified && rng.IntN(3) == 0 {
		b.str("theme", pick(rng, themes))
	}
	if !unified && rng.IntN(4) == 0 {
		b.set("onPremisesSyncEnabled", jbool(true)).
			str("onPremisesLastSyncDateTime", FormatTime(past(rng, 72*3600))).
			str("onPremisesSecurityIdentifier", fmt.Sprintf("S-1-5-21-%d-%d-%d-%d", rng.Uint32(), rng.Uint32(), rng.Uint32(), 1000+rng.IntN(50000))).
			str("onPremisesSamAccountName", truncate(nick, 20)).
			str("onPremisesDomainName", "corp.contoso.com")
	} else {
		b.set("onPremisesSyncEnabled", jnull).set("onPremisesLastSyncDateTime", jnull).
			set("onPremisesSecurityIdentifier", jnull).set("onPremisesSamAccountName", jnull).
			set("onPremisesDomainName", jnull)
	}
}

// past returns a time up to maxSeconds before the epoch.
func past(rng *rand.Rand, maxSeconds int) time.Time {
	return epoch.Add(-time.Duration(1+rng.IntN(maxSeconds)) * time.Second)
}

// pastDay returns a midnight up to maxDays before the epoch, as Graph
// stores dates such as employeeHireDate.
func pastDay(rng *rand.Rand, maxDays int) time.Time {
	return epoch.AddDate(0, 0, -1-rng.IntN(maxDays))
}

// onMicrosoftMail is the routing domain Exchange Online adds to every
// mailbox's proxy addresses: contoso.onmicrosoft.com gives
// contoso.mail.onmicrosoft.com.
func onMicrosoftMail(domain string) string {
	const suffix = ".onmicrosoft.com"
	if len(domain) > len(suffix) && domain[len(domain)-len(suffix):] == suffix {
		return domain[:len(domain)-len(suffix)] + ".mail" + suffix
	}
	return domain
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Word lists of the properties above. They are read-only.
var (
	employeeTypes   = []string{"Employee", "Employee", "Contractor", "Intern", "Consultant"}
	streets         = []string{"Microsoft Way", "Main St", "Pine St", "Hauptstraße", "Rue de Rivoli", "Chuo-dori", "Avenida Paulista"}
	dataLocations   = []string{"NAM", "EUR", "APC", "JPN", "BRA"}
	classifications = []string{"General", "Confidential", "Highly Confidential"}
	themes          = []string{"Teal", "Purple", "Green", "Blue", "Pink", "Orange", "Red"}
)
