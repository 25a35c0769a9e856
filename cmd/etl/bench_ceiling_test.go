package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/s3store"
	"github.com/graphlake/graphlake/internal/s3test"
	"github.com/graphlake/graphlake/internal/store"
)

// benchUser is a user as the ceiling client decodes it: the benchmark's
// ten properties as typed Go fields.
type benchUser struct {
	ID                string  `json:"id"`
	DisplayName       *string `json:"displayName"`
	GivenName         *string `json:"givenName"`
	Surname           *string `json:"surname"`
	UserPrincipalName *string `json:"userPrincipalName"`
	Mail              *string `json:"mail"`
	JobTitle          *string `json:"jobTitle"`
	Department        *string `json:"department"`
	OfficeLocation    *string `json:"officeLocation"`
	MobilePhone       *string `json:"mobilePhone"`
	AccountEnabled    *bool   `json:"accountEnabled"`
}

// benchPage is a users delta page as the ceiling client decodes it.
type benchPage struct {
	Value []benchUser `json:"value"`
	Next  string      `json:"@odata.nextLink"`
	Delta string      `json:"@odata.deltaLink"`
}

// benchCeiling measures the client side's ceiling for one users round: a
// bare HTTP client, the plugins' own transport, following nextLinks one
// page after the other as a delta round must, reading each body into a
// reused buffer. With decode false it only finds the nextLink; with decode
// true it also decodes the page into Go structs with encoding/json.
func benchCeiling(b *testing.B, srv *simProcess, decode bool) {
	token := emulatorToken(b, srv)
	sel := strings.NewReplacer(`"`, "", " ", "", "[", "", "]", "").Replace(benchUserSelect)
	var body bytes.Buffer
	for b.Loop() {
		start := time.Now()
		var rows, size int64
		link := srv.info.Graph + "/users/delta?$select=" + sel
		for link != "" {
			fetchPage(b, srv.client, token, link, &body)
			size += int64(body.Len())
			if !decode {
				link = nextLinkOf(b, body.Bytes())
				continue
			}
			var page benchPage
			if err := json.Unmarshal(body.Bytes(), &page); err != nil {
				b.Fatalf("decode page: %v", err)
			}
			rows += int64(len(page.Value))
			link = page.Next
		}
		secs := time.Since(start).Seconds()
		b.ReportMetric(secs, "round-s")
		b.ReportMetric(float64(size)/1e6/secs, "json-MB/s")
		if decode {
			b.ReportMetric(float64(rows)/secs, "rows/s")
		}
	}
}

// fetchPage GETs one page into body.
func fetchPage(b testing.TB, client *http.Client, token, link string, body *bytes.Buffer) {
	req, err := http.NewRequest(http.MethodGet, link, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body.Reset()
	if _, err := body.ReadFrom(resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET page: status %d, %v", resp.StatusCode, err)
	}
}

// nextLinkOf finds a page's nextLink without decoding the page: the
// "@odata.nextLink" member, "" on the last page. The quoted key cannot
// occur inside an item's string values, where quotes are escaped.
func nextLinkOf(b testing.TB, body []byte) string {
	return linkOf(b, body, `"@odata.nextLink":"`)
}

// linkOf reads the string member whose quoted key, colon and opening quote
// are key, as nextLinkOf does; "" when the page has none.
func linkOf(b testing.TB, body []byte, key string) string {
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		b.Fatalf("page with an unterminated %s", key)
	}
	var link string
	if err := json.Unmarshal(body[i+len(key)-1:i+len(key)+end+1], &link); err != nil {
		b.Fatalf("%s: %v", key, err)
	}
	return link
}

// emulatorToken gets an access token with the emulator's client secret.
func emulatorToken(b testing.TB, srv *simProcess) string {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {srv.info.ClientID},
		"client_secret": {srv.info.ClientSecret}, "scope": {"https://graph.microsoft.com/.default"}}
	resp, err := srv.client.PostForm(srv.info.TokenURL, form)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("token: status %d, %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}

// s3Lake opens a bucket of the test S3 server as a store.
func s3Lake(ctx context.Context, s3 *s3test.Server, bucket string) (store.Store, error) {
	return s3store.New(ctx, s3store.Options{Bucket: bucket, Region: s3test.Region, Endpoint: s3.Endpoint,
		PathStyle: true, AccessKeyID: s3test.AccessKey, SecretAccessKey: s3test.SecretKey})
}
