package tenant

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// contactFolderNames name the contact folders a generated mailbox has
// besides its default Contacts folder.
var contactFolderNames = []string{"Family", "Suppliers", "Clients", "Conference 2025", "Recruiting", "Neighbours", "Old contacts", "Board"}

// contactPrefixes start a personal contact's immutable and REST ids.
const (
	contactImmutablePrefix = "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0B"
	contactRestPrefix      = "AAMkADk0"
)

// seedContacts gives a mailbox its default Contacts folder (well-known
// name "contacts", the contact tree's root, under the mailbox's
// msgfolderroot) and folders-1 more: top-level ones and, like mail, every
// third one nested under the one before (or chains of depth when
// positive); each folder, the default one included, holds contacts
// contacts.
func (t *Tenant) seedContacts(rng *rand.Rand, m *Mailbox, folders, contacts, depth int) {
	ft := m.Contacts
	root := ContactTree.newFolder(outlookID(ContactTree.IDPrefix, t.serialOf(ContactTree)), "Contacts", m.Root)
	ft.addFolder(root, false)
	ft.Root, ft.wellKnown["contacts"] = root.ID, root.ID
	for i := 1; i < folders; i++ {
		k := i - 1
		name := contactFolderNames[k%len(contactFolderNames)]
		if k >= len(contactFolderNames) {
			name += " " + strconv.Itoa(k/len(contactFolderNames)+1)
		}
		parent := ft.Root
		if (depth > 0 && k%depth != 0) || (depth <= 0 && k%3 == 2) {
			parent = ft.Folders.At(ft.Folders.Len() - 1).ID
		}
		ft.addFolder(ContactTree.newFolder(outlookID(ContactTree.IDPrefix, t.serialOf(ContactTree)), name, parent), false)
	}
	for i := 0; i < ft.Folders.Len(); i++ {
		fid := ft.Folders.At(i).ID
		for j := 0; j < contacts; j++ {
			created := epoch.Add(-time.Duration(1+rng.IntN(2*365*24*3600)) * time.Second)
			ft.addItem(fid, t.newContact(rng, fid, t.serialOf(ContactTree), created), false)
		}
	}
}

// newContact returns a plausible personal contact in folder: names, one or
// two email addresses, phones, a company and job, now and then categories,
// a birthday and notes.
func (t *Tenant) newContact(rng *rand.Rand, folder string, n uint64, created time.Time) *Object {
	given, sur, company := pick(rng, givenNames), pick(rng, surnames), pick(rng, companies)
	host := asciiLower(strings.ReplaceAll(company, " ", "")) + ".com"
	addr := asciiLower(given) + "." + asciiLower(sur) + "@" + host
	emails := []map[string]string{{"name": given + " " + sur, "address": addr}}
	if rng.IntN(3) == 0 {
		emails = append(emails, map[string]string{"name": given + " " + sur, "address": asciiLower(given) + strconv.Itoa(rng.IntN(100)) + "@outlook.com"})
	}
	place := pick(rng, places)
	imm := outlookID(contactImmutablePrefix, n)
	b := newBuilder(PersonalContactSchema).
		set("createdDateTime", jstr(FormatTime(created))).set("lastModifiedDateTime", jstr(FormatTime(created))).
		set("changeKey", jstr(changeKey(imm, 0))).set("categories", []byte("[]")).
		set("parentFolderId", jstr(folder)).set("displayName", jstr(given+" "+sur)).
		set("givenName", jstr(given)).set("middleName", jnull).set("surname", jstr(sur)).
		set("nickName", jnull).set("title", jnull).set("fileAs", jstr(sur+", "+given)).
		set("companyName", jstr(company)).set("jobTitle", jstr(pick(rng, jobTitles))).
		set("department", jstr(pick(rng, departments))).set("officeLocation", jnull).set("profession", jnull).
		set("businessHomePage", jstr("https://www."+host)).set("emailAddresses", jany(emails)).
		set("imAddresses", []byte("[]")).set("businessPhones", jstrs(fmt.Sprintf("+1 425 555 %04d", rng.IntN(10000)))).
		set("homePhones", []byte("[]")).set("mobilePhone", jnull).
		set("businessAddress", jany(map[string]string{"street": fmt.Sprintf("%d Main St", 1+rng.IntN(999)), "city": place[0],
			"state": "", "countryOrRegion": place[1], "postalCode": fmt.Sprintf("%05d", rng.IntN(100000))})).
		set("homeAddress", []byte("{}")).set("personalNotes", jstr("")).set("birthday", jnull)
	if rng.IntN(3) != 0 {
		b.set("mobilePhone", jstr(fmt.Sprintf("+1 206 555 %04d", rng.IntN(10000))))
	}
	if rng.IntN(4) == 0 {
		b.set("categories", jstrs(pick(rng, categories)))
	}
	if rng.IntN(5) == 0 {
		b.set("birthday", jstr(fmt.Sprintf("19%02d-%02d-%02dT11:59:00Z", 50+rng.IntN(50), 1+rng.IntN(12), 1+rng.IntN(28))))
	}
	if rng.IntN(6) == 0 {
		b.set("personalNotes", jstr("Met at "+pick(rng, []string{"the trade fair", "a customer visit", "the offsite", "Ignite"})+"."))
	}
	o := b.object(imm)
	o.AltID = outlookID(contactRestPrefix, n, 0)
	return o
}

// randomContactChange is a partial update of a contact, as a user makes
// in Outlook.
func randomContactChange(rng *rand.Rand) Props {
	switch rng.IntN(4) {
	case 0:
		return Props{"categories": jstrs(pick(rng, categories))}
	case 1:
		return Props{"jobTitle": jstr(pick(rng, jobTitles))}
	case 2:
		return Props{"mobilePhone": jstr(fmt.Sprintf("+1 206 555 %04d", rng.IntN(10000)))}
	}
	return Props{"companyName": jstr(pick(rng, companies))}
}
