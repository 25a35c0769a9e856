// Package pki is a throwaway certificate authority for the emulator. It signs
// the emulator's TLS server certificate (azidentity and MSAL accept only
// https authorities, so the emulator must serve real TLS on loopback) and
// client certificates that an app registration can use as its certificate
// credential. It also hands out TLS configurations and HTTP clients that
// trust it and nothing else.
//
// Keys live in memory only and die with the process. It is not a
// general-purpose CA: no intermediates, no revocation lists or OCSP, no
// persistence, and no policy beyond what loopback tests need.
package pki
