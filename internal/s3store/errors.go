package s3store

import (
	"errors"
	"fmt"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/graphlake/graphlake/internal/store"
)

// explain maps S3's answers to the store's errors and adds the fix for the
// common ones.
func explain(err error) error {
	switch {
	case err == nil:
		return nil
	case isCode(err, "NoSuchKey") || isCode(err, "NotFound") || httpStatus(err) == 404 && !isCode(err, "NoSuchBucket"):
		return fmt.Errorf("%w (%v)", store.ErrNotExist, err)
	case isCode(err, "NoSuchBucket"):
		return fmt.Errorf("the bucket does not exist: create it or fix bucket (and endpoint/region): %w", err)
	case isCode(err, "AccessDenied") || httpStatus(err) == 403:
		return fmt.Errorf("access denied: the credentials lack s3:GetObject, s3:PutObject, s3:ListBucket or s3:DeleteObject on the prefix, or the KMS key: %w", err)
	case isCode(err, "InvalidAccessKeyId") || isCode(err, "SignatureDoesNotMatch"):
		return fmt.Errorf("the store refused the credentials: check access_key_id/secret_access_key or the AWS profile: %w", err)
	case isCode(err, "PermanentRedirect") || isCode(err, "AuthorizationHeaderMalformed"):
		return fmt.Errorf("the bucket is in another region: set region to the bucket's: %w", err)
	}
	return err
}

func isCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}

func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
