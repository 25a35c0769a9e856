package graphtest

import (
	"fmt"
	"slices"
	"strings"
)

// Variant names one documented or field-reported behaviour of real
// Microsoft Graph that differs from the emulator's default, plainest
// reading of the docs. Turning a variant on makes the emulator behave that
// way, so that the client is tested against each behaviour real Graph may
// show. See ../../README.md, "Against real Microsoft Graph".
type Variant string

// The variants. Each constant's comment says what the emulator does when it
// is on; the default (off) is the behaviour before the variant existed.
const (
	// PartialUpdates returns an updated Outlook item (message, contact,
	// mail or contact folder) in a delta round as its id plus only the selected properties
	// that changed and parentFolderId, as Graph does, instead of every
	// selected property. Directory resources are unaffected: in default
	// mode Entra ID returns every selected property (clients ask for
	// changed ones only with Prefer: return=minimal).
	PartialUpdates Variant = "partial-updates"
	// TopLevelFolders makes mailFolders/delta (and contactFolders/delta)
	// return only the top-level folders of a mailbox; child folders are reachable through
	// childFolders and childFolders/delta only (each lists a folder's
	// direct children).
	TopLevelFolders Variant = "top-level-folders"
	// DefaultContactFolderListed makes contactFolders/delta and the
	// contactFolders list show the default Contacts folder itself besides
	// the folders in it. Graph documents the list as "the contact folder
	// collection in the default Contacts folder" and says nothing of the
	// delta; the default folder is reachable as contactFolders/contacts
	// either way.
	DefaultContactFolderListed Variant = "default-contact-folder-listed"
	// LocationWithoutQuery answers an expired delta token with 410 and a
	// Location that drops the first request's query options ($select,
	// $filter, …).
	LocationWithoutQuery Variant = "location-without-query"
	// ServerErrors answers a share of Graph requests (one in twenty, drawn
	// from Options.Seed) with a transient 500 UnknownError or 502. A
	// request that failed succeeds when it is sent again, as Graph's
	// transient errors do.
	ServerErrors Variant = "server-errors"
	// MailboxNotFound answers mail requests for users without a mailbox
	// with 404 ResourceNotFound ("Resource could not be discovered.") or
	// ErrorInvalidUser, alternating, instead of MailboxNotEnabledForRESTAPI.
	MailboxNotFound Variant = "mailbox-not-found"
	// MailboxBudget enforces Outlook's per-mailbox budget (10,000
	// requests per 10 minutes, or Options.MailboxBudget per
	// Options.MailboxBudgetWindow) over a sliding window, with 429
	// ApplicationThrottled and Retry-After until the window has room.
	MailboxBudget Variant = "mailbox-budget"
	// TenantRateLimit enforces a tenant-wide request limit (Graph's
	// 130,000 requests per 10 seconds per app, or Options.TenantRateLimit
	// per Options.TenantRateWindow) over a sliding window: past it every
	// Graph request is answered 429 TooManyRequests with Retry-After until
	// the window has room.
	TenantRateLimit Variant = "tenant-rate-limit"
	// MixedMembers adds service principals and devices to the tenant and
	// makes some of them group members, so that members@delta holds
	// #microsoft.graph.servicePrincipal and #microsoft.graph.device
	// entries beside users, groups and orgContacts; churn adds and removes
	// them too.
	MixedMembers Variant = "mixed-members"
	// InitialRemovals adds users, groups and contacts removed before the
	// first round (soft-deleted or for good), and makes every full round
	// of users, groups and contacts show the removed ones as "@removed"
	// items, as Graph may.
	InitialRemovals Variant = "initial-removals"
	// LateLogs makes one sign-in or directory audit in ten show up between
	// AuditLogOptions.MaxDelay and 30 minutes after its time (the long tail
	// reported for some sign-ins), instead of within MaxDelay.
	LateLogs Variant = "late-logs"
	// SparseOccurrences returns the occurrences of a recurring series in
	// a calendarView delta round as their @odata.type, @odata.etag, id,
	// seriesMasterId, type, start and end only, as Graph has been seen to
	// (docs-contrib #34, #5602), instead of every property as the docs
	// say; exceptions and single events stay whole.
	SparseOccurrences Variant = "sparse-occurrences"
	// WholeSeriesPages never splits the instances of one series that a
	// calendarView delta round returns across pages, as Graph was seen to
	// (docs PR #4501): such a page holds more items than
	// odata.maxpagesize.
	WholeSeriesPages Variant = "whole-series-pages"
	// SilentCancellations leaves an occurrence deleted from its series
	// out of calendarView delta rounds instead of reporting it @removed,
	// as Graph was seen to ("no indication is given for a deleted
	// occurrence", docs PR #4501, 2019): the occurrence is simply no longer
	// in the view, which only a full read of the window shows.
	SilentCancellations Variant = "silent-cancellations"
	// DriveRemovedAnnotation marks a deleted drive item with
	// "@removed": {"reason": "deleted"} instead of the documented deleted
	// facet, as the other delta resources mark removals.
	DriveRemovedAnnotation Variant = "drive-removed-annotation"
	// DriveNextAndDelta puts an @odata.deltaLink on every drive delta page
	// that also has an @odata.nextLink (reported in the field, though the
	// overview says a page never carries both): the round goes on.
	DriveNextAndDelta Variant = "drive-next-and-delta"
	// DriveDeletedChildrenOmitted reports a deleted folder alone in drive
	// delta, not the items deleted with it (those unchanged since the
	// client's token: the feed holds an item's latest state only).
	DriveDeletedChildrenOmitted Variant = "drive-deleted-children-omitted"
	// DriveParentPath returns parentReference.path in drive delta items,
	// which the docs say delta never returns (a renamed folder's
	// descendants then keep the path they were last returned with).
	DriveParentPath Variant = "drive-parent-path"
	// DriveRepeats returns an edited drive item twice in an incremental
	// round, its previous version first ("use the last occurrence").
	DriveRepeats Variant = "drive-repeats"
	// BatchFailedDependency answers a $batch in which a request was
	// throttled (429) with 424 Failed Dependency instead of 200, same body,
	// as Microsoft's throttling page once said ("the batch itself fails
	// with a status code of 424"); the batching page and field reports
	// (docs-contrib #8883, dev-proxy #1358) say 200.
	BatchFailedDependency Variant = "batch-failed-dependency"
	// DriveInitialDeletions lists deleted drive items (with the deleted
	// facet) in a first round too, as the docs' example of a first page
	// does.
	DriveInitialDeletions Variant = "drive-initial-deletions"
)

// AllVariants lists every variant, in the order `etl sim --help` names them.
func AllVariants() []Variant {
	return []Variant{PartialUpdates, TopLevelFolders, LocationWithoutQuery, ServerErrors, MailboxNotFound, MailboxBudget,
		MixedMembers, InitialRemovals, LateLogs, TenantRateLimit, DefaultContactFolderListed,
		SparseOccurrences, WholeSeriesPages, SilentCancellations,
		DriveRemovedAnnotation, DriveNextAndDelta, DriveDeletedChildrenOmitted, DriveParentPath, DriveRepeats,
		DriveInitialDeletions, BatchFailedDependency}
}

// ParseVariants reads a comma-separated list of variant names; "all" turns
// every variant on and "" or "none" none. An unknown name is an error that
// lists the known ones.
func ParseVariants(list string) ([]Variant, error) {
	list = strings.TrimSpace(list)
	switch list {
	case "", "none":
		return nil, nil
	case "all":
		return AllVariants(), nil
	}
	var out []Variant
	for _, name := range strings.Split(list, ",") {
		v := Variant(strings.TrimSpace(name))
		if !slices.Contains(AllVariants(), v) {
			return nil, fmt.Errorf("unknown emulator variant %q (known: %s, or all)", name, variantNames(AllVariants()))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// Has reports whether the variant v is on.
func (o Options) Has(v Variant) bool { return slices.Contains(o.Variants, v) }

func variantNames(vs []Variant) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// VariantList is the comma-separated names of every variant.
func VariantList() string { return variantNames(AllVariants()) }
