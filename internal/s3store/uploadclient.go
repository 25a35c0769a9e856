package s3store

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/graphlake/graphlake/internal/crashpoint"
)

// abortTimeout bounds the abort of a multipart upload.
const abortTimeout = 10 * time.Second

// uploadClient is the S3 client as the uploader sees it. The uploader
// aborts a failed multipart upload with the upload's own context; when
// that context was cancelled (a stopped round) the abort would fail at
// once and leave the parts stored, so the abort here outlives it. So does
// the upload's creation: cancelled in flight, it could create an upload
// whose id the uploader never learns, and so never aborts. Each stored
// part is reported to crash (crash tests).
type uploadClient struct {
	*s3.Client
	crash crashpoint.Hook
}

// UploadPart stores one part.
func (c uploadClient) UploadPart(ctx context.Context, in *s3.UploadPartInput, opts ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	out, err := c.Client.UploadPart(ctx, in, opts...)
	if err == nil {
		c.crash.Call(crashpoint.Upload)
	}
	return out, err
}

// CreateMultipartUpload starts an upload, even when ctx was cancelled.
func (c uploadClient) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	return c.Client.CreateMultipartUpload(ctx, in, opts...)
}

// AbortMultipartUpload removes an upload's parts, even when ctx was
// cancelled.
func (c uploadClient) AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, opts ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	return c.Client.AbortMultipartUpload(ctx, in, opts...)
}
