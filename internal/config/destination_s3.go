package config

import (
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// S3 is a destination "s3" block: the lake in a bucket of Amazon S3 or of
// an S3-compatible store (MinIO, R2, Ceph, versitygw).
//
//	destination "s3" {
//	  bucket = "acme-lake"
//	  prefix = "graph/contoso"
//	  region = "eu-west-1"
//	}
//
// Credentials come from the AWS SDK's default chain (environment, shared
// profile, web identity / IRSA, instance role) unless access_key_id and
// secret_access_key are set.
type S3 struct {
	// Bucket (bucket, required) holds the lake.
	Bucket string
	// Prefix (prefix) is the lake's root inside the bucket; "" is the
	// bucket's root. Never starts or ends with "/".
	Prefix string
	// Region (region) is the bucket's region; default: the SDK's chain
	// (AWS_REGION, the profile), else us-east-1.
	Region string
	// Endpoint (endpoint) is an S3-compatible store's URL, e.g.
	// "http://127.0.0.1:7070"; empty means Amazon S3.
	Endpoint string
	// PathStyle (path_style) addresses buckets as endpoint/bucket rather
	// than bucket.endpoint; most S3-compatible stores need it.
	PathStyle bool
	// Profile (profile) picks a shared-config profile.
	Profile string
	// AccessKeyID, SecretAccessKey and SessionToken (access_key_id,
	// secret_access_key, session_token) are static keys; write them with
	// env(), never in the file.
	AccessKeyID     string
	SecretAccessKey Secret
	SessionToken    Secret
	// SSE (sse) is the server-side encryption: "" (the bucket's default),
	// "AES256" (SSE-S3) or "aws:kms" (SSE-KMS, with KMSKeyID).
	SSE string
	// KMSKeyID (kms_key_id) is the KMS key for sse = "aws:kms"; empty uses
	// the account's aws/s3 key.
	KMSKeyID string
	// Checksum (checksum) is the checksum the store verifies on every
	// upload: CRC32 (default), CRC32C, SHA1 or SHA256.
	Checksum string
	// PartSizeMB (part_size_mb) is the multipart part size; uploads hold
	// at most part_size_mb × upload_concurrency in memory per file.
	// Default 8, at least 5 (S3's minimum).
	PartSizeMB int
	// UploadConcurrency (upload_concurrency) is how many parts of one file
	// upload at once. Default 2.
	UploadConcurrency int
	// SingleWriter (single_writer) accepts a store that does not honour
	// conditional writes (If-None-Match: *). Then nothing stops two runs
	// of the pipeline from committing the same round: run it from one
	// scheduler only. Default false: such a store is refused.
	SingleWriter bool
	// CAFile (ca_file) adds a CA bundle to trust for endpoint's TLS.
	CAFile string
}

// S3 defaults.
const (
	DefaultS3Checksum          = "CRC32"
	DefaultS3PartSizeMB        = 8
	DefaultS3UploadConcurrency = 2
	minS3PartSizeMB            = 5
)

// S3SSEModes are the values sse takes.
var S3SSEModes = []string{"AES256", "aws:kms"}

// S3Checksums are the values checksum takes.
var S3Checksums = []string{"CRC32", "CRC32C", "SHA1", "SHA256"}

var s3Schema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "bucket"}, {Name: "prefix"}, {Name: "region"}, {Name: "endpoint"}, {Name: "path_style"},
	{Name: "profile"}, {Name: "access_key_id"}, {Name: "secret_access_key"}, {Name: "session_token"},
	{Name: "sse"}, {Name: "kms_key_id"}, {Name: "checksum"}, {Name: "part_size_mb"},
	{Name: "upload_concurrency"}, {Name: "single_writer"}, {Name: "ca_file"},
}}

const s3Example = `destination "s3" { bucket = "acme-lake"  prefix = "graph"  region = "eu-west-1" }`

func (d *decoder) s3(b *hcl.Block) *S3 {
	c := d.content(b.Body, s3Schema, `a destination "s3" block`)
	a := c.Attributes
	s := &S3{
		Region: d.str(a, "region", b.DefRange).Value, Profile: d.str(a, "profile", b.DefRange).Value,
		AccessKeyID: d.str(a, "access_key_id", b.DefRange).Value, KMSKeyID: d.str(a, "kms_key_id", b.DefRange).Value,
		SecretAccessKey: Secret(d.str(a, "secret_access_key", b.DefRange).Value),
		SessionToken:    Secret(d.str(a, "session_token", b.DefRange).Value),
		PathStyle:       d.boolean(a, "path_style"), SingleWriter: d.boolean(a, "single_writer"),
		PartSizeMB:        d.integer(a, "part_size_mb", DefaultS3PartSizeMB, minS3PartSizeMB, 5*1024),
		UploadConcurrency: d.integer(a, "upload_concurrency", DefaultS3UploadConcurrency, 1, 64),
	}
	d.warnLiteralSecret(a, "secret_access_key", "S3 secret access key",
		`secret_access_key = env("AWS_SECRET_ACCESS_KEY"), or leave both keys out for the AWS SDK's own chain (environment, profile, role)`)
	d.warnLiteralSecret(a, "session_token", "S3 session token", `session_token = env("AWS_SESSION_TOKEN")`)
	bucket := d.str(a, "bucket", b.DefRange)
	switch {
	case !bucket.Set:
		d.errorf(bucket.Range, "Missing bucket", "destination \"s3\" needs bucket, e.g. %s.", s3Example)
	case bucket.Known && (bucket.Value == "" || strings.ContainsAny(bucket.Value, "/ ")):
		d.errorf(bucket.Range, "Invalid bucket", "%q is not a bucket name: name the bucket alone and put folders in prefix, e.g. %s.", bucket.Value, s3Example)
	}
	s.Bucket = bucket.Value
	prefix := d.str(a, "prefix", b.DefRange)
	s.Prefix = strings.Trim(prefix.Value, "/")
	if strings.Contains(s.Prefix, "//") {
		d.errorf(prefix.Range, "Invalid prefix", "prefix %q has an empty folder (//); write it like \"graph/contoso\".", prefix.Value)
	}
	endpoint := d.str(a, "endpoint", b.DefRange)
	if endpoint.Known && endpoint.Value != "" && !strings.HasPrefix(endpoint.Value, "https://") && !strings.HasPrefix(endpoint.Value, "http://") {
		d.errorf(endpoint.Range, "Invalid endpoint", "endpoint %q needs a scheme, e.g. \"https://s3.example.com\" or \"http://127.0.0.1:7070\".", endpoint.Value)
	}
	s.Endpoint = strings.TrimSuffix(endpoint.Value, "/")
	s.SSE = d.oneOf(a, "sse", "", S3SSEModes, b.DefRange)
	s.Checksum = d.oneOf(a, "checksum", DefaultS3Checksum, S3Checksums, b.DefRange)
	if kms, ok := a["kms_key_id"]; ok && s.SSE != "aws:kms" {
		d.errorf(kms.Expr.Range(), "kms_key_id without sse = \"aws:kms\"", "kms_key_id only applies to SSE-KMS: add sse = \"aws:kms\" or remove kms_key_id.")
	}
	if (s.AccessKeyID == "") != (s.SecretAccessKey == "") {
		d.errorf(b.DefRange, "Incomplete static keys", "Set both access_key_id and secret_access_key (from env()), or neither to use the AWS SDK's default credential chain.")
	}
	if ca := d.str(a, "ca_file", b.DefRange); ca.Known && ca.Value != "" {
		s.CAFile = d.resolve(ca.Value)
		d.readable("ca_file", ca, s.CAFile)
	}
	return s
}

// oneOf evaluates a string argument that must be one of choices; def when
// absent.
func (d *decoder) oneOf(attrs hcl.Attributes, name, def string, choices []string, within hcl.Range) string {
	v := d.str(attrs, name, within)
	if !v.Known {
		return def
	}
	for _, c := range choices {
		if strings.EqualFold(c, v.Value) {
			return c
		}
	}
	d.errorf(v.Range, "Invalid "+name, "%s takes %s, not %q.%s", name, quoted(choices), v.Value, didYouMean(v.Value, choices))
	return def
}

// boolean evaluates a bool argument; false when absent.
func (d *decoder) boolean(attrs hcl.Attributes, name string) bool {
	attr, ok := attrs[name]
	if !ok {
		return false
	}
	v, ok := d.eval(attr.Expr)
	if !ok || !v.IsKnown() || v.IsNull() {
		return false
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil {
		d.errorf(attr.Expr.Range(), "Incorrect attribute value type", "%s must be true or false; got %s.", name, v.Type().FriendlyName())
		return false
	}
	return b.True()
}

// integer evaluates a whole-number argument within [lo, hi]; def when
// absent.
func (d *decoder) integer(attrs hcl.Attributes, name string, def, lo, hi int) int {
	attr, ok := attrs[name]
	if !ok {
		return def
	}
	v, ok := d.eval(attr.Expr)
	if !ok || !v.IsKnown() || v.IsNull() {
		return def
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil {
		d.errorf(attr.Expr.Range(), "Incorrect attribute value type", "%s must be a number; got %s.", name, v.Type().FriendlyName())
		return def
	}
	bf := n.AsBigFloat()
	i, acc := bf.Int64()
	if acc != big.Exact || i < int64(lo) || i > int64(hi) {
		d.errorf(attr.Expr.Range(), "Invalid "+name, "%s must be a whole number from %d to %d; got %s.", name, lo, hi, bf.Text('g', 10))
		return def
	}
	return int(i)
}
