package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/store"
)

// Options configure a Store.
type Options struct {
	// Bucket holds the lake.
	Bucket string
	// Prefix is the lake's root inside the bucket, without leading or
	// trailing slash; "" is the bucket's root.
	Prefix string
	// Region is the bucket's region; empty takes the SDK's chain, else
	// us-east-1.
	Region string
	// Endpoint is an S3-compatible store's URL; empty means Amazon S3.
	Endpoint string
	// PathStyle addresses the bucket as endpoint/bucket.
	PathStyle bool
	// Profile picks a shared-config profile.
	Profile string
	// AccessKeyID, SecretAccessKey and SessionToken are static keys; empty
	// uses the SDK's default chain.
	AccessKeyID, SecretAccessKey, SessionToken string
	// SSE is "", "AES256" or "aws:kms"; KMSKeyID goes with "aws:kms".
	SSE, KMSKeyID string
	// Checksum is the upload checksum: CRC32 (default), CRC32C, SHA1, SHA256.
	Checksum string
	// PartSize is the multipart part size in bytes (default 8 MiB, at
	// least 5 MiB); Concurrency the parts of one object in flight
	// (default 2).
	PartSize    int64
	Concurrency int
	// MaxAttempts bounds the SDK's retries of one request (default 6).
	MaxAttempts int
	// HTTPClient, when set, sends the requests (a custom CA, a proxy).
	HTTPClient *http.Client
	// Crash hears crashpoint.Upload after each stored part of a multipart
	// upload (crash tests; nil in production).
	Crash crashpoint.Hook
}

// Store is a lake in an S3 bucket. It is safe for concurrent use.
type Store struct {
	opts   Options
	client *s3.Client
	//lint:ignore SA1019 see New: manager stays until transfermanager reaches v1.
	uploader *manager.Uploader
}

var _ store.Store = (*Store)(nil)

// New builds the client from opts. It does not contact the store; use
// Check for that.
func New(ctx context.Context, opts Options) (*Store, error) {
	if opts.Bucket == "" {
		return nil, errors.New("s3: no bucket")
	}
	opts.Prefix = strings.Trim(opts.Prefix, "/")
	if opts.PartSize <= 0 {
		opts.PartSize = 8 << 20
	}
	opts.PartSize = max(opts.PartSize, manager.MinUploadPartSize)
	if opts.Concurrency <= 0 {
		opts.Concurrency = 2
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 6
	}
	if opts.Checksum == "" {
		opts.Checksum = "CRC32"
	}
	var loadOpts []func(*awsconfig.LoadOptions) error
	if opts.Region != "" {
		loadOpts = append(loadOpts, awsconfig.WithRegion(opts.Region))
	}
	if opts.Profile != "" {
		loadOpts = append(loadOpts, awsconfig.WithSharedConfigProfile(opts.Profile))
	}
	if opts.AccessKeyID != "" {
		loadOpts = append(loadOpts, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(opts.AccessKeyID, opts.SecretAccessKey, opts.SessionToken)))
	}
	if opts.HTTPClient != nil {
		loadOpts = append(loadOpts, awsconfig.WithHTTPClient(opts.HTTPClient))
	}
	loadOpts = append(loadOpts, awsconfig.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = opts.MaxAttempts
			o.MaxBackoff = 5 * time.Second
		})
	}))
	cfg, err := awsconfig.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("s3: load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
		o.UsePathStyle = opts.PathStyle
		// A ranged GET has no whole-object checksum to validate; the SDK
		// would log that on every Parquet read. The manifest's SHA-256
		// covers the files (etl verify).
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	// feature/s3/manager is deprecated in favour of feature/s3/transfermanager,
	// which is still v0 (its API may change); manager is v1, maintained and
	// does what we need. Move when transfermanager reaches v1.
	//lint:ignore SA1019 transfermanager is pre-1.0; see above.
	up := manager.NewUploader(uploadClient{Client: client, crash: opts.Crash}, func(u *manager.Uploader) {
		u.PartSize, u.Concurrency = opts.PartSize, opts.Concurrency
	})
	return &Store{opts: opts, client: client, uploader: up}, nil
}

// Location names an object as s3://bucket/prefix/name.
func (s *Store) Location(name string) string {
	return "s3://" + s.opts.Bucket + "/" + s.key(name)
}

// Check makes one request that needs the bucket and the credentials, so a
// wrong bucket, region or key fails before a round starts.
func (s *Store) Check(ctx context.Context) error {
	_, err := s.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(s.opts.Bucket),
		Prefix: aws.String(s.key("_manifest/")), MaxKeys: aws.Int32(1)})
	if err != nil {
		return fmt.Errorf("s3: list s3://%s/%s: %w", s.opts.Bucket, s.key("_manifest/"), explain(err))
	}
	return nil
}

func (s *Store) key(name string) string {
	if s.opts.Prefix == "" {
		return name
	}
	return s.opts.Prefix + "/" + name
}

func (s *Store) name(key string) string {
	if s.opts.Prefix == "" {
		return key
	}
	return strings.TrimPrefix(key, s.opts.Prefix+"/")
}

func checkName(op, name string) error {
	if name == "" || strings.HasPrefix(name, "/") || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
		return fmt.Errorf("%s %q: %w", op, name, store.ErrInvalidName)
	}
	return nil
}

// putInput is a PutObjectInput with the store's encryption and checksum.
func (s *Store) putInput(name string) *s3.PutObjectInput {
	in := &s3.PutObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name)),
		ChecksumAlgorithm: types.ChecksumAlgorithm(s.opts.Checksum)}
	if s.opts.SSE != "" {
		in.ServerSideEncryption = types.ServerSideEncryption(s.opts.SSE)
		if s.opts.KMSKeyID != "" {
			in.SSEKMSKeyId = aws.String(s.opts.KMSKeyID)
		}
	}
	return in
}

// PutIfAbsent is PutIfAbsentFrom of data.
func (s *Store) PutIfAbsent(ctx context.Context, name string, data []byte) error {
	return s.PutIfAbsentFrom(ctx, name, bytes.NewReader(data))
}

// PutIfAbsentFrom creates name with body's bytes only if no object has
// that name: a PUT with If-None-Match: *. A 409 (another conditional write
// to the name in flight) is retried. A 412 means the name is taken —
// unless the object there is byte for byte ours, which happens when an
// earlier attempt landed but its answer was lost; telling so reads at
// most body.Size() bytes of it.
func (s *Store) PutIfAbsentFrom(ctx context.Context, name string, body store.Body) error {
	if err := checkName("put", name); err != nil {
		return err
	}
	wait := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		in := s.putInput(name)
		in.Body, in.ContentLength, in.IfNoneMatch = io.NewSectionReader(body, 0, body.Size()), aws.Int64(body.Size()), aws.String("*")
		_, err := s.client.PutObject(ctx, in)
		switch {
		case err == nil:
			return nil
		case isCode(err, "PreconditionFailed") || httpStatus(err) == http.StatusPreconditionFailed:
			// Read no more than ours: a larger object (a hostile one,
			// however large) is not ours, and is never read whole.
			if s.holds(ctx, name, body) {
				return nil
			}
			return fmt.Errorf("put %s: %w", s.Location(name), store.ErrExist)
		case (isCode(err, "ConditionalRequestConflict") || httpStatus(err) == http.StatusConflict) && attempt < 8:
			select {
			case <-ctx.Done():
				return fmt.Errorf("put %s: %w", s.Location(name), ctx.Err())
			case <-time.After(wait):
			}
			wait *= 2
		default:
			return fmt.Errorf("put %s: %w", s.Location(name), explain(err))
		}
	}
}

// Get returns the whole object.
func (s *Store) Get(ctx context.Context, name string) ([]byte, error) {
	if err := checkName("get", name); err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name))})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", s.Location(name), explain(err))
	}
	defer out.Body.Close()
	var buf bytes.Buffer
	if out.ContentLength != nil && *out.ContentLength > 0 {
		buf.Grow(int(*out.ContentLength))
	}
	if _, err := buf.ReadFrom(out.Body); err != nil {
		return nil, fmt.Errorf("get %s: %w", s.Location(name), err)
	}
	return buf.Bytes(), nil
}

// Stat describes name.
func (s *Store) Stat(ctx context.Context, name string) (store.Info, error) {
	if err := checkName("stat", name); err != nil {
		return store.Info{}, err
	}
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name))})
	if err != nil {
		return store.Info{}, fmt.Errorf("stat %s: %w", s.Location(name), explain(err))
	}
	return store.Info{Name: name, Size: aws.ToInt64(out.ContentLength), ModTime: aws.ToTime(out.LastModified)}, nil
}

// List returns every object under prefix, sorted by name (S3 lists keys in
// UTF-8 byte order, which is Go's string order).
func (s *Store) List(ctx context.Context, prefix string) ([]store.Info, error) {
	var out []store.Info
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(s.opts.Bucket), Prefix: aws.String(s.key(prefix))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", s.Location(prefix), explain(err))
		}
		for _, o := range page.Contents {
			out = append(out, store.Info{Name: s.name(aws.ToString(o.Key)), Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified)})
		}
	}
	return out, nil
}

// Delete removes name. S3 does not say whether the object existed, so a
// missing name is checked first to keep the ErrNotExist contract.
func (s *Store) Delete(ctx context.Context, name string) error {
	if _, err := s.Stat(ctx, name); err != nil {
		return err
	}
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.opts.Bucket), Key: aws.String(s.key(name))})
	if err != nil {
		return fmt.Errorf("delete %s: %w", s.Location(name), explain(err))
	}
	return nil
}
