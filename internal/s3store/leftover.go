package s3store

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/store"
)

var _ store.Sweeper = (*Store)(nil)

// Leftovers lists the multipart uploads under the prefix that were never
// completed nor aborted: uploads of a process that died, or in progress.
// Their parts are stored (and billed) but no object shows them. Size is
// what their parts hold; ModTime is when the upload began. A lifecycle
// rule (AbortIncompleteMultipartUpload) removes them too.
func (s *Store) Leftovers(ctx context.Context) ([]store.Leftover, error) {
	var out []store.Leftover
	p := s3.NewListMultipartUploadsPaginator(s.client, &s3.ListMultipartUploadsInput{Bucket: aws.String(s.opts.Bucket), Prefix: aws.String(s.key(""))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list unfinished uploads under %s: %w", s.Location(""), explain(err))
		}
		for _, u := range page.Uploads {
			lo := store.Leftover{Info: store.Info{Name: s.name(aws.ToString(u.Key)), ModTime: aws.ToTime(u.Initiated)}, ID: aws.ToString(u.UploadId)}
			if lo.Size, err = s.uploadedBytes(ctx, u.Key, u.UploadId); err != nil {
				return nil, err
			}
			out = append(out, lo)
		}
	}
	return out, nil
}

// uploadedBytes sums the parts an upload holds.
func (s *Store) uploadedBytes(ctx context.Context, key, uploadID *string) (int64, error) {
	var n int64
	p := s3.NewListPartsPaginator(s.client, &s3.ListPartsInput{Bucket: aws.String(s.opts.Bucket), Key: key, UploadId: uploadID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("list the parts of an unfinished upload of s3://%s/%s: %w", s.opts.Bucket, aws.ToString(key), explain(err))
		}
		for _, part := range page.Parts {
			n += aws.ToInt64(part.Size)
		}
	}
	return n, nil
}

// RemoveLeftover aborts an unfinished multipart upload, removing its parts.
func (s *Store) RemoveLeftover(ctx context.Context, lo store.Leftover) error {
	if err := checkName("abort upload of", lo.Name); err != nil {
		return err
	}
	_, err := s.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(s.opts.Bucket),
		Key: aws.String(s.key(lo.Name)), UploadId: aws.String(lo.ID)})
	if err != nil {
		return fmt.Errorf("abort the unfinished upload of %s: %w", s.Location(lo.Name), explain(err))
	}
	return nil
}
