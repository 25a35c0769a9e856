// Package identity emulates the Microsoft identity platform as MSAL Go and
// azidentity call it with a custom authority host, and checks the bearer
// tokens that Graph requests carry.
//
// It serves, under the emulator's TLS:
//
//   - GET /{tenant}/v2.0/.well-known/openid-configuration, naming this host
//     in the issuer and endpoints (MSAL requires the issuer on the
//     authority's scheme and host);
//   - GET /common/discovery/instance, for clients that leave instance
//     discovery on and reach this host under login.microsoftonline.com;
//   - POST /{tenant}/oauth2/v2.0/token, the client-credentials grant with a
//     client secret (form or HTTP Basic), a certificate-signed client
//     assertion, or a federated token (workload identity);
//   - GET /msi/token, the App Service managed identity endpoint, when
//     Options.ManagedIdentitySecret is set.
//
// Errors use the identity platform's JSON shape and AADSTS codes; Graph-side
// rejections are odata.Errors for the caller to write.
//
// It is not an OAuth server: no users, delegated flows, refresh tokens, ID
// tokens or signing keys; access tokens are for Graph only and mean nothing
// outside the Platform that issued them. It does not decide which Graph
// calls a role permits: Principal carries the roles, the caller checks them.
package identity
