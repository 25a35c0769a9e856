package fault

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// graphErrorBody is the part of Graph's error JSON the tests read.
type graphErrorBody struct {
	Error struct {
		Code       string            `json:"code"`
		Message    string            `json:"message"`
		InnerError map[string]string `json:"innerError"`
	} `json:"error"`
}

// fetchError GETs /v1.0/users/delta through an injector holding rule.
func fetchError(t *testing.T, rule Rule) (*http.Response, graphErrorBody) {
	t.Helper()
	s := serve(t, injector(t, rules(rule)).Middleware(graph()), plainHTTP1)
	resp, err := s.Client().Get(s.URL + "/v1.0/users/delta")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body graphErrorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decode the error body: %v", err)
	}
	return resp, body
}

func TestAnsweringKindsSendGraphErrors(t *testing.T) {
	tests := []struct {
		name       string
		rule       Rule
		status     int
		code       string
		retryAfter []string
	}{
		{"throttle writes a fractional Retry-After as is", Rule{Kind: Throttle, RetryAfter: seconds(1.5)}, 429, "TooManyRequests", []string{"1.5"}},
		{"throttle writes a whole Retry-After without decimals", Rule{Kind: Throttle, RetryAfter: seconds(2)}, 429, "TooManyRequests", []string{"2"}},
		{"throttle without retry_after sends no Retry-After", Rule{Kind: Throttle}, 429, "TooManyRequests", nil},
		{"unavailable answers 503 serviceNotAvailable", Rule{Kind: Unavailable}, 503, "serviceNotAvailable", nil},
		{"unavailable may carry a Retry-After", Rule{Kind: Unavailable, RetryAfter: seconds(0.25)}, 503, "serviceNotAvailable", []string{"0.25"}},
		{"unavailable takes a code override", Rule{Kind: Unavailable, Code: "ServiceUnavailable"}, 503, "ServiceUnavailable", nil},
		{"gateway_timeout answers 504 UnknownError", Rule{Kind: GatewayTimeout}, 504, "UnknownError", nil},
		{"forbidden answers 403 ErrorAccessDenied", Rule{Kind: Forbidden}, 403, "ErrorAccessDenied", nil},
		{"forbidden takes a code override", Rule{Kind: Forbidden, Code: "ErrorQuotaExceeded"}, 403, "ErrorQuotaExceeded", nil},
		{"not_found answers 404 ErrorSyncFolderNotFound", Rule{Kind: NotFound}, 404, "ErrorSyncFolderNotFound", nil},
		{"not_found takes a code override", Rule{Kind: NotFound, Code: "MailboxNotEnabledForRESTAPI"}, 404, "MailboxNotEnabledForRESTAPI", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetchError(t, tt.rule)
			if resp.StatusCode != tt.status || body.Error.Code != tt.code {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body.Error.Code, tt.status, tt.code)
			}
			if got := resp.Header.Values("Retry-After"); !slices.Equal(got, tt.retryAfter) {
				t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
			}
			if resp.Header.Get("request-id") == "" || body.Error.InnerError["request-id"] == "" {
				t.Error("the error lacks the request-id that odata.WriteError sets")
			}
		})
	}
}

func TestThrottleBodyMatchesGraph(t *testing.T) {
	resp, body := fetchError(t, Rule{Kind: Throttle, RetryAfter: seconds(1.5)})
	inner := body.Error.InnerError
	t.Run("the message asks to retry later", func(t *testing.T) {
		if body.Error.Message != "Please retry again later." {
			t.Errorf("message %q", body.Error.Message)
		}
	})
	t.Run("innerError carries code and status 429", func(t *testing.T) {
		if inner["code"] != "429" || inner["status"] != "429" || inner["message"] != "Please retry after" {
			t.Errorf("innerError %v", inner)
		}
	})
	t.Run("innerError keeps the date and request-id", func(t *testing.T) {
		if inner["date"] == "" || inner["request-id"] != resp.Header.Get("request-id") {
			t.Errorf("innerError %v, request-id header %q", inner, resp.Header.Get("request-id"))
		}
	})
}

func TestMessageOverridesTheDefault(t *testing.T) {
	_, body := fetchError(t, Rule{Kind: Forbidden, Code: "Authorization_RequestDenied", Message: "Insufficient privileges to complete the operation."})
	if body.Error.Message != "Insufficient privileges to complete the operation." {
		t.Errorf("message %q", body.Error.Message)
	}
}
