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
	// others are the directory objects known only as member targets
	// (service principals, devices): their types by id, and their ids in
	// creation order.
	others     map[string]string
	othersList []string
}

// Mailbox is one user's mailbox: a folder collection and one message
// collection per folder.
type Mailbox struct {
	// UserID is the owning user's id.
	UserID string
	// Folders is the mailFolders collection (the whole tree, flattened).
	Folders *Collection
	// Root is the id of the mailbox's root folder (msgfolderroot), the
	// parent of its top-level folders; it is not in Folders.
	Root string

	messages  map[string]*Collection
	wellKnown map[string]string
	msgFolder map[string]string
	alias     map[string]string
}

// Messages returns the message collection of a live folder.
func (m *Mailbox) Messages(folderID string) (*Collection, bool) {
	c, ok := m.messages[folderID]
	return c, ok
}

// ResolveFolder maps a folder id or well-known name ("inbox") to a folder id.
func (m *Mailbox) ResolveFolder(idOrName string) (string, bool) {
	if id, ok := m.wellKnown[lower(idOrName)]; ok {
		if _, live := m.messages[id]; live {
			return id, true
		}
	}
	_, ok := m.messages[idOrName]
	return idOrName, ok
}

// MessageID maps a message id in either form to its immutable id.
func (m *Mailbox) MessageID(id string) (string, bool) {
	if _, ok := m.msgFolder[id]; ok {
		return id, true
	}
	imm, ok := m.alias[id]
	return imm, ok
}

// FolderOf returns the folder that holds a message (by immutable id).
func (m *Mailbox) FolderOf(immutableID string) (string, bool) {
	f, ok := m.msgFolder[immutableID]
	return f, ok
}

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
