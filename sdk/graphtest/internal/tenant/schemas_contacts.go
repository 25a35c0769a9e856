package tenant

// The personal contacts' schemas (Graph v1.0), every property returned by
// default.
var (
	// ContactFolderSchema is microsoft.graph.contactFolder: it has no
	// child folder or item counts, unlike a mail folder.
	ContactFolderSchema = NewSchema("contactFolder", "Collection(contactFolder)", true, []Prop{
		{Name: "displayName", Default: true}, {Name: "parentFolderId", Default: true},
	})
	// PersonalContactSchema is microsoft.graph.contact, a contact in a
	// user's mailbox (not an organisational contact).
	PersonalContactSchema = NewSchema("contact", "Collection(contact)", true, []Prop{
		{Name: "createdDateTime", Default: true}, {Name: "lastModifiedDateTime", Default: true},
		{Name: "changeKey", Default: true}, {Name: "categories", Default: true},
		{Name: "parentFolderId", Default: true}, {Name: "displayName", Default: true},
		{Name: "givenName", Default: true}, {Name: "middleName", Default: true},
		{Name: "surname", Default: true}, {Name: "nickName", Default: true},
		{Name: "title", Default: true}, {Name: "fileAs", Default: true},
		{Name: "jobTitle", Default: true}, {Name: "companyName", Default: true},
		{Name: "department", Default: true}, {Name: "officeLocation", Default: true},
		{Name: "profession", Default: true}, {Name: "businessHomePage", Default: true},
		{Name: "emailAddresses", Default: true}, {Name: "imAddresses", Default: true},
		{Name: "businessPhones", Default: true}, {Name: "homePhones", Default: true},
		{Name: "mobilePhone", Default: true}, {Name: "businessAddress", Default: true},
		{Name: "homeAddress", Default: true}, {Name: "personalNotes", Default: true},
		{Name: "birthday", Default: true},
	})
)
