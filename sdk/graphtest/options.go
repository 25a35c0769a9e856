package graphtest

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Options configures an emulator. The zero value serves a small tenant on a
// random loopback port.
type Options struct {
	// Listen is the TCP address (default "127.0.0.1:0").
	Listen string
	// Seed makes the tenant and credentials reproducible.
	Seed int64
	// Users, Groups, MembersPerGroup, Contacts, Mailboxes,
	// FoldersPerMailbox and MessagesPerFolder size the generated tenant's
	// built-in resources (a registered Resource carries its own Count).
	Users, Groups, MembersPerGroup, Contacts        int
	Mailboxes, FoldersPerMailbox, MessagesPerFolder int
	// FolderDepth, when positive, nests each mailbox's child folders of
	// the Inbox in chains up to that many levels deep; 0 nests every third
	// one under the one before (two levels).
	FolderDepth int
	// ContactFoldersPerMailbox is each mailbox's number of personal
	// contact folders, its default Contacts folder included (every mailbox
	// has that one): top-level folders and, like mail folders, nested ones
	// (FolderDepth applies). ContactsPerFolder is the number of contacts
	// in each folder, the default one included.
	ContactFoldersPerMailbox, ContactsPerFolder int
	// Domain is the tenant's domain (default "contoso.onmicrosoft.com").
	Domain string
	// TenantID, ClientID and ClientSecret are the app registration that may
	// call the token endpoint; empty values are derived from Seed.
	TenantID, ClientID, ClientSecret string
	// ManagedIdentityHeader, when set, enables the App Service style managed
	// identity endpoint at ManagedIdentityEndpoint(): azidentity's
	// ManagedIdentityCredential uses it with IDENTITY_ENDPOINT set to that
	// URL and IDENTITY_HEADER to this value. The identity acts as ClientID.
	ManagedIdentityHeader string
	// Hosts are extra DNS names or IPs for the TLS certificate.
	Hosts []string
	// DirectoryPageSize is users/groups/contacts items per page (default 200).
	DirectoryPageSize int
	// LinksPerPage caps members@delta links per page (default 500).
	LinksPerPage int
	// OutlookPageSize is the default page size of mail (default 10).
	OutlookPageSize int
	// MailboxConcurrency is how many requests one mailbox serves at once;
	// past it Graph answers 429 ApplicationThrottled (default 4, as
	// Outlook; negative disables the limit).
	MailboxConcurrency int
	// MailboxBudget and MailboxBudgetWindow are, with the MailboxBudget
	// variant, the most requests one mailbox serves in any sliding window
	// of that length; past it Graph answers 429 ApplicationThrottled with
	// Retry-After until the window has room (refused requests do not
	// count). Default 10,000 per 10 minutes, Outlook's budget; tests scale
	// it down (e.g. 60 per 2s).
	MailboxBudget       int
	MailboxBudgetWindow time.Duration
	// TenantRateLimit and TenantRateWindow are, with the TenantRateLimit
	// variant, the most Graph requests the tenant serves in any sliding
	// window of that length, whatever they address; past it Graph answers
	// 429 TooManyRequests with Retry-After until the window has room
	// (refused requests do not count). Default 130,000 per 10 seconds,
	// Graph's limit per app; tests scale it down (e.g. 300 per 1s).
	TenantRateLimit  int
	TenantRateWindow time.Duration
	// DeltaTokenTTL expires delta tokens older than this (0: never).
	DeltaTokenTTL time.Duration
	// AccessTokenTTL is the lifetime of issued access tokens (default 1h).
	AccessTokenTTL time.Duration
	// Variants turns on behaviours of real Graph that differ from the
	// emulator's defaults (see Variant); none by default.
	Variants []Variant
	// Directory, when set, also serves Entra ID's other directory objects
	// (applications, service principals, devices, directory roles,
	// administrative units and permission grants) at these sizes, as
	// resources registered after users, groups and contacts (see
	// DirectoryObjects). Nil serves none of them.
	Directory *DirectoryObjects
	// Resources are directory resources to serve besides the built-in
	// ones, registered after them in this order (see Resource).
	Resources []Resource
	// AuditLogs configures the sign-in and directory audit logs (see
	// AuditLogOptions).
	AuditLogs AuditLogOptions
	// Calendars configures the mailboxes' calendars (see
	// CalendarOptions).
	Calendars CalendarOptions
	// Drives configures OneDrives and SharePoint document libraries (see
	// DriveOptions); the zero value serves none.
	Drives DriveOptions
}

// DefaultOptions returns the sizes `etl sim` and `etl demo` use.
func DefaultOptions() Options {
	return Options{Seed: 1, Users: 100, Groups: 10, MembersPerGroup: 20, Contacts: 25,
		Mailboxes: 5, FoldersPerMailbox: 10, MessagesPerFolder: 20, ContactFoldersPerMailbox: 4, ContactsPerFolder: 10,
		Directory: ptrTo(DefaultDirectoryObjects())}
}

func ptrTo[T any](v T) *T { return &v }

func (o Options) withDefaults() Options {
	if o.Listen == "" {
		o.Listen = "127.0.0.1:0"
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x63726564))
	guid := func() string {
		a, b := rng.Uint64(), rng.Uint64()
		return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0x3fff|0x8000, b&0xffffffffffff)
	}
	tenantID, clientID := guid(), guid()
	if o.TenantID == "" {
		o.TenantID = tenantID
	}
	if o.ClientID == "" {
		o.ClientID = clientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = fmt.Sprintf("gl~%016x%016x", rng.Uint64(), rng.Uint64())
	}
	if o.MailboxConcurrency == 0 {
		o.MailboxConcurrency = 4
	}
	if o.AccessTokenTTL <= 0 {
		o.AccessTokenTTL = 3599 * time.Second
	}
	return o
}
