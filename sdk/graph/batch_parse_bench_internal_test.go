package graph

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseBatchAnswer is the client's reading of a JSON batch's
// answer of 20 incremental rounds with nothing changed, as the mail
// round's streams get them: the batch answer, then each request's page
// (go test ./sdk/graph -run '^$' -bench BenchmarkParseBatchAnswer).
func BenchmarkParseBatchAnswer(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"responses":[`)
	for i := range 20 {
		if i > 0 {
			sb.WriteByte(',')
		}
		link := fmt.Sprintf("https://graph.microsoft.com/v1.0/users/%036d/mailFolders('AAMkAGI2%020d')/messages/delta?$deltatoken=%s", i, i, strings.Repeat("Q", 480))
		fmt.Fprintf(&sb, `{"id":"%d","status":200,"headers":{"Content-Type":"application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8","Preference-Applied":"odata.maxpagesize=500"},"body":{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(message)","@odata.deltaLink":"%s","value":[]}}`, i, link)
	}
	sb.WriteString(`]}`)
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		answers, err := parseBatchAnswer(data)
		if err != nil || len(answers) != 20 {
			b.Fatalf("%d answers, %v", len(answers), err)
		}
		for _, r := range answers {
			env, err := parseEnvelope(r.body)
			if err != nil || env.Delta == "" {
				b.Fatalf("page: %v", err)
			}
		}
	}
}
