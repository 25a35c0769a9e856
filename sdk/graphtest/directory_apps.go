package graphtest

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Well-known ids of Microsoft's tenant and of Microsoft Graph's app,
// permissions and scopes.
const (
	microsoftTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
	graphAppID      = "00000003-0000-0000-c000-000000000000"
	userReadScope   = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"
	userReadAllRole = "df021288-bdef-4463-88db-98f22de89214"
)

// firstParty are Microsoft's apps found in every tenant: appId and name.
var firstParty = [][2]string{
	{graphAppID, "Microsoft Graph"},
	{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"},
	{"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"},
	{"00000002-0000-0000-c000-000000000000", "Windows Azure Active Directory"},
	{"797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API"},
	{"cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", "Microsoft Teams Services"},
	{"0000000c-0000-0000-c000-000000000000", "Microsoft App Access Panel"},
	{"c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"},
}

// day is a date of the generated tenant's past.
func day(d int) string {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d).Format(time.RFC3339)
}

// credentials returns key and password credentials as Graph lists them:
// metadata only, never the key or the secret.
func credentials(rng *rand.Rand, start int) (keys, passwords []map[string]any) {
	keys, passwords = []map[string]any{}, []map[string]any{}
	for range rng.IntN(3) {
		s := start + rng.IntN(300)
		keys = append(keys, map[string]any{"customKeyIdentifier": fmt.Sprintf("%040X", rng.Uint64()),
			"displayName": fmt.Sprintf("CN=app-cert-%d", rng.IntN(1000)), "endDateTime": day(s + 365),
			"keyId": guid(rng), "startDateTime": day(s), "type": "AsymmetricX509Cert", "usage": "Verify"})
	}
	for range rng.IntN(3) {
		s := start + rng.IntN(300)
		passwords = append(passwords, map[string]any{"customKeyIdentifier": nil,
			"displayName": []string{"ci", "prod", "local dev", "terraform"}[rng.IntN(4)], "endDateTime": day(s + 180 + rng.IntN(540)),
			"hint": fmt.Sprintf("%c%c~", 'a'+rng.IntN(26), 'A'+rng.IntN(26)), "keyId": guid(rng), "startDateTime": day(s)})
	}
	return keys, passwords
}

// appRoles returns an app's application roles.
func appRoles(rng *rand.Rand) []map[string]any {
	out := []map[string]any{}
	for _, v := range []string{"Reader", "Writer", "Admin"}[:rng.IntN(4)] {
		out = append(out, map[string]any{"allowedMemberTypes": []string{"User", "Application"}[:1+rng.IntN(2)],
			"description": v + "s of the app", "displayName": v, "id": guid(rng), "isEnabled": true,
			"origin": "Application", "value": "Data." + v})
	}
	return out
}

// appName is the display name of generated application i, and of its
// service principal.
func appName(i int) string {
	return fmt.Sprintf("Contoso %s %d", []string{"portal", "API", "worker", "CI", "reporting"}[i%5], i)
}

// applications declares the app registrations. Deleting one deletes its
// service principal in the tenant (its home tenant), softly: restoring the
// application does not restore it, as Graph documents.
func (g objectGen) applications(count int) Resource {
	return Resource{Path: "applications", Type: "application", Count: count, SoftDelete: true,
		Dependents: []Dependent{{Path: "servicePrincipals", Match: "appId"}},
		Properties: []Property{fixed("appId", String), prop("displayName", String), prop("description", String),
			prop("signInAudience", String), fixed("publisherDomain", String), fixed("createdDateTime", String),
			prop("identifierUris", Array), prop("tags", Array), prop("notes", String), prop("isFallbackPublicClient", Bool),
			prop("keyCredentials", Array), prop("passwordCredentials", Array), prop("appRoles", Array),
			prop("requiredResourceAccess", Array), prop("web", Object)},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			start := rng.IntN(700)
			keys, passwords := credentials(rng, start)
			access := []map[string]any{{"resourceAppId": graphAppID, "resourceAccess": []map[string]any{{"id": userReadScope, "type": "Scope"}}}}
			if rng.IntN(3) == 0 {
				access[0]["resourceAccess"] = append(access[0]["resourceAccess"].([]map[string]any), map[string]any{"id": userReadAllRole, "type": "Role"})
			}
			name := appName(i)
			var notes any
			if rng.IntN(4) == 0 {
				notes = "Owner: platform team"
			}
			return map[string]any{"appId": g.appID(i), "displayName": name, "description": nil,
				"signInAudience":  []string{"AzureADMyOrg", "AzureADMyOrg", "AzureADMultipleOrgs"}[rng.IntN(3)],
				"publisherDomain": "contoso.onmicrosoft.com", "createdDateTime": day(start),
				"identifierUris": []string{fmt.Sprintf("api://%s", g.appID(i))}[:rng.IntN(2)], "tags": []string{},
				"notes": notes, "isFallbackPublicClient": rng.IntN(8) == 0,
				"keyCredentials": keys, "passwordCredentials": passwords, "appRoles": appRoles(rng),
				"requiredResourceAccess": access,
				"web": map[string]any{"homePageUrl": nil, "logoutUrl": nil,
					"redirectUris":          []string{fmt.Sprintf("https://app%d.contoso.com/signin-oidc", i)}[:rng.IntN(2)],
					"implicitGrantSettings": map[string]any{"enableAccessTokenIssuance": false, "enableIdTokenIssuance": rng.IntN(4) == 0}}}
		}}
}

// servicePrincipals declares the service principals: the applications'
// own first, then Microsoft's apps, managed identities and third-party
// multi-tenant apps.
func (g objectGen) servicePrincipals(count int) Resource {
	return Resource{Path: "servicePrincipals", Type: "servicePrincipal", Table: "service_principals", Count: count, SoftDelete: true,
		Properties: []Property{prop("accountEnabled", Bool), fixed("appId", String), fixed("appDisplayName", String),
			fixed("appOwnerOrganizationId", String), prop("appRoleAssignmentRequired", Bool), prop("displayName", String),
			prop("description", String), prop("homepage", String), prop("notes", String),
			prop("preferredSingleSignOnMode", String), prop("servicePrincipalNames", Array),
			fixed("servicePrincipalType", String), fixed("signInAudience", String), prop("tags", Array),
			prop("keyCredentials", Array), prop("passwordCredentials", Array), prop("appRoles", Array),
			prop("oauth2PermissionScopes", Array)},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			keys, passwords := credentials(rng, rng.IntN(700))
			v := map[string]any{"accountEnabled": rng.IntN(20) != 0, "appRoleAssignmentRequired": rng.IntN(4) == 0,
				"description": nil, "homepage": nil, "notes": nil, "preferredSingleSignOnMode": nil,
				"tags": []string{"WindowsAzureActiveDirectoryIntegratedApp"}, "keyCredentials": []any{},
				"passwordCredentials": []any{}, "appRoles": []any{}, "oauth2PermissionScopes": []any{}}
			var appID, name string
			switch k := i - g.apps; {
			case k < 0: // an application of the tenant
				appID, name = g.appID(i), appName(i)
				v["appOwnerOrganizationId"], v["servicePrincipalType"], v["signInAudience"] = g.tenantID, "Application", "AzureADMyOrg"
				v["keyCredentials"], v["passwordCredentials"], v["appRoles"] = keys, passwords, appRoles(rng)
			case k < len(firstParty):
				appID, name = firstParty[k][0], firstParty[k][1]
				v["appOwnerOrganizationId"], v["servicePrincipalType"], v["signInAudience"] = microsoftTenant, "Application", "AzureADMultipleOrgs"
				if appID == graphAppID {
					v["appRoles"] = []map[string]any{{"allowedMemberTypes": []string{"Application"}, "description": "Read all users' full profiles",
						"displayName": "Read all users' full profiles", "id": userReadAllRole, "isEnabled": true, "origin": "Application", "value": "User.Read.All"}}
					v["oauth2PermissionScopes"] = []map[string]any{{"adminConsentDescription": "Allows users to sign in to the app and read their profile.",
						"adminConsentDisplayName": "Sign in and read user profile", "id": userReadScope, "isEnabled": true, "type": "User",
						"userConsentDescription": "Sign in and read your profile.", "userConsentDisplayName": "Sign you in and read your profile", "value": "User.Read"}}
				}
			case k%3 == 0: // a managed identity
				appID, name = guid(rng), fmt.Sprintf("func-contoso-%d", i)
				v["appOwnerOrganizationId"], v["servicePrincipalType"], v["signInAudience"] = nil, "ManagedIdentity", nil
				v["tags"] = []string{}
				v["keyCredentials"] = keys[:min(1, len(keys))]
			default: // a third-party app consented to
				appID, name = guid(rng), fmt.Sprintf("%s %d", []string{"Zoom", "Slack", "Salesforce", "Atlassian", "Box", "DocuSign"}[rng.IntN(6)], i)
				v["appOwnerOrganizationId"], v["servicePrincipalType"], v["signInAudience"] = guid(rng), "Application", "AzureADMultipleOrgs"
				v["homepage"] = fmt.Sprintf("https://app%d.example.com", i)
			}
			v["appId"], v["appDisplayName"], v["displayName"] = appID, name, name
			v["servicePrincipalNames"] = []string{appID}
			return v
		}}
}
