package tenant

// The resource types the emulator serves. Property lists follow Graph v1.0;
// Default marks what Graph returns when a request has no $select.
var (
	// UserSchema is microsoft.graph.user.
	UserSchema = NewSchema("user", "users", false, []Prop{
		{Name: "displayName", Default: true}, {Name: "givenName", Default: true},
		{Name: "surname", Default: true}, {Name: "userPrincipalName", Default: true},
		{Name: "mail", Default: true}, {Name: "jobTitle", Default: true},
		{Name: "mobilePhone", Default: true}, {Name: "officeLocation", Default: true},
		{Name: "preferredLanguage", Default: true}, {Name: "businessPhones", Default: true},
		{Name: "mailNickname"}, {Name: "department"}, {Name: "companyName"},
		{Name: "accountEnabled"}, {Name: "city"}, {Name: "country"},
		{Name: "usageLocation"}, {Name: "employeeId"}, {Name: "createdDateTime"},
		{Name: "userType"}, {Name: "employeeType"}, {Name: "state"}, {Name: "streetAddress"},
		{Name: "postalCode"}, {Name: "otherMails"}, {Name: "proxyAddresses"},
		{Name: "employeeHireDate"}, {Name: "lastPasswordChangeDateTime"},
		{Name: "onPremisesSyncEnabled"}, {Name: "onPremisesImmutableId"},
		{Name: "onPremisesSamAccountName"}, {Name: "onPremisesLastSyncDateTime"},
		{Name: "manager", Link: true},
		{Name: "aboutMe", Untracked: true}, {Name: "birthday", Untracked: true},
		{Name: "hireDate", Untracked: true}, {Name: "interests", Untracked: true},
		{Name: "mySite", Untracked: true}, {Name: "pastProjects", Untracked: true},
		{Name: "preferredName", Untracked: true}, {Name: "responsibilities", Untracked: true},
		{Name: "schools", Untracked: true}, {Name: "skills", Untracked: true},
	})
	// GroupSchema is microsoft.graph.group; members@delta is returned by default.
	GroupSchema = NewSchema("group", "groups", false, []Prop{
		{Name: "displayName", Default: true}, {Name: "description", Default: true},
		{Name: "mail", Default: true}, {Name: "mailEnabled", Default: true},
		{Name: "mailNickname", Default: true}, {Name: "securityEnabled", Default: true},
		{Name: "groupTypes", Default: true}, {Name: "visibility", Default: true},
		{Name: "createdDateTime", Default: true}, {Name: "classification", Default: true},
		{Name: "renewedDateTime", Default: true}, {Name: "proxyAddresses", Default: true},
		{Name: "securityIdentifier", Default: true}, {Name: "expirationDateTime", Default: true},
		{Name: "isAssignableToRole", Default: true}, {Name: "membershipRule", Default: true},
		{Name: "membershipRuleProcessingState", Default: true}, {Name: "preferredDataLocation", Default: true},
		{Name: "preferredLanguage", Default: true}, {Name: "theme", Default: true},
		{Name: "onPremisesSyncEnabled", Default: true}, {Name: "onPremisesLastSyncDateTime", Default: true},
		{Name: "onPremisesSecurityIdentifier", Default: true}, {Name: "onPremisesSamAccountName", Default: true},
		{Name: "onPremisesDomainName", Default: true},
		{Name: "members", Default: true, Link: true}, {Name: "owners", Link: true},
	})
	// ContactSchema is microsoft.graph.orgContact, served at /contacts.
	ContactSchema = NewSchema("orgContact", "contacts", false, []Prop{
		{Name: "displayName", Default: true}, {Name: "givenName", Default: true},
		{Name: "surname", Default: true}, {Name: "mail", Default: true},
		{Name: "mailNickname", Default: true}, {Name: "companyName", Default: true},
		{Name: "department", Default: true}, {Name: "jobTitle", Default: true},
		{Name: "addresses", Default: true}, {Name: "phones", Default: true},
		{Name: "proxyAddresses", Default: true}, {Name: "onPremisesSyncEnabled", Default: true},
		{Name: "onPremisesLastSyncDateTime", Default: true},
	})
	// FolderSchema is microsoft.graph.mailFolder.
	FolderSchema = NewSchema("mailFolder", "Collection(mailFolder)", true, []Prop{
		{Name: "displayName", Default: true}, {Name: "parentFolderId", Default: true},
		{Name: "childFolderCount", Default: true}, {Name: "unreadItemCount", Default: true},
		{Name: "totalItemCount", Default: true}, {Name: "isHidden", Default: true},
	})
	// MessageSchema is microsoft.graph.message.
	MessageSchema = NewSchema("message", "Collection(message)", true, []Prop{
		{Name: "createdDateTime", Default: true}, {Name: "lastModifiedDateTime", Default: true},
		{Name: "changeKey", Default: true}, {Name: "categories", Default: true},
		{Name: "receivedDateTime", Default: true}, {Name: "sentDateTime", Default: true},
		{Name: "hasAttachments", Default: true}, {Name: "internetMessageId", Default: true},
		{Name: "subject", Default: true}, {Name: "bodyPreview", Default: true},
		{Name: "importance", Default: true}, {Name: "parentFolderId", Default: true},
		{Name: "conversationId", Default: true}, {Name: "isRead", Default: true},
		{Name: "isDraft", Default: true}, {Name: "inferenceClassification", Default: true},
		{Name: "body", Default: true}, {Name: "sender", Default: true},
		{Name: "from", Default: true}, {Name: "toRecipients", Default: true},
		{Name: "ccRecipients", Default: true}, {Name: "bccRecipients", Default: true},
		{Name: "replyTo", Default: true}, {Name: "flag", Default: true},
	})
)
