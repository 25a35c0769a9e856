package audit

import "regexp"

// etlShapes match the names of every object etl writes under a lake's
// root, and nothing else, so gc never deletes what it did not write (a
// pipeline file beside a lake at path ".", another application's objects
// in a bucket shared with an empty prefix):
//
//   - a change-log part:      <table>/date=YYYY-MM-DD/<round>-<part>-<run id>.parquet (parquetout)
//   - a current-state file:   current/<table>/snapshot=<round>-<run id>/<part>.parquet (current)
//   - a manifest entry:       _manifest/[shards/I-of-N/]<round or seq>.json (manifest)
//   - a state checkpoint:     _manifest/[shards/I-of-N/]state/<round>-<run id>.jsonl.gz (manifest)
//   - a HEAD:                 _manifest/[shards/I-of-N/]HEAD (manifest)
//   - a chain's registration: _manifest/chains/I-of-N (manifest)
//   - a conditional write probe: _manifest/probe/<run id> (cmd/etl)
//
// A run id is lower-case hex. The tests check these against the names the
// writers make.
var etlShapes = []*regexp.Regexp{
	regexp.MustCompile(`^[^/]+/date=[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{10,}-[0-9]{4,}-[0-9a-f]+\.parquet$`),
	regexp.MustCompile(`^current/[^/]+/snapshot=[0-9]{20}-[0-9a-f]+/[0-9]{4,}\.parquet$`),
	regexp.MustCompile(`^_manifest/(shards/[0-9]+-of-[0-9]+/)?[0-9]{20}\.json$`),
	regexp.MustCompile(`^_manifest/(shards/[0-9]+-of-[0-9]+/)?state/[0-9]{20}-[0-9a-f]+\.jsonl\.gz$`),
	regexp.MustCompile(`^_manifest/(shards/[0-9]+-of-[0-9]+/)?HEAD$`),
	regexp.MustCompile(`^_manifest/chains/[0-9]+-of-[0-9]+$`),
	regexp.MustCompile(`^_manifest/probe/[0-9a-f]+$`),
}

// writtenByEtl reports whether name has the shape of an object etl writes.
func writtenByEtl(name string) bool {
	for _, re := range etlShapes {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}
