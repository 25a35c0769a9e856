package tenant

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Options sizes a generated tenant. The same options give the same tenant.
type Options struct {
	// Seed drives every random choice.
	Seed int64
	// Domain is the tenant's domain; default "contoso.onmicrosoft.com".
	Domain string
	// Users is the number of users.
	Users int
	// Groups is the number of groups; a third are Microsoft 365 groups.
	Groups int
	// MembersPerGroup is the number of members of each group.
	MembersPerGroup int
	// Contacts is the number of organisational contacts.
	Contacts int
	// Mailboxes is how many users (the first ones) have a mailbox.
	Mailboxes int
	// FoldersPerMailbox is the number of mail folders per mailbox: the
	// well-known ones first, then child folders of the Inbox.
	FoldersPerMailbox int
	// MessagesPerFolder is the number of messages in each folder.
	MessagesPerFolder int
	// FolderDepth, when positive, nests the child folders of the Inbox in
	// chains up to that many levels deep (Inbox/a/b/c for 3); 0 nests every
	// third one under the one before, two levels at most.
	FolderDepth int
	// ContactFoldersPerMailbox is the number of personal contact folders
	// per mailbox, its default Contacts folder included (which every
	// mailbox has): top-level ones and, like mail folders, nested ones
	// (FolderDepth applies). ContactsPerFolder is the number of contacts
	// in each, the default folder included.
	ContactFoldersPerMailbox, ContactsPerFolder int
	// MixedMembers adds service principals and devices to the directory,
	// as member targets only, and makes some of them group members (the
	// variant "mixed-members").
	MixedMembers bool
	// InitialRemovals adds users, groups and contacts that were removed
	// before the first round, soft-deleted or for good (the variant
	// "initial-removals").
	InitialRemovals bool
	// Resources are directory resources registered after the built-in
	// ones (see Declare), generated in order after them.
	Resources []*Resource
}

// Generate builds a tenant of the built-in resources from opts; Build
// also takes opts.Resources.
func Generate(opts Options) *Tenant {
	opts.Resources = nil
	t, err := Build(opts)
	if err != nil {
		panic("tenant: generate the built-in resources: " + err.Error())
	}
	return t
}

// Build registers opts.Resources after the built-in resources and
// generates the tenant: every resource (users, contacts, groups, then
// opts.Resources in order), each from a random stream of its own, then
// the mailboxes and the variants' objects. Generated objects exist from
// sequence number 0, so the first change after generation has sequence
// number 1 (unless opts.InitialRemovals logs removals first).
func Build(opts Options) (*Tenant, error) {
	t := New(opts.Domain, opts.Seed)
	for _, r := range opts.Resources {
		if err := t.register(r); err != nil {
			return nil, err
		}
	}
	stream := func(n uint64) *rand.Rand { return rand.New(rand.NewPCG(uint64(opts.Seed), n)) }
	for _, r := range t.seedOrder() {
		if err := r.Seed(t, stream(r.Stream), opts); err != nil {
			return nil, fmt.Errorf("generate %s: %w", r.Path, err)
		}
	}
	mailboxes := min(opts.Mailboxes, t.Users.Len())
	rng := stream(4)
	for i := 0; i < mailboxes; i++ {
		u := t.Users.At(i)
		t.seedMailbox(rng, u, opts.FoldersPerMailbox, opts.MessagesPerFolder, opts.FolderDepth)
	}
	contacts := stream(7)
	for _, uid := range t.order {
		t.seedContacts(contacts, t.mailboxes[uid], max(1, opts.ContactFoldersPerMailbox), opts.ContactsPerFolder, opts.FolderDepth)
	}
	if opts.MixedMembers {
		genOtherMembers(t, stream(5), opts.Users)
	}
	if opts.InitialRemovals {
		genRemoved(t, stream(6), opts)
	}
	return t, nil
}

func genUsers(t *Tenant, rng *rand.Rand, n int) {
	managerIdx := UserSchema.MustIndex("manager")
	b := newBuilder(UserSchema)
	for i := 0; i < n; i++ {
		u := userObject(t, b, rng, newGUID(rng), i)
		t.Users.seed(u)
		if i > 0 {
			t.Users.seedLink(u, managerIdx, t.Users.At((i-1)/8).ID, "user")
		}
	}
}

// userObject returns a plausible user; serial keeps names unique.
func userObject(t *Tenant, b *builder, rng *rand.Rand, id string, serial int) *Object {
	given, sur := pick(rng, givenNames), pick(rng, surnames)
	place := pick(rng, places)
	nick := asciiLower(given) + "." + asciiLower(sur) + strconv.Itoa(serial)
	b.str("displayName", given, " ", sur).str("givenName", given).str("surname", sur).
		str("userPrincipalName", nick, "@", t.Domain).str("mail", nick, "@", t.Domain).
		str("mailNickname", nick).str("department", pick(rng, departments)).
		str("companyName", "Contoso").set("accountEnabled", jbool(rng.IntN(20) != 0)).
		str("city", place[0]).str("country", place[1]).str("usageLocation", place[2]).
		str("employeeId", "E", padded(serial, 6)).str("preferredLanguage", pick(rng, languages)).
		str("officeLocation", strconv.Itoa(1+rng.IntN(40)), "/", strconv.Itoa(1000+rng.IntN(9000))).
		str("createdDateTime", FormatTime(epoch.Add(-time.Duration(1+rng.IntN(6*365*24*3600))*time.Second)))
	if rng.IntN(7) != 0 {
		b.str("jobTitle", pick(rng, jobTitles))
	}
	if rng.IntN(3) != 0 {
		b.str("mobilePhone", "+1 206 555 ", padded(rng.IntN(10000), 4))
	}
	if rng.IntN(5) != 0 {
		b.set("businessPhones", jstrs("+1 425 555 "+padded(rng.IntN(10000), 4)))
	} else {
		b.set("businessPhones", []byte("[]"))
	}
	moreUserProps(b, id, nick, t.Domain, place[0])
	return b.object(id)
}

func genContacts(t *Tenant, rng *rand.Rand, n int) {
	for i := 0; i < n; i++ {
		t.Contacts.seed(contactObject(rng, newGUID(rng), i))
	}
}

// contactObject returns a plausible organisational contact.
func contactObject(rng *rand.Rand, id string, serial int) *Object {
	given, sur, company := pick(rng, givenNames), pick(rng, surnames), pick(rng, companies)
	domain := asciiLower(strings.ReplaceAll(company, " ", "")) + ".com"
	nick := asciiLower(given) + asciiLower(sur) + strconv.Itoa(serial)
	place := pick(rng, places)
	addr := contactAddresses(rng, place)
	phones := contactPhones(rng)
	b := newBuilder(ContactSchema).
		set("displayName", jstr(given+" "+sur+" ("+company+")")).set("givenName", jstr(given)).
		set("surname", jstr(sur)).set("mail", jstr(nick+"@"+domain)).set("mailNickname", jstr(nick)).
		set("companyName", jstr(company)).set("addresses", addr).set("phones", phones).
		set("proxyAddresses", jstrs("SMTP:"+nick+"@"+domain))
	if rng.IntN(4) != 0 {
		b.set("jobTitle", jstr(pick(rng, jobTitles))).set("department", jstr(pick(rng, departments)))
	}
	if rng.IntN(2) == 0 {
		b.set("onPremisesSyncEnabled", jbool(true)).
			set("onPremisesLastSyncDateTime", jstr(FormatTime(epoch.Add(-time.Duration(rng.IntN(72*3600))*time.Second))))
	}
	return b.object(id)
}

// contactAddresses returns an orgContact's addresses: one office address
// in place.
func contactAddresses(rng *rand.Rand, place [3]string) []byte {
	return jany([]map[string]any{{"city": place[0], "countryOrRegion": place[1], "officeLocation": nil,
		"postalCode": fmt.Sprintf("%05d", rng.IntN(100000)), "state": nil, "street": fmt.Sprintf("%d Main St", 1+rng.IntN(999))}})
}

// contactPhones returns an orgContact's phones: a business number and, for
// half of them, a mobile one.
func contactPhones(rng *rand.Rand) []byte {
	phones := []map[string]any{{"number": fmt.Sprintf("+1 555 %04d", rng.IntN(10000)), "type": "business"}}
	if rng.IntN(2) == 0 {
		phones = append(phones, map[string]any{"number": fmt.Sprintf("+1 555 %04d", rng.IntN(10000)), "type": "mobile"})
	}
	return jany(phones)
}

// asciiLower keeps the ASCII letters and digits of s, lower-cased.
func asciiLower(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+32)
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}
