package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
)

// loopbackAddress reports whether a listen address (host:port) is only
// reachable from this machine: localhost or a loopback IP. An empty host
// listens on every interface.
func loopbackAddress(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// randomSecret is a client secret no seed predicts.
func randomSecret() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("draw a client secret: %w", err)
	}
	return "gl~" + hex.EncodeToString(b), nil
}

// writeCA writes the CA certificate to a new file: path, which must not
// exist (a file or link already there is refused, never overwritten or
// followed), or, when path is empty, a fresh file in the temp directory,
// which temp reports so the caller removes it.
func writeCA(path string, pem []byte) (written string, temp bool, err error) {
	var f *os.File
	if path == "" {
		f, err = os.CreateTemp("", "graphlake-sim-ca-*.pem")
		if err != nil {
			return "", false, fmt.Errorf("create a CA certificate file in the temp directory: %w", err)
		}
		temp = true
	} else {
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return "", false, withCode(exitConfig, fmt.Errorf("--ca-out %s already exists; etl sim writes a new file only: remove it or name another", path))
		}
		if err != nil {
			return "", false, fmt.Errorf("write CA certificate to %s (--ca-out): %w", path, err)
		}
	}
	if _, err := f.Write(pem); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", false, fmt.Errorf("write CA certificate to %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", false, fmt.Errorf("write CA certificate to %s: %w", f.Name(), err)
	}
	return f.Name(), temp, nil
}
