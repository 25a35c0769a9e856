// Package auditlogs is the audit logs source: Microsoft Graph's sign-ins
// (/auditLogs/signIns, table sign_ins, stream signIns) and directory
// audits (/auditLogs/directoryAudits, table directory_audits, stream
// directoryAudits). Neither has a delta query: each is read by a time
// cursor (sdk.TimeCursor) kept, sealed, in the stream's checkpoint, from
// the newest event recorded minus an overlap window, so that events Graph
// shows late are caught and every event is written once, into an
// append-only table.
//
// Permissions (declared in New, printed by etl plugins): AuditLog.Read.All
// and Directory.Read.All (application), both, as Graph's known issue with
// the activity reports requires. Sign-ins also need a Microsoft Entra ID
// P1 or P2 licence in the tenant; Graph keeps both logs 30 days.
package auditlogs
