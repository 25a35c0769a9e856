// Package fault decides which requests to the Graph emulator fail, and how,
// so that a client can be tested against the failures Microsoft Graph
// really produces: throttling with fractional Retry-After, 503 and 504,
// slow answers, connections cut mid-body, 403 and 404 on chosen paths, and
// the page-level quirks of delta queries (GRAPH-DELTA §4 and §6).
//
// An [Injector] holds a [Config], a list of [Rule] values set and read as JSON
// through the admin API. [Injector.Middleware] applies the kinds that act on the
// HTTP exchange; the delta engine asks [Injector.Fires] for the kinds that
// change a page's content. Every injected error is written with
// odata.WriteError, so it carries Graph's envelope and correlation headers.
//
// The package is responsible for validating rules, scheduling their
// firings reproducibly and writing the injected errors and cut responses.
// It is not responsible for Graph's routes, for what a page holds or how
// duplicate or shuffled items are rendered (the delta engine's job), for
// authentication, or for the emulator's own throttling (the mailbox
// concurrency limit). Handlers wrapped around Middleware must release
// their resources with defer: a cut ends the handler with a panic of
// http.ErrAbortHandler.
//
// # Fault kinds
//
// The table below and the two examples after it are written to be copied
// into the README as they are.
//
//	| kind | what the client sees | knobs |
//	|---|---|---|
//	| `throttle` | 429, code `TooManyRequests`, innerError `code` and `status` "429"; `Retry-After` if set | `retry_after`, `code`, `message` |
//	| `unavailable` | 503, code `serviceNotAvailable`; `Retry-After` if set | `retry_after`, `code`, `message` |
//	| `gateway_timeout` | 504, code `UnknownError`, empty message | `code`, `message` |
//	| `forbidden` | 403, code `ErrorAccessDenied` (or e.g. `ErrorQuotaExceeded`, `Authorization_RequestDenied`) | `code`, `message` |
//	| `not_found` | 404, code `ErrorSyncFolderNotFound` (or e.g. `MailboxNotEnabledForRESTAPI`, `ResourceNotFound`) | `code`, `message` |
//	| `delta_token_refused` | 400, code `BadRequest`, "Parameter 'DeltaToken' not supported for this request." (match `$deltatoken=`) | `code`, `message` |
//	| `slow` | the normal answer, after `delay`; nothing if the client gives up first | `delay` (required) |
//	| `cut` | the status, the headers with the full `Content-Length` and about half of the body, then an unexpected EOF (HTTP/1.1) or a stream reset (HTTP/2) | – |
//	| `duplicate` | items repeated within the round | – |
//	| `shuffle` | a page's items in another order | – |
//	| `empty_page` | an extra page with no items and only an `@odata.nextLink` | – |
//	| `beta_next_link` | the final page's deltaLink URL under `@odata.nextLink` | – |
//	| `both_links` | a page carrying both `@odata.nextLink` and `@odata.deltaLink` | – |
//	| `repeat_page` | the page served again behind each nextLink, which is new every time (a loop with changing links), until the rule stops firing | – |
//
// Every kind takes the scheduling knobs. `match` is a substring of the
// request's path and query (empty: every Graph request). `every: N` fires
// on every Nth matching request, or `rate: p` with probability p from a
// generator seeded by `seed`; with neither, each matching request fires.
// `after: N` lets the first N matching requests through, and `times: N`
// stops the rule after N firings (0: never stops). Rules are tried in
// order, and the first error-answering rule to fire wins.
//
// Throttle every third users delta request, asking for a 1.5 s pause:
//
//	{"seed": 1, "rules": [{"kind": "throttle", "match": "/users/delta", "every": 3, "retry_after": 1.5}]}
//
// Cut one message page short, then behave:
//
//	{"rules": [{"kind": "cut", "match": "/messages/delta", "times": 1}]}
package fault
