package fault

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestCutTruncatesTheBody(t *testing.T) {
	full := pageBody()
	for _, tr := range []transport{plainHTTP1, tlsHTTP1, tlsHTTP2} {
		t.Run("over "+string(tr)+" the client reads half the body, then an error", func(t *testing.T) {
			s := serve(t, injector(t, rules(Rule{Kind: Cut, Times: 1})).Middleware(graph()), tr)
			resp, err := s.Client().Get(s.URL + "/v1.0/users/delta")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if want := map[transport]int{tlsHTTP2: 2}[tr]; want != 0 && resp.ProtoMajor != want {
				t.Fatalf("spoke %s, want HTTP/%d", resp.Proto, want)
			}
			body, err := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Length") != strconv.Itoa(len(full)) {
				t.Errorf("status %d, Content-Length %q, want 200 and %d", resp.StatusCode, resp.Header.Get("Content-Length"), len(full))
			}
			if string(body) != full[:len(full)/2] {
				t.Errorf("read %d bytes, want the first %d of the page", len(body), len(full)/2)
			}
			if !truncation(tr, err) {
				t.Errorf("read error %v, want an unexpected EOF or a stream reset", err)
			}
		})
	}
	t.Run("with times 1 only the first response is cut", func(t *testing.T) {
		s := serve(t, injector(t, rules(Rule{Kind: Cut, Times: 1})).Middleware(graph()), plainHTTP1)
		first, err1 := read(s.Client(), s.URL+"/v1.0/users/delta")
		second, err2 := read(s.Client(), s.URL+"/v1.0/users/delta")
		if err1 == nil || err2 != nil || second != full {
			t.Errorf("first: %d bytes, %v; second: %d bytes, %v", len(first), err1, len(second), err2)
		}
	})
}

// read GETs url and reads the whole body.
func read(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// truncation reports whether err is what a client sees when the server
// drops the connection (HTTP/1.1) or resets the stream (HTTP/2) mid-body.
func truncation(tr transport, err error) bool {
	if tr == tlsHTTP2 {
		return err != nil && strings.Contains(err.Error(), "INTERNAL_ERROR")
	}
	return errors.Is(err, io.ErrUnexpectedEOF)
}

func TestCutOfAnEmptyBodyDropsTheResponse(t *testing.T) {
	empty := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for _, tr := range []transport{plainHTTP1, tlsHTTP2} {
		t.Run("over "+string(tr)+" the client gets no response at all", func(t *testing.T) {
			s := serve(t, injector(t, rules(Rule{Kind: Cut})).Middleware(empty), tr)
			resp, err := s.Client().Get(s.URL + "/v1.0/users/delta")
			if err == nil {
				resp.Body.Close()
				t.Fatalf("got status %d, want an error", resp.StatusCode)
			}
		})
	}
}
