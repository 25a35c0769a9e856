package calendar

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

type emailAddress struct {
	Name    string `json:"name"`
	Address string `json:"address"`
}

type recipient struct {
	EmailAddress emailAddress `json:"emailAddress"`
}

type responseStatus struct {
	Response string `json:"response"`
	Time     string `json:"time"`
}

type attendeeJSON struct {
	Type         string         `json:"type"`
	Status       responseStatus `json:"status"`
	EmailAddress emailAddress   `json:"emailAddress"`
}

type dateTimeTimeZone struct {
	DateTime string `json:"dateTime"`
	TimeZone string `json:"timeZone"`
}

type locationJSON struct {
	DisplayName  string `json:"displayName"`
	LocationType string `json:"locationType"`
}

type body struct {
	ContentType string `json:"contentType"`
	Content     string `json:"content"`
}

// eventJSON is an event as calendarView returns it.
type eventJSON struct {
	Type                       string           `json:"@odata.type"`
	ETag                       string           `json:"@odata.etag,omitempty"`
	ID                         string           `json:"id"`
	CreatedDateTime            string           `json:"createdDateTime"`
	LastModifiedDateTime       string           `json:"lastModifiedDateTime"`
	ChangeKey                  string           `json:"changeKey"`
	Categories                 []string         `json:"categories"`
	TransactionID              *string          `json:"transactionId"`
	OriginalStartTimeZone      string           `json:"originalStartTimeZone"`
	OriginalEndTimeZone        string           `json:"originalEndTimeZone"`
	ICalUID                    string           `json:"iCalUId"`
	ReminderMinutesBeforeStart int              `json:"reminderMinutesBeforeStart"`
	IsReminderOn               bool             `json:"isReminderOn"`
	HasAttachments             bool             `json:"hasAttachments"`
	Subject                    string           `json:"subject"`
	BodyPreview                string           `json:"bodyPreview"`
	Importance                 string           `json:"importance"`
	Sensitivity                string           `json:"sensitivity"`
	IsAllDay                   bool             `json:"isAllDay"`
	IsCancelled                bool             `json:"isCancelled"`
	IsOrganizer                bool             `json:"isOrganizer"`
	ResponseRequested          bool             `json:"responseRequested"`
	SeriesMasterID             *string          `json:"seriesMasterId"`
	ShowAs                     string           `json:"showAs"`
	EventType                  string           `json:"type"`
	OriginalStart              *string          `json:"originalStart,omitempty"`
	IsOnlineMeeting            bool             `json:"isOnlineMeeting"`
	ResponseStatus             responseStatus   `json:"responseStatus"`
	Body                       body             `json:"body"`
	Start                      dateTimeTimeZone `json:"start"`
	End                        dateTimeTimeZone `json:"end"`
	Location                   locationJSON     `json:"location"`
	Recurrence                 *json.RawMessage `json:"recurrence"`
	Attendees                  []attendeeJSON   `json:"attendees"`
	Organizer                  recipient        `json:"organizer"`
}

// sparseJSON is an occurrence as Graph has been seen to return it in a
// calendarView delta round: its time and its series only.
type sparseJSON struct {
	Type           string           `json:"@odata.type"`
	ETag           string           `json:"@odata.etag"`
	ID             string           `json:"id"`
	SeriesMasterID string           `json:"seriesMasterId"`
	EventType      string           `json:"type"`
	Start          dateTimeTimeZone `json:"start"`
	End            dateTimeTimeZone `json:"end"`
}

// utc writes an instant as Graph writes its DateTimeOffset properties.
func utc(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

// render writes in as Graph returns it, times in zone (a Windows or IANA
// name, Prefer: outlook.timezone; UTC by default). sparse writes an
// occurrence as its id, series, type and times only. The second value is
// the version the etag and the delta comparison use.
func (in instance) render(zone string, loc *time.Location, sparse bool) (json.RawMessage, string) {
	e := in.ev
	full := in.full(zone, loc)
	raw, _ := json.Marshal(full)
	sum := sha256.Sum256(raw)
	tag := base64.StdEncoding.EncodeToString(sum[:12])
	full.ETag, full.ChangeKey = `W/"`+tag+`"`, tag
	if sparse && in.typ == typeOccurrence {
		raw, _ = json.Marshal(sparseJSON{Type: full.Type, ETag: full.ETag, ID: in.id, SeriesMasterID: e.id,
			EventType: in.typ, Start: full.Start, End: full.End})
		return raw, tag
	}
	raw, _ = json.Marshal(full)
	return raw, tag
}

// full is the instance's whole representation, without an etag.
func (in instance) full(zone string, loc *time.Location) eventJSON {
	e := in.ev
	subject := e.subject
	if in.ov != nil && in.ov.subject != "" {
		subject = in.ov.subject
	}
	out := eventJSON{Type: "#microsoft.graph.event", ID: in.id, CreatedDateTime: utc(e.created),
		LastModifiedDateTime: utc(e.modified), Categories: []string{}, OriginalStartTimeZone: e.zone,
		OriginalEndTimeZone: e.zone, ICalUID: e.iCalUID, ReminderMinutesBeforeStart: 15, IsReminderOn: !e.allDay,
		Subject: subject, BodyPreview: preview(subject), Importance: "normal", Sensitivity: "normal",
		IsAllDay: e.allDay, IsCancelled: e.isCancelled, IsOrganizer: e.isOrganizer,
		ResponseRequested: true, ShowAs: "busy", EventType: in.typ,
		ResponseStatus: responseStatus{Response: "organizer", Time: "0001-01-01T00:00:00Z"},
		Body:           body{ContentType: "html", Content: "<html><body>" + preview(subject) + "</body></html>"},
		Start:          dateTimeTimeZone{DateTime: graphTime(in.start, loc), TimeZone: zone},
		End:            dateTimeTimeZone{DateTime: graphTime(in.end, loc), TimeZone: zone},
		Location:       locationJSON{DisplayName: e.location, LocationType: "default"},
		Attendees:      []attendeeJSON{}, Organizer: recipient{EmailAddress: emailAddress(e.organizer)}}
	if e.allDay {
		out.ShowAs = "free"
	}
	if !e.isOrganizer {
		out.ResponseStatus = responseStatus{Response: "accepted", Time: utc(e.created)}
	}
	if e.rec != nil {
		out.SeriesMasterID = &e.id
		original := utc(in.originalStart())
		out.OriginalStart = &original
	}
	for _, a := range e.attendees {
		out.Attendees = append(out.Attendees, attendeeJSON{Type: a.kind, EmailAddress: emailAddress(a.who),
			Status: responseStatus{Response: a.response, Time: "0001-01-01T00:00:00Z"}})
	}
	return out
}

// originalStart is when an occurrence or exception was first scheduled.
func (in instance) originalStart() time.Time {
	if in.ov == nil {
		return in.start
	}
	t, _ := time.Parse("20060102T150405Z", strings.TrimPrefix(in.id, in.ev.id+"_"))
	return t
}

// preview is the body text of an event about subject.
func preview(subject string) string { return "Agenda: " + strings.ToLower(subject) + "." }

// removed is a delta round's item for an event that is gone from the view.
func removed(id string) json.RawMessage {
	raw, _ := json.Marshal(map[string]any{"@odata.type": "#microsoft.graph.event", "id": id, "@removed": map[string]string{"reason": "deleted"}})
	return raw
}
