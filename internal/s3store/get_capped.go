package s3store

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/store"
)

var _ store.CappedGetter = (*Store)(nil)

// GetAtMost returns the whole content of name with one GET, refusing an
// object larger than max before reading its body.
func (s *Store) GetAtMost(ctx context.Context, name string, max int64) ([]byte, error) {
	if err := checkName("get", name); err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name))})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", s.Location(name), explain(err))
	}
	defer out.Body.Close()
	size := aws.ToInt64(out.ContentLength)
	if err := store.CheckSize(s.Location(name), size, max); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", s.Location(name), err)
	}
	if err := store.CheckSize(s.Location(name), int64(len(b)), max); err != nil {
		return nil, err
	}
	return b, nil
}

// holds reports whether name holds exactly body's bytes: it reads at most
// one byte more than body holds, in blocks, never the object whole. Any
// failure to read it says no.
func (s *Store) holds(ctx context.Context, name string, body store.Body) bool {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name))})
	if err != nil {
		return false
	}
	defer out.Body.Close()
	if out.ContentLength != nil && *out.ContentLength != body.Size() {
		return false
	}
	same, err := store.SameBytes(out.Body, body)
	return err == nil && same
}
