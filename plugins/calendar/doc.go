// Package calendar is the built-in calendar source: the events of each
// mailbox's primary calendar within a window around the round's time, from
// GET /users/{id}/calendarView/delta, into the events table keyed (userId,
// id). A calendar view lists single events, and the occurrences and
// exceptions of recurring series (never the series masters) that overlap
// the window; Graph pins the window in its tokens, so moving it needs a
// new first round. The window is anchored to whole slide_every periods
// (window.go): it stays put, and the deltaLink with it, between slides; on
// a slide the stream reads its old deltaLink once more for deletions and
// then the new window in full, and the host ends the rows that left the
// window with the reason "outside window" rather than as deletions.
//
// Finding the mailboxes, the pool, the per-mailbox limits and the sweep
// of mailboxes no longer listed are package sdk/mailbox's (the source is
// a mailbox.Stream with the window added). It is not responsible for
// mail, contacts or the calendars other than the primary one, and it does
// not expand series itself.
package calendar
