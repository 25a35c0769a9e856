package graphtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// builtInRoles are Entra ID's built-in roles: template id and name.
var builtInRoles = [][2]string{
	{"62e90394-69f5-4237-9190-012177145e10", "Global Administrator"},
	{"f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"},
	{"e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"},
	{"7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"},
	{"fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"},
	{"729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"},
	{"966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"},
	{"c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"},
	{"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"},
	{"158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"},
	{"194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"},
	{"5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"},
	{"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"},
	{"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"},
	{"f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"},
	{"69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator"},
	{"3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"},
	{"17315797-102d-40b4-93e0-432062caca18", "Compliance Administrator"},
	{"fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"},
	{"4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator"},
	{"b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"},
	{"8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"},
	{"7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator"},
	{"9f06204d-73c1-4d4c-880a-6edb90606fd8", "Azure AD Joined Device Local Administrator"},
	{"f023fd81-a637-4b56-95fd-791ac0226033", "Service Support Administrator"},
	{"4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader"},
	{"790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", "Message Center Reader"},
	{"95e79109-95c0-4d8e-aee3-d01accf2d47b", "Guest Inviter"},
	{"88d8e3e3-8f55-4a1e-953a-9b9898b8876b", "Directory Readers"},
	{"9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers"},
}

// directoryRoles declares the activated built-in roles and their members:
// users, role-assignable groups (isAssignableToRole) and service
// principals, the principals Graph lets a role have. Graph has no delete
// for an activated role, so churn deletes none.
func (g objectGen) directoryRoles(count int) Resource {
	return Resource{Path: "directoryRoles", Type: "directoryRole", Table: "directory_roles", Count: count, NoDelete: true,
		Properties: []Property{fixed("displayName", String), prop("description", String), fixed("roleTemplateId", String)},
		Links: []Link{{Name: "members", Targets: []string{"users", "groups", "servicePrincipals"}, PerObject: 8,
			TargetsIf: map[string]string{"groups": "isAssignableToRole"},
			Table:     "directory_role_members", Parent: "directoryRoleId", Target: "memberId", TargetType: "memberType"}},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			template, name := guid(rng), fmt.Sprintf("Contoso role %d", i)
			if i < len(builtInRoles) {
				template, name = builtInRoles[i][0], builtInRoles[i][1]
			}
			return map[string]any{"displayName": name, "roleTemplateId": template,
				"description": fmt.Sprintf("Can manage %s.", []string{"all aspects of it", "its settings", "its users", "its reports"}[rng.IntN(4)])}
		}}
}

// administrativeUnits declares the administrative units and their members
// (users, groups and devices), soft-deleted as Graph does.
func (g objectGen) administrativeUnits(count int) Resource {
	return Resource{Path: "administrativeUnits", Type: "administrativeUnit", Table: "administrative_units", Count: count, SoftDelete: true,
		Properties: []Property{prop("displayName", String), prop("description", String), prop("visibility", String),
			prop("membershipType", String), prop("membershipRule", String), prop("membershipRuleProcessingState", String),
			prop("isMemberManagementRestricted", Bool)},
		Links: []Link{{Name: "members", Targets: []string{"users", "groups", "devices"}, PerObject: 20,
			Table: "administrative_unit_members", Parent: "administrativeUnitId", Target: "memberId", TargetType: "memberType"}},
		Generate: func(rng *rand.Rand, i int) map[string]any {
			region := []string{"EMEA", "Americas", "APAC", "Paris office", "Seattle office", "Contractors"}[rng.IntN(6)]
			v := map[string]any{"displayName": fmt.Sprintf("%s %d", region, i), "description": "Users and devices of " + region,
				"visibility": nil, "membershipType": "Assigned", "membershipRule": nil, "membershipRuleProcessingState": nil,
				"isMemberManagementRestricted": rng.IntN(10) == 0}
			if rng.IntN(5) == 0 {
				v["visibility"] = "HiddenMembership"
			}
			return v
		}}
}

// scopes are delegated permissions granted.
var scopes = []string{"User.Read", "openid", "profile", "email", "offline_access", "Mail.Read", "Files.Read.All",
	"Calendars.Read", "Sites.Read.All", "Group.Read.All"}

// permissionGrants declares delegated permission grants: a client service
// principal's scopes on a resource's, for every user (AllPrincipals) or
// one (Principal), deleted for good.
func (g objectGen) permissionGrants(count int) Resource {
	sps := []string{"servicePrincipals"}
	return Resource{Path: "oauth2PermissionGrants", Type: "oAuth2PermissionGrant", Table: "oauth2_permission_grants", Count: count,
		Properties: []Property{{Name: "clientId", Kind: String, Default: true, Fixed: true, Ref: sps},
			fixed("consentType", String), {Name: "principalId", Kind: String, Default: true, Fixed: true, Ref: []string{"users"}},
			{Name: "resourceId", Kind: String, Default: true, Fixed: true, Ref: sps}, prop("scope", String)},
		Generate: func(rng *rand.Rand, _ int) map[string]any {
			granted := make([]string, 0, 4)
			for _, k := range rng.Perm(len(scopes))[:1+rng.IntN(4)] {
				granted = append(granted, scopes[k])
			}
			v := map[string]any{"consentType": "Principal", "scope": strings.Join(granted, " ")}
			if rng.IntN(3) == 0 {
				v["consentType"], v["principalId"] = "AllPrincipals", nil
			}
			return v
		}}
}
