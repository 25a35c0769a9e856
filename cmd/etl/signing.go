package main

import (
	"fmt"
	"os"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
)

// pipelineSigner is the pipeline's audit.signing_key as a signer, nil when
// the pipeline names none.
func pipelineSigner(p *config.Pipeline) (*manifest.Signer, error) {
	key := p.Audit.SigningKey.Reveal()
	if key == "" {
		return nil, nil
	}
	s, err := manifest.ParseSigningKey([]byte(key))
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("audit.signing_key: %w", err))
	}
	return s, nil
}

// readSigningKeyFile reads an Ed25519 private key in PEM from a file.
func readSigningKeyFile(flag, path string) (*manifest.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("%s: %w", flag, err))
	}
	s, err := manifest.ParseSigningKey(b)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("%s %s: %w", flag, path, err))
	}
	return s, nil
}
