package graphtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/internal/cputime"
)

// BenchmarkUsersDeltaRound measures how fast the emulator serves a full
// /users/delta round over loopback HTTPS to a client that reads each page
// and decodes only its links. GRAPHTEST_BENCH_USERS sets the tenant size
// (default 100000; BENCHMARKS uses 1000000).
func BenchmarkUsersDeltaRound(b *testing.B) {
	users := 100_000
	if v, err := strconv.Atoi(os.Getenv("GRAPHTEST_BENCH_USERS")); err == nil && v > 0 {
		users = v
	}
	srv, err := graphtest.NewServer(graphtest.Options{Seed: 1, Users: users})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := newClient(b, srv)
	start := srv.GraphURL() + "/users/delta?$select=displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,officeLocation,mobilePhone,accountEnabled"
	var bytes, pages int64
	b.ResetTimer()
	for b.Loop() {
		link := start
		for link != "" {
			req, _ := http.NewRequest("GET", link, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := c.http.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("page %d: status %d, %v", pages, resp.StatusCode, err)
			}
			var links struct {
				Next string `json:"@odata.nextLink"`
			}
			if err := json.Unmarshal(tail(body), &links); err != nil {
				b.Fatalf("decode links: %v", err)
			}
			bytes += int64(len(body))
			pages++
			link = links.Next
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(users)*float64(b.N)/secs, "users/s")
	b.ReportMetric(float64(pages)/secs, "pages/s")
	b.ReportMetric(float64(bytes)/secs/1e6, "MB/s")
}

// tail returns the page's envelope without its items: the links come before
// "value", so cutting there keeps the benchmark's client cost negligible.
func tail(body []byte) []byte {
	for i := 0; i+9 < len(body); i++ {
		if string(body[i:i+9]) == `,"value":` {
			return append(body[:i:i], '}')
		}
	}
	return body
}

// BenchmarkDeltaRequest measures the emulator's cost per request of the
// two pages a pipeline asks for most: an empty incremental page (a
// deltaLink with nothing new, every stream of a quiet round) and a
// 200-user page (the initial round). Sixteen clients send at once over
// HTTP/2, as a plugin does. cpu-us/req is the process's CPU time (user and
// system) per request, the clients' included; a CPU profile
// (-cpuprofile) separates the emulator's part.
//
//	go test ./sdk/graphtest -run '^$' -bench BenchmarkDeltaRequest -count 3
func BenchmarkDeltaRequest(b *testing.B) {
	srv, err := graphtest.NewServer(graphtest.Options{Seed: 1, Users: 2000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := newClient(b, srv)
	first := srv.GraphURL() + "/users/delta?$select=displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,officeLocation,mobilePhone,accountEnabled"
	var deltaLink string
	for link := first; link != ""; {
		body := get(b, c, link)
		var links struct {
			Next  string `json:"@odata.nextLink"`
			Delta string `json:"@odata.deltaLink"`
		}
		if err := json.Unmarshal(tail(body), &links); err != nil {
			b.Fatal(err)
		}
		link, deltaLink = links.Next, links.Delta
	}
	for _, bc := range []struct{ name, link string }{{"empty-incremental", deltaLink}, {"users-200", first}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetParallelism(8) // 16 clients on 2 cores
			start := cputime.Self(b)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					get(b, c, bc.link)
				}
			})
			b.ReportMetric(float64((cputime.Self(b)-start).Microseconds())/float64(b.N), "cpu-us/req")
		})
	}
}

// get fetches link and returns its body; anything but a 200 fails b.
func get(b *testing.B, c *client, link string) []byte {
	req, _ := http.NewRequest("GET", link, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return body
}
