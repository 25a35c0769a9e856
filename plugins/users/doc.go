// Package users is the users source: Microsoft Graph's /users/delta as the
// table users, one stream for the whole tenant. The manager relationship,
// when selected, becomes the managerId column.
//
// Permissions (declared in New, printed by etl plugins): User.Read.All
// (application).
package users
