package graphtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// sub is one request of a $batch, as a client writes it.
type sub struct {
	ID        string            `json:"id,omitempty"`
	Method    string            `json:"method,omitempty"`
	URL       string            `json:"url,omitempty"`
	Headers   map[string]string `json:"headers,omitempty"`
	DependsOn []string          `json:"dependsOn,omitempty"`
}

// subAnswer is one response of a $batch.
type subAnswer struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// batchReply is a decoded $batch response.
type batchReply struct {
	status    int
	body      []byte
	err       graphError
	Responses []subAnswer `json:"responses"`
}

// byID returns the answer to the request id, or fails.
func (b batchReply) byID(t testing.TB, id string) subAnswer {
	t.Helper()
	for _, a := range b.Responses {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no answer for request %q in %s", id, b.body)
	return subAnswer{}
}

// ids lists the answers' ids in the order they came.
func (b batchReply) ids() []string {
	var out []string
	for _, a := range b.Responses {
		out = append(out, a.ID)
	}
	return out
}

// batchRequests wraps subs in a $batch body.
func batchRequests(subs ...sub) map[string]any { return map[string]any{"requests": subs} }

// batch posts body ([]byte as is, else JSON) to /v1.0/$batch.
func (c *client) batch(body any) batchReply {
	c.t.Helper()
	r, err := c.batchCtx(context.Background(), body)
	if err != nil {
		c.t.Fatalf("POST $batch: %v", err)
	}
	return r
}

// batchCtx is batch with a context, returning the transport's error.
func (c *client) batchCtx(ctx context.Context, body any) (batchReply, error) {
	raw, ok := body.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			c.t.Fatalf("encode batch: %v", err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.srv.GraphURL()+"/$batch", bytes.NewReader(raw))
	if err != nil {
		c.t.Fatalf("build batch request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return batchReply{}, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return batchReply{}, err
	}
	r := batchReply{status: resp.StatusCode, body: out}
	if resp.StatusCode == 200 || resp.StatusCode == 424 {
		if err := json.Unmarshal(out, &r); err != nil {
			c.t.Fatalf("decode batch response: %v\n%s", err, out)
		}
	} else {
		_ = json.Unmarshal(out, &r.err)
	}
	return r, nil
}
