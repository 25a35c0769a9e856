// Package applicationstest registers /applications/delta in graphlake's
// Graph emulator (graphtest), so that the applications plugin is tested
// against it: a generator of realistic app registrations, soft-deleted as
// Graph deletes them.
package applicationstest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// Resource declares count applications for graphtest.Options.Resources.
func Resource(count int) graphtest.Resource {
	p := func(name string, kind graphtest.Kind) graphtest.Property {
		return graphtest.Property{Name: name, Kind: kind, Default: true}
	}
	fixed := func(prop graphtest.Property) graphtest.Property { prop.Fixed = true; return prop }
	return graphtest.Resource{Path: "applications", Type: "application", Count: count, SoftDelete: true, Generate: generate,
		Properties: []graphtest.Property{fixed(p("appId", graphtest.String)), p("displayName", graphtest.String),
			p("description", graphtest.String), p("signInAudience", graphtest.String),
			fixed(p("publisherDomain", graphtest.String)), fixed(p("createdDateTime", graphtest.String)),
			p("deletedDateTime", graphtest.String), p("identifierUris", graphtest.Array), p("tags", graphtest.Array),
			p("keyCredentials", graphtest.Array), p("passwordCredentials", graphtest.Array),
			p("requiredResourceAccess", graphtest.Array)}}
}

// generate makes application i: credentials carry no key or secret, as
// Graph returns them; Microsoft Graph's app id asks for User.Read.
func generate(rng *rand.Rand, i int) map[string]any {
	guid := func() string {
		return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Int64N(1<<48))
	}
	day := func(d int) string { return time.Date(2025, 1, 1+d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339) }
	start := rng.IntN(365)
	return map[string]any{"appId": guid(), "displayName": fmt.Sprintf("Contoso app %d", i), "description": nil,
		"signInAudience": []string{"AzureADMyOrg", "AzureADMultipleOrgs"}[rng.IntN(2)], "publisherDomain": "contoso.onmicrosoft.com",
		"createdDateTime": day(start), "deletedDateTime": nil, "identifierUris": []string{fmt.Sprintf("api://app-%d", rng.IntN(1e6))},
		"tags": []string{}, "keyCredentials": []map[string]any{{"customKeyIdentifier": nil, "displayName": "CN=app", "endDateTime": day(start + 365),
			"keyId": guid(), "startDateTime": day(start), "type": "AsymmetricX509Cert", "usage": "Verify"}},
		"passwordCredentials": []map[string]any{{"customKeyIdentifier": nil, "displayName": "ci", "endDateTime": day(start + 180),
			"hint": fmt.Sprintf("%03d", rng.IntN(1000)), "keyId": guid(), "startDateTime": day(start)}},
		"requiredResourceAccess": []map[string]any{{"resourceAppId": "00000003-0000-0000-c000-000000000000",
			"resourceAccess": []map[string]any{{"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"}}}}}
}
