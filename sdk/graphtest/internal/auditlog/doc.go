// Package auditlog is the emulator's audit logs: sign-ins
// (/auditLogs/signIns) and directory audits (/auditLogs/directoryAudits),
// generated on a clock of their own and shown late, as Graph shows them
// (an event becomes visible a while after its time), listed newest first
// with $filter on the event time, $top and nextLink paging.
package auditlog
