package drive

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"
)

// Person is a user whom drives belong to and whom items name as creator
// or modifier.
type Person struct {
	// ID, DisplayName and Mail are the user's object id, name and
	// principal name.
	ID, DisplayName, Mail string
}

// Quirks are the variations of Graph's drive delta the store shows.
type Quirks struct {
	// RemovedAnnotation marks a deleted item with "@removed" instead of
	// the deleted facet.
	RemovedAnnotation bool
	// NextAndDelta puts a deltaLink on every page that has a nextLink.
	NextAndDelta bool
	// OmitDeletedChildren reports a deleted folder alone, not the items
	// deleted with it.
	OmitDeletedChildren bool
	// ParentPath returns parentReference.path in delta items.
	ParentPath bool
	// Repeats returns an edited item twice in an incremental round: its
	// previous version on an early page, its current one later.
	Repeats bool
	// InitialDeletions lists deleted items (those deleted on their own) in
	// a first round too, as the docs' example of a first page does.
	InitialDeletions bool
}

// Options sizes and shapes the drives.
type Options struct {
	// Seed makes the drives and their churn reproducible.
	Seed int64
	// Host is the SharePoint host, e.g. contoso.sharepoint.com.
	Host string
	// Owners get a OneDrive each, in order.
	Owners []Person
	// Sites and LibrariesPerSite size SharePoint.
	Sites, LibrariesPerSite int
	// ItemsPerDrive is how many items (folders and files) each drive holds.
	ItemsPerDrive int
	// PageSize is the default and largest delta page (default 200).
	PageSize int
	// Quirks turn on Graph's variations.
	Quirks Quirks
	// Start is the time the generated items were made around.
	Start time.Time
}

// Store holds every drive. Its methods are safe for concurrent use.
type Store struct {
	mu     sync.RWMutex
	opts   Options
	rng    *rand.Rand
	seq    int64
	serial int
	drives map[string]*Drive
	order  []string          // drive ids in creation order
	byUser map[string]string // lower-cased user id → OneDrive id
	sites  []*Site
	people []Person
	now    time.Time
}

// Site is a SharePoint site with document libraries.
type Site struct {
	// ID is host,guid,guid; Name the URL's last segment; Path the
	// server-relative path (/sites/name); WebURL the full URL.
	ID, Name, DisplayName, WebURL, Path string
	// Drives are the site's document libraries' ids, the default first.
	Drives []string
}

// Drive is a OneDrive or a document library.
type Drive struct {
	// ID is the drive id ("b!…"), Type business or documentLibrary.
	ID, Type, Name, WebURL string
	// Owner is the OneDrive's user (a library's: the system account).
	Owner Person
	// SiteID is a library's site; "" for a OneDrive.
	SiteID string
	// RootID is the root folder's id.
	RootID string
	items  map[string]*Item
	// gen counts resyncs: a token of an older generation is refused with
	// 410 and resync, the inner code of the last resync.
	gen    int
	resync string
}

// Item is a file or folder. Deleted items stay (their deletion is a change).
type Item struct {
	// ID, Name and ParentID place the item; the root has no parent.
	ID, Name, ParentID string
	// Folder is set on folders.
	Folder bool
	// Size, Mime and Hash (quickXorHash) describe a file's content.
	Size       int64
	Mime, Hash string
	// Created and Modified are its times, CreatedBy and ModBy its people.
	Created, Modified time.Time
	CreatedBy, ModBy  Person
	// Version numbers its edits (the eTag's suffix).
	Version int
	// Seq is the store's sequence number of its last change.
	Seq int64
	// Deleted is set on a deleted item.
	Deleted bool
	// Implied is set on an item deleted because its folder was; implied
	// is the item's Seq before that deletion.
	Implied bool
	implied int64
	// prev is the item before its last edit (Quirks.Repeats).
	prev *Item
}

// New generates the drives.
func New(o Options) *Store {
	if o.PageSize <= 0 {
		o.PageSize = 200
	}
	if o.Host == "" {
		o.Host = "contoso.sharepoint.com"
	}
	if o.Start.IsZero() {
		o.Start = time.Now().UTC()
	}
	s := &Store{opts: o, rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x64726976)), drives: map[string]*Drive{},
		byUser: map[string]string{}, people: o.Owners, now: o.Start.Truncate(time.Second)}
	if len(s.people) == 0 {
		s.people = []Person{{ID: "00000000-0000-4000-8000-000000000001", DisplayName: "Adele Vance", Mail: "adelev@contoso.onmicrosoft.com"}}
	}
	tenant := strings.Split(o.Host, ".")[0]
	for _, p := range o.Owners {
		d := s.newDrive("business", "OneDrive", p, "")
		d.WebURL = fmt.Sprintf("https://%s-my.sharepoint.com/personal/%s/Documents", tenant, strings.NewReplacer("@", "_", ".", "_").Replace(p.Mail))
		s.byUser[strings.ToLower(p.ID)] = d.ID
		s.fill(d)
	}
	for i := range o.Sites {
		site := &Site{Name: fmt.Sprintf("site%d", i+1), DisplayName: siteNames[i%len(siteNames)]}
		site.Path = "/sites/" + site.Name
		site.WebURL = "https://" + o.Host + site.Path
		site.ID = o.Host + "," + s.guid() + "," + s.guid()
		for j := range o.LibrariesPerSite {
			name := libraryNames[j%len(libraryNames)]
			d := s.newDrive("documentLibrary", name, Person{DisplayName: "System Account"}, site.ID)
			d.WebURL = site.WebURL + "/" + strings.ReplaceAll(name, " ", "%20")
			site.Drives = append(site.Drives, d.ID)
			s.fill(d)
		}
		s.sites = append(s.sites, site)
	}
	return s
}

var (
	siteNames    = []string{"Marketing", "Finance", "Engineering", "Legal", "Human Resources", "Sales"}
	libraryNames = []string{"Documents", "Contracts", "Archive", "Templates", "Projects"}
)

func (s *Store) newDrive(typ, name string, owner Person, site string) *Drive {
	d := &Drive{ID: "b!" + s.token(48), Type: typ, Name: name, Owner: owner, SiteID: site, items: map[string]*Item{}}
	root := &Item{ID: s.itemID(), Name: "root", Folder: true, Created: s.now, Modified: s.now, CreatedBy: owner, ModBy: owner}
	s.seq++
	root.Seq = s.seq
	d.RootID = root.ID
	d.items[root.ID] = root
	s.drives[d.ID] = d
	s.order = append(s.order, d.ID)
	return d
}

// fill adds ItemsPerDrive items: about one in eight a folder, nested up to
// four levels, the rest small files.
func (s *Store) fill(d *Drive) {
	folders := []string{d.RootID}
	for n := 1; n < s.opts.ItemsPerDrive; n++ {
		parent := folders[s.rng.IntN(len(folders))]
		if n%8 == 1 && depth(d, parent) < 4 {
			folders = append(folders, s.add(d, parent, true).ID)
			continue
		}
		s.add(d, parent, false)
	}
}

func depth(d *Drive, id string) int {
	n := 0
	for it := d.items[id]; it != nil && it.ParentID != ""; it = d.items[it.ParentID] {
		n++
	}
	return n
}

// add creates an item under parent.
func (s *Store) add(d *Drive, parent string, folder bool) *Item {
	who := s.people[s.rng.IntN(len(s.people))]
	at := s.now.Add(-time.Duration(s.rng.IntN(90*24*3600)) * time.Second)
	it := &Item{ID: s.itemID(), ParentID: parent, Folder: folder, Created: at, Modified: at, CreatedBy: who, ModBy: who, Version: 1}
	if folder {
		it.Name = folderNames[s.rng.IntN(len(folderNames))] + fmt.Sprintf(" %d", s.serial)
	} else {
		ext := extensions[s.rng.IntN(len(extensions))]
		it.Name = fileWords[s.rng.IntN(len(fileWords))] + fmt.Sprintf("-%d.%s", s.serial, ext[0])
		it.Mime, it.Size, it.Hash = ext[1], int64(200+s.rng.IntN(64<<10)), s.token(27)+"="
	}
	s.seq++
	it.Seq = s.seq
	d.items[it.ID] = it
	return it
}

var (
	folderNames = []string{"Projects", "Reports", "Invoices", "Drafts", "Meetings", "Designs", "Budget", "Photos", "Specs", "Archive"}
	fileWords   = []string{"notes", "report", "budget", "minutes", "plan", "draft", "summary", "invoice", "roadmap", "review"}
	extensions  = [][2]string{{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, {"pdf", "application/pdf"},
		{"txt", "text/plain"}, {"png", "image/png"}, {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"}}
)

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (s *Store) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// itemID draws an item id shaped like OneDrive for Business's.
func (s *Store) itemID() string {
	s.serial++
	return "01" + strings.ToUpper(s.token(32))
}

func (s *Store) guid() string {
	a, b := s.rng.Uint64(), s.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}

// liveIDs lists a drive's live items, sorted.
func (d *Drive) liveIDs() []string {
	var out []string
	for id, it := range d.items {
		if !it.Deleted {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Path is a live item's path from the root ("/" for the root), built from
// the tree.
func (d *Drive) Path(it *Item) string {
	if it.ParentID == "" {
		return "/"
	}
	var names []string
	for cur := it; cur != nil && cur.ParentID != ""; cur = d.items[cur.ParentID] {
		names = append(names, cur.Name)
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	return "/" + strings.Join(names, "/")
}
