package graphtest

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
)

// batchPath is Graph's JSON batching endpoint.
const batchPath = "/v1.0/$batch"

// maxBatchRequests is how many requests one $batch may hold
// (concepts/json-batching.md, "Batch size limitations").
const maxBatchRequests = 20

// maxBatchBody bounds the $batch body the emulator reads. It is the
// emulator's own guard against a runaway client, far above what 20 read
// requests need; Graph documents no limit.
const maxBatchBody = 32 << 20

// Graph's answers to a malformed batch, as seen in the field. The messages
// for a missing id, method or url, and for a dependsOn naming no request
// of the batch, are not reported anywhere we found: the emulator answers
// those with the general "Invalid batch payload format." that Graph gives
// an empty or unreadable batch.
const (
	// msgInvalidBatch is Graph's message for a body it cannot read as a
	// batch, an empty requests array included (msgraph-sdk-javascript
	// #1451; Microsoft Graph PHP SDK's batch helper).
	msgInvalidBatch = "Invalid batch payload format."
	// msgTooManyRequests is Graph's message past 20 requests
	// (microsoftgraph-postman-collections #9).
	msgTooManyRequests = "Number of requests inside batch exceeds the limit."
)

// isBatchPath reports whether path is the $batch endpoint (segment names
// compare case-insensitively, as Graph's do).
func isBatchPath(path string) bool { return strings.EqualFold(path, batchPath) }

// batchRequest is a $batch body.
type batchRequest struct {
	Requests []batchItem `json:"requests"`
}

// batchItem is one request of a batch.
type batchItem struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      jsontext.Value    `json:"body"`
	DependsOn []string          `json:"dependsOn"`
}

// serveBatch answers an authenticated POST /v1.0/$batch: it checks the
// batch, serves each request as its own Graph request (in parallel, save
// those that wait on dependsOn) and answers with every response, in the
// order they finished.
func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		// What Graph answers another method on $batch is not reported;
		// this is its answer to a method a target does not take.
		odata.WriteError(w, r, &odata.Error{Status: http.StatusMethodNotAllowed, Code: "Request_BadRequest",
			Message: "Specified HTTP method is not allowed for the request target."})
		return
	}
	items, deps, oerr := readBatch(r)
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	answers, failure := s.runBatch(r, items, deps)
	if failure.panicked {
		// Served as a plain request's panic is: net/http recovers it.
		panic(failure.value)
	}
	if r.Context().Err() != nil {
		return // the client gave up; nobody reads the answer
	}
	status := http.StatusOK
	if s.opts.Has(BatchFailedDependency) && anyThrottled(answers) {
		status = http.StatusFailedDependency
	}
	body := encodeBatchResponse(answers)
	odata.SetRequestHeaders(w, r)
	w.Header().Set("Content-Type", "application/json")
	if failure.cut {
		cutBatch(w, status, body)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// readBatch reads and checks the batch: a requests array of 1 to 20
// requests, each with an id unique in the batch (ids compare
// case-insensitively), a method and a url, whose dependsOn name requests
// of the batch without a cycle. It returns the requests and, for each, the
// indexes of those it depends on.
func readBatch(r *http.Request) ([]batchItem, [][]int, *odata.Error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBatchBody+1))
	if err != nil {
		return nil, nil, badBatch("The batch body could not be read: " + err.Error())
	}
	if len(raw) > maxBatchBody {
		return nil, nil, &odata.Error{Status: http.StatusRequestEntityTooLarge, Code: "RequestEntityTooLarge",
			Message: "The batch body is larger than the emulator reads (32 MiB)."}
	}
	var b batchRequest
	// Property names match case-insensitively, as encoding/json's do; what
	// Graph does with "ID" or "Method" is not reported.
	if err := json.Unmarshal(raw, &b, json.MatchCaseInsensitiveNames(true)); err != nil || len(b.Requests) == 0 {
		return nil, nil, badBatch(msgInvalidBatch)
	}
	if len(b.Requests) > maxBatchRequests {
		return nil, nil, badBatch(msgTooManyRequests)
	}
	index := make(map[string]int, len(b.Requests))
	for i, it := range b.Requests {
		if it.ID == "" || it.Method == "" || it.URL == "" {
			return nil, nil, badBatch(msgInvalidBatch)
		}
		key := strings.ToLower(it.ID)
		if _, dup := index[key]; dup {
			// Graph's message (msgraph-sdk-java #559, msgraph-sdk-javascript #433).
			return nil, nil, badBatch("Request Id " + it.ID + " has to be unique in a batch.")
		}
		index[key] = i
	}
	deps := make([][]int, len(b.Requests))
	for i, it := range b.Requests {
		for _, d := range it.DependsOn {
			j, ok := index[strings.ToLower(d)]
			if !ok || j == i {
				return nil, nil, badBatch(msgInvalidBatch)
			}
			deps[i] = append(deps[i], j)
		}
	}
	if hasCycle(deps) {
		return nil, nil, badBatch(msgInvalidBatch)
	}
	return b.Requests, deps, nil
}

// badBatch is the 400 BadRequest a malformed batch gets.
func badBatch(message string) *odata.Error {
	return &odata.Error{Status: http.StatusBadRequest, Code: "BadRequest", Message: message}
}

// hasCycle reports whether the dependsOn graph has a cycle (requests that
// would wait on each other for ever).
func hasCycle(deps [][]int) bool {
	const (
		unseen = iota
		open
		closed
	)
	state := make([]int, len(deps))
	var visit func(int) bool
	visit = func(i int) bool {
		switch state[i] {
		case open:
			return true
		case closed:
			return false
		}
		state[i] = open
		for _, j := range deps[i] {
			if visit(j) {
				return true
			}
		}
		state[i] = closed
		return false
	}
	for i := range deps {
		if visit(i) {
			return true
		}
	}
	return false
}

// anyThrottled reports whether a sub-request was answered 429.
func anyThrottled(answers []batchAnswer) bool {
	for _, a := range answers {
		if a.status == http.StatusTooManyRequests {
			return true
		}
	}
	return false
}

// cutBatch sends the batch's status, headers with the full Content-Length
// and the first half of body, then aborts the connection, as a plain
// request's cut fault does: a sub-request cannot be cut alone.
func cutBatch(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush()
	panic(http.ErrAbortHandler)
}

// subRecorder is the in-memory ResponseWriter a sub-request is served
// into.
type subRecorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func newSubRecorder() *subRecorder { return &subRecorder{header: http.Header{}, status: http.StatusOK} }

// Header returns the sub-response's headers.
func (c *subRecorder) Header() http.Header { return c.header }

// WriteHeader records the first status written.
func (c *subRecorder) WriteHeader(status int) {
	if !c.wroteHeader {
		c.status, c.wroteHeader = status, true
	}
}

// Write buffers b.
func (c *subRecorder) Write(b []byte) (int, error) {
	c.wroteHeader = true
	return c.body.Write(b)
}
