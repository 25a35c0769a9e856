// Package graph is the Microsoft Graph delta client that graphlake plugins
// use to page through delta queries and plain collections.
//
// A Client follows @odata.nextLink from a first-page URL or a stored
// deltaLink until a page carries @odata.deltaLink (Client.Round), or until
// the last page of a plain collection (Client.List), handing each page's
// raw items to a callback. Along the way it:
//
//   - attaches a bearer token from a TokenSource, caches it until two
//     minutes before it expires, and refreshes it once on a 401;
//   - retries 429, 500, 502, 503, 504, transport errors, bodies cut short
//     and bodies that stall (Options.BodyIdleTimeout) with the very same
//     link, honouring Retry-After (seconds, fractional seconds or an HTTP
//     date) or else a jittered exponential back-off, within a per round
//     budget (Options.MaxRetryWait, ErrRetryBudget);
//   - bounds the memory page bodies take across all the rounds of a Client
//     (Options.PageMemory);
//   - resends Prefer and extra headers on every page, since Graph does not
//     encode them in its tokens;
//   - turns every "start over" signal (410, syncStateNotFound,
//     syncStateInvalid, resyncRequired, ErrorInvalidSyncStateData, compared
//     case-insensitively, and a stored deltaLink refused with "Parameter
//     'DeltaToken' not supported") into a *ResyncError, and other Graph
//     errors into an *APIError, whose text has control characters escaped;
//   - survives the known paging quirks: a page with both links is not the
//     end, a final deltaLink sent as nextLink ends the round, and loops are
//     cut by a repeated-link detector, a repeated-page detector (the same
//     items behind new nextLinks) and a page cap (ErrLoop);
//   - never logs or returns a link with its tokens in clear: see Redact.
//
// Links are opaque: the client never parses them to rebuild a request. The
// bearer token goes only to the origin (scheme, host and port) a round
// started on: a nextLink or deltaLink to another origin, a redirect to
// another origin (an https to http downgrade included) and a 410 whose
// Location is on another origin fail the call with ErrForeignHost, naming
// the refused origin, before anything is sent there.
//
// What this package is not responsible for:
//
//   - storing deltaLinks or deciding when to run a round; callers checkpoint
//     the returned deltaLink (and LinkHash it for manifests), never nextLinks;
//   - recovering from a resync: it reports *ResyncError, and the caller
//     discards its link, reruns the initial round from its own first-round
//     URL (never from ResyncError.Location as given, which may lack the
//     query options) and sweeps deletions it could not have seen;
//   - interpreting items: @removed, members@delta, duplicates within a round
//     and replays across rounds are the caller's to merge by id;
//   - acquiring tokens: the host's token broker does that behind TokenSource;
//   - scheduling work: one Client may be used from many goroutines, and it
//     bounds what they send (Limits: at most 4 requests in flight per
//     mailbox, a tenant-wide concurrency and rate that adapt to Graph's
//     answers, and a back-off gate that every request of the throttled
//     scope waits on after a Retry-After), but it does not decide which
//     streams run when (Client.Concurrency tells how many requests it
//     lets go at once right now).
package graph
