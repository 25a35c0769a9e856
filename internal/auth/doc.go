// Package auth builds the host's Microsoft Entra credential from a
// pipeline's graph block (client secret, certificate, managed identity,
// workload identity or azidentity's default chain) and turns it into the
// access tokens the token broker hands to plugins. Secrets stay in this
// process.
//
// It does not cache tokens itself (azidentity does) and does not decide
// which scope a resource needs beyond the pipeline's scope attribute.
package auth
