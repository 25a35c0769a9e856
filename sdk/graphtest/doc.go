// Package graphtest is an emulator of Microsoft Graph for tests, demos and
// benchmarks, in the spirit of net/http/httptest: start one in a test, get
// its URLs and credentials, change its tenant between rounds, inject faults,
// and point real clients (azidentity, the delta client, every plugin) at it.
//
// It serves over real HTTPS on loopback with a certificate authority it
// generates, because azidentity accepts only https authorities:
//
//   - the identity platform: /{tenant}/v2.0/.well-known/openid-configuration
//     and /{tenant}/oauth2/v2.0/token (client credentials by secret,
//     certificate or federated assertion);
//   - Graph v1.0: users, groups (with members@delta), orgContacts, mail
//     folders and messages delta queries, plus plain GET /users and
//     /users/{id} for listing mailboxes; and the delta query of every
//     directory resource a test registers (Options.Resources, see
//     Resource): users, groups and contacts are declared in the same
//     registry, so a plugin author's new resource needs no emulator code,
//     and so are, with Options.Directory, applications, service
//     principals, devices, directory roles, administrative units and
//     permission grants (see DirectoryObjects);
//   - Graph v1.0 audit logs: /auditLogs/signIns and
//     /auditLogs/directoryAudits, generated on a clock of their own and
//     shown late (see AuditLogOptions);
//   - Graph v1.0 JSON batching: POST /$batch, up to 20 of the requests
//     above in one, each served as its own Graph request (limits, faults,
//     counts), at once unless dependsOn orders them;
//   - an admin API under /_admin (loopback only, no Graph auth) to churn the
//     tenant, read the ground truth, and set faults.
//
// The tenant keeps a change log per collection, so a deltaLink from any
// earlier round returns exactly what changed since it was issued. Tokens are
// opaque, sealed, and carry their query.
//
// It is not a general Graph mock: endpoints outside the delta surface above
// answer 400 like an unknown segment does.
package graphtest
