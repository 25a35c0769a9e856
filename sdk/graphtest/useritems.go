package graphtest

import (
	"fmt"
	"math/rand/v2"
)

// UserItems returns n users in Graph's JSON, each as a users delta page's
// items carry it for the ten properties the users benchmarks select
// (BENCHMARKS.md section 7): displayName, givenName, surname,
// userPrincipalName, mail, jobTitle (absent on about one in seven),
// department (eight values), officeLocation, mobilePhone (absent on one
// in three) and accountEnabled, the id last. The same n give the same
// users. For benchmarks of a users row's way from JSON to Arrow and
// Parquet that do not run the emulator.
func UserItems(n int) [][]byte {
	rng := rand.New(rand.NewPCG(2, 2))
	depts := []string{"Sales", "Retail", "Legal", "Finance", "IT", "HR", "Marketing", "Operations"}
	items := make([][]byte, n)
	for i := range items {
		given, sur := fmt.Sprintf("Given%d", rng.IntN(300)), fmt.Sprintf("Surname%d", rng.IntN(500))
		item := fmt.Sprintf(`{"displayName":"%s %s","givenName":%q,"surname":%q,"userPrincipalName":"%s.%s%d@contoso.com",`+
			`"mail":"%s.%s%d@contoso.com",`, given, sur, given, sur, given, sur, i, given, sur, i)
		if rng.IntN(7) != 0 {
			item += fmt.Sprintf(`"jobTitle":"Title %d",`, rng.IntN(40))
		}
		item += fmt.Sprintf(`"department":%q,"officeLocation":"%d/%d",`, depts[rng.IntN(len(depts))], 1+rng.IntN(40), 1000+rng.IntN(9000))
		if rng.IntN(3) != 0 {
			item += fmt.Sprintf(`"mobilePhone":"+1 206 555 %04d",`, rng.IntN(10000))
		}
		item += fmt.Sprintf(`"accountEnabled":%v,"id":"%08x-%04x-4%03x-a%03x-%012x"}`, rng.IntN(20) != 0,
			rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()>>16)
		items[i] = []byte(item)
	}
	return items
}
