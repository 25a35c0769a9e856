package tenant

import (
	"errors"
	"math/rand/v2"
	"sync"
	"time"
)

// ErrNotFound is returned when an object, mailbox or folder does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid is returned for a request the model cannot apply, such as an
// unknown property or a value that is not JSON.
var ErrInvalid = errors.New("invalid")

// epoch is the logical time origin: generated data lies before it and every
// mutation advances the clock one second past it, so that the same seed and
// the same operations always give the same timestamps.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Tenant is the whole emulated directory and its mailboxes. Readers hold
// RLock while they render; the mutators take Lock themselves.
type Tenant struct {
	sync.RWMutex

	// Domain is the tenant's initial domain, e.g. "contoso.onmicrosoft.com".
	Domain string
	// Users, Groups and Contacts are the built-in directory resources'
	// collections (mail belongs to users, members to groups).
	Users, Groups, Contacts *Collection

	// resources is the registry of directory resources, in order; byName
	// finds one by path or table, linkTables a relationship table.
	resources  []*Resource
	byName     map[string]*Resource
	linkTables map[string]linkTableOf
	builtins   int // how many of resources are built in

	mailboxes map[string]*Mailbox
	order     []string // mailbox user ids in creation order
	ticks     int64
	rng       *rand.Rand
	serial    uint64
	// contactSerial numbers the personal contacts' Outlook ids, apart
	// from serial so that contacts leave mail's ids as they were.
	contactSerial uint64
	// others are the directory objects known only as member targets
	// (service principals, devices): their types by id, and their ids in
	// creation order.
	others     map[string]string
	othersList []string
}

// Mailbox is one user's mailbox: its mail (the embedded tree: mailFolders
// and messages) and its personal contacts (contactFolders and contacts).
type Mailbox struct {
	// UserID is the owning user's id.
	UserID string
	// FolderTree is the mail: Folders is the mailFolders collection (the
	// whole tree, flattened), Root the id of the root folder
	// (msgfolderroot), the parent of the top-level folders, not in Folders.
	*FolderTree
	// Contacts is the personal contacts tree; its Root is the default
	// Contacts folder.
	Contacts *FolderTree
}

// Tree returns the mailbox's tree of a kind.
func (m *Mailbox) Tree(k *TreeKind) *FolderTree {
	if k == ContactTree {
		return m.Contacts
	}
	return m.FolderTree
}

// Messages returns the message collection of a live mail folder.
func (m *Mailbox) Messages(folderID string) (*Collection, bool) { return m.Items(folderID) }

// MessageID maps a message id in either form to its immutable id.
func (m *Mailbox) MessageID(id string) (string, bool) { return m.ItemID(id) }

// New returns an empty tenant, its registry holding the built-in
// resources, whose new ids are drawn from seed.
func New(domain string, seed int64) *Tenant {
	if domain == "" {
		domain = "contoso.onmicrosoft.com"
	}
	t := &Tenant{
		Domain:     domain,
		mailboxes:  map[string]*Mailbox{},
		rng:        rand.New(rand.NewPCG(uint64(seed), 0x6772617068)),
		byName:     map[string]*Resource{},
		linkTables: map[string]linkTableOf{},
	}
	for _, r := range builtins() {
		if err := t.register(r); err != nil {
			panic("tenant: built-in resource: " + err.Error())
		}
	}
	t.Users, t.Groups, t.Contacts = t.resources[0].Coll, t.resources[1].Coll, t.resources[2].Coll
	t.builtins = len(t.resources)
	return t
}

// Mailbox returns the mailbox of a user, if the user has one.
func (t *Tenant) Mailbox(userID string) (*Mailbox, bool) {
	m, ok := t.mailboxes[userID]
	return m, ok
}

// MailboxIDs returns the user ids that have mailboxes, in creation order.
func (t *Tenant) MailboxIDs() []string { return append([]string(nil), t.order...) }

// now advances and returns the logical clock.
func (t *Tenant) now() time.Time {
	t.ticks++
	return epoch.Add(time.Duration(t.ticks) * time.Second)
}

// nextSerial returns a tenant-unique counter for Outlook ids.
func (t *Tenant) nextSerial() uint64 {
	t.serial++
	return t.serial
}

// serialOf returns a tenant-unique counter for a tree kind's Outlook ids.
func (t *Tenant) serialOf(k *TreeKind) uint64 {
	if k == MailTree {
		return t.nextSerial()
	}
	t.contactSerial++
	return t.contactSerial
}

// FormatTime renders a timestamp as Graph does (UTC, second precision).
func FormatTime(tm time.Time) string { return tm.UTC().Format("2006-01-02T15:04:05Z") }

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
