package calendar

import "github.com/graphlake/graphlake/sdk/table"

// EventsTable is the table of calendar events.
const EventsTable = "events"

// Events returns the events table: one row per single event, occurrence
// and exception of a synced mailbox's calendar within the window, keyed
// by (userId, id).
func Events() table.Table {
	s, b, n, ts := table.String(), table.Bool(), table.Int64(), table.Timestamp()
	email := table.Struct(table.Column{Name: "name", Type: s}, table.Column{Name: "address", Type: s})
	zoned := table.Struct(table.Column{Name: "dateTime", Type: s}, table.Column{Name: "timeZone", Type: s})
	status := table.Struct(table.Column{Name: "response", Type: s}, table.Column{Name: "time", Type: ts})
	attendee := table.Struct(table.Column{Name: "type", Type: s}, table.Column{Name: "status", Type: status},
		table.Column{Name: "emailAddress", Type: email})
	recurrence := table.Struct(
		table.Column{Name: "pattern", Type: table.Struct(table.Column{Name: "type", Type: s}, table.Column{Name: "interval", Type: n},
			table.Column{Name: "month", Type: n}, table.Column{Name: "dayOfMonth", Type: n},
			table.Column{Name: "daysOfWeek", Type: table.List(s)}, table.Column{Name: "firstDayOfWeek", Type: s},
			table.Column{Name: "index", Type: s})},
		table.Column{Name: "range", Type: table.Struct(table.Column{Name: "type", Type: s}, table.Column{Name: "startDate", Type: s},
			table.Column{Name: "endDate", Type: s}, table.Column{Name: "recurrenceTimeZone", Type: s},
			table.Column{Name: "numberOfOccurrences", Type: n})})
	return table.Table{Name: EventsTable, Doc: "Calendar events (microsoft.graph.event) of the synced mailboxes' primary calendars within the window: single events, occurrences and exceptions.",
		Key: []string{"userId", "id"}, ShardKey: "userId",
		Columns: []table.Column{
			{Name: "userId", Type: s, Doc: "The mailbox owner's user object id."},
			{Name: "id", Type: s, Doc: "The event's id; an occurrence's id names its series and original start."},
			{Name: "type", Type: s, Doc: "singleInstance, occurrence or exception (seriesMaster when Graph returns a master)."},
			{Name: "seriesMasterId", Type: s, Doc: "The series of an occurrence or exception."},
			{Name: "subject", Type: s}, {Name: "bodyPreview", Type: s},
			{Name: "body", Type: table.Struct(table.Column{Name: "contentType", Type: s}, table.Column{Name: "content", Type: s})},
			{Name: "start", Type: zoned, Doc: "Start, in UTC (the source sends no Prefer: outlook.timezone)."},
			{Name: "end", Type: zoned, Doc: "End, in UTC."},
			{Name: "originalStart", Type: ts, Doc: "When an occurrence or exception was first scheduled."},
			{Name: "originalStartTimeZone", Type: s}, {Name: "originalEndTimeZone", Type: s},
			{Name: "isAllDay", Type: b}, {Name: "isCancelled", Type: b}, {Name: "isOrganizer", Type: b},
			{Name: "responseRequested", Type: b}, {Name: "isReminderOn", Type: b}, {Name: "reminderMinutesBeforeStart", Type: n},
			{Name: "isOnlineMeeting", Type: b}, {Name: "hasAttachments", Type: b},
			{Name: "showAs", Type: s}, {Name: "importance", Type: s}, {Name: "sensitivity", Type: s},
			{Name: "organizer", Type: table.Struct(table.Column{Name: "emailAddress", Type: email})},
			{Name: "attendees", Type: table.List(attendee)},
			{Name: "responseStatus", Type: status},
			{Name: "location", Type: table.Struct(table.Column{Name: "displayName", Type: s}, table.Column{Name: "locationType", Type: s})},
			{Name: "recurrence", Type: recurrence, Doc: "A series master's pattern and range (calendarView returns none: occurrences carry null)."},
			{Name: "categories", Type: table.List(s)},
			{Name: "iCalUId", Type: s}, {Name: "changeKey", Type: s}, {Name: "webLink", Type: s},
			{Name: "createdDateTime", Type: ts}, {Name: "lastModifiedDateTime", Type: ts},
		}}
}
