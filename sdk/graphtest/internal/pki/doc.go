// Package pki is a throwaway certificate authority for the emulator: it
// signs the emulator's TLS certificate (azidentity accepts only https
// authorities) and client certificates for certificate credentials.
//
// Keys live in memory only. It is not a general-purpose CA: no revocation,
// no persistence, no intermediate certificates.
package pki
