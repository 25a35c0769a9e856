// Package calendar is the emulator's calendars: each mailbox's primary
// calendar with single meetings, all-day events and recurring series
// (daily, weekly and monthly patterns) with their exceptions and
// cancelled occurrences, churn on a clock of the calendars' own, and
// GET /users/{id}/calendarView/delta as Graph documents it: occurrences
// and exceptions expanded into the window the first request names (never
// series masters), the window pinned in the tokens, paging by
// Prefer: odata.maxpagesize, and @removed (reason deleted) for events
// deleted, cancelled or moved out of the window, and for changed events
// outside it. It is not responsible for routing, authentication or
// throttling (package graphtest does those).
package calendar
