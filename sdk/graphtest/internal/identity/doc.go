// Package identity emulates the Microsoft identity platform as MSAL Go and
// azidentity call it with a custom authority host: the OpenID configuration,
// instance discovery, and the client-credentials token endpoint (client
// secret, certificate-signed client assertion, or a federated token as
// workload identity sends it). It also checks the bearer tokens Graph
// requests carry.
//
// It is not an OAuth server: no users, no delegated flows, no refresh
// tokens, no managed identity endpoint.
package identity
