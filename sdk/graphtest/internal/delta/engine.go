package delta

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Options tunes the engine. Zero values take Graph's observed defaults.
type Options struct {
	// Seed derives the token key; the same seed accepts the same tokens.
	Seed int64
	// DirectoryPageSize is the page size of users, groups and contacts
	// (default 200; Graph ignores odata.maxpagesize there).
	DirectoryPageSize int
	// LinksPerPage caps relationship links per page (default 500): a larger
	// group is split across pages.
	LinksPerPage int
	// OutlookPageSize is the default page size of messages and folders
	// (default 10); odata.maxpagesize overrides it up to OutlookMaxPageSize.
	OutlookPageSize int
	// OutlookMaxPageSize caps odata.maxpagesize (default 1000).
	OutlookMaxPageSize int
	// FilteredMessageCap caps a message round filtered by receivedDateTime
	// (default 5000, as Graph does).
	FilteredMessageCap int
	// TokenTTL makes tokens older than this expire (0: never).
	TokenTTL time.Duration
	// LocationWithoutQuery makes the Location of a 410 sync reset
	// (ModeLocation) the resource's path with an empty $deltatoken only,
	// without the first request's query options, as Graph may send it.
	LocationWithoutQuery bool
	// OutlookPartialUpdates returns an Outlook item (message, folder) that
	// changed since a deltaLink as its id, the selected properties that
	// changed and parentFolderId, as Graph does, instead of every selected
	// property (graphtest.PartialUpdates).
	OutlookPartialUpdates bool
	// TopLevelFolders makes mailFolders/delta return the mailbox's
	// top-level folders only; child folders are reachable through
	// childFolders and childFolders/delta (graphtest.TopLevelFolders).
	TopLevelFolders bool
	// ListDefaultContactFolder makes contactFolders/delta and the
	// contactFolders list show the default Contacts folder too
	// (graphtest.DefaultContactFolderListed); by default they show the
	// folders in it, as Graph documents the list.
	ListDefaultContactFolder bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// InitialRemovals makes a full round of users, groups or contacts
	// show the objects removed before it began as "@removed" items, as
	// Graph may do (the variant "initial-removals").
	InitialRemovals bool
}

// PageFault names a fault the engine applies to the page it renders; the
// names match the fault injector's rule kinds.
type PageFault string

// The page-level faults.
const (
	// FaultDuplicate repeats items of the page.
	FaultDuplicate PageFault = "duplicate"
	// FaultShuffle shuffles the page's items.
	FaultShuffle PageFault = "shuffle"
	// FaultEmptyPage answers with an empty page and a nextLink.
	FaultEmptyPage PageFault = "empty_page"
	// FaultBetaNextLink puts the deltaLink under @odata.nextLink.
	FaultBetaNextLink PageFault = "beta_next_link"
	// FaultBothLinks adds a deltaLink to a page that has a nextLink.
	FaultBothLinks PageFault = "both_links"
	// FaultRepeatPage gives the page a nextLink back to the same page.
	FaultRepeatPage PageFault = "repeat_page"
)

// Faults tells whether a page-level fault fires for a request.
type Faults func(kind PageFault, r *http.Request) bool

// Engine serves delta requests for one tenant.
type Engine struct {
	tenant *tenant.Tenant
	codec  *codec
	faults Faults
	epoch  uint64
	// bufs holds page buffers: one renders the items, one the envelope.
	bufs sync.Pool

	mu          sync.Mutex
	opts        Options
	expiredAt   int64
	expiredMode string
}

// New returns an engine over t; faults may be nil.
func New(t *tenant.Tenant, faults Faults, opts Options) (*Engine, error) {
	c, err := newCodec(opts.Seed)
	if err != nil {
		return nil, err
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	e := &Engine{tenant: t, codec: c, faults: faults, epoch: binary.BigEndian.Uint64(b[:]), opts: opts.withDefaults()}
	e.bufs.New = func() any { buf := make([]byte, 0, 128<<10); return &buf }
	return e, nil
}

func (o Options) withDefaults() Options {
	if o.DirectoryPageSize <= 0 {
		o.DirectoryPageSize = 200
	}
	if o.LinksPerPage <= 0 {
		o.LinksPerPage = 500
	}
	if o.OutlookPageSize <= 0 {
		o.OutlookPageSize = 10
	}
	if o.OutlookMaxPageSize <= 0 {
		o.OutlookMaxPageSize = 1000
	}
	if o.FilteredMessageCap <= 0 {
		o.FilteredMessageCap = 5000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// SetTokenTTL changes the token lifetime (0: tokens never expire).
func (e *Engine) SetTokenTTL(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.TokenTTL = d
}

// ExpireAll makes every token issued so far fail with the error of mode
// (one of Modes). Tokens issued afterwards work.
func (e *Engine) ExpireAll(mode string) error {
	valid := false
	for _, m := range Modes {
		valid = valid || m == mode
	}
	if !valid {
		return fmt.Errorf("unknown expiry mode %q (want one of %v)", mode, Modes)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expiredAt, e.expiredMode = e.opts.Now().UnixNano(), mode
	return nil
}

func (e *Engine) options() Options {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opts
}

// expiry returns the mode that invalidates a token issued at issued, or "".
func (e *Engine) expiry(issued int64) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if issued <= e.expiredAt {
		return e.expiredMode
	}
	if e.opts.TokenTTL > 0 && e.opts.Now().UnixNano()-issued > int64(e.opts.TokenTTL) {
		return ModeSyncStateNotFound
	}
	return ""
}

func (e *Engine) fires(kind PageFault, r *http.Request) bool {
	return e.faults != nil && e.faults(kind, r)
}
