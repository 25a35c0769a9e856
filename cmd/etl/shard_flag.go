package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/internal/manifest"
)

// Environment variables that choose the shard when --shard is not given:
// GRAPHLAKE_SHARD ("INDEX/COUNT"), or JOB_COMPLETION_INDEX (set by a
// Kubernetes Indexed Job) with GRAPHLAKE_SHARDS (the count).
const (
	envShard      = "GRAPHLAKE_SHARD"
	envShards     = "GRAPHLAKE_SHARDS"
	envK8sIndex   = "JOB_COMPLETION_INDEX"
	shardFlagHelp = "run shard `INDEX/COUNT` of a sharded pipeline (default: $GRAPHLAKE_SHARD, or $JOB_COMPLETION_INDEX of $GRAPHLAKE_SHARDS; unset: unsharded)"
)

// resolveShard reads --shard, else the environment, and returns the
// manifest chain the run commits in: the root chain (the zero Chain) when
// neither names a shard, an unsharded run.
func resolveShard(flag string) (manifest.Chain, error) {
	if flag != "" {
		return parseShard("--shard", flag)
	}
	if v := os.Getenv(envShard); v != "" {
		return parseShard(envShard, v)
	}
	count := os.Getenv(envShards)
	if count == "" {
		return manifest.Chain{}, nil
	}
	index := os.Getenv(envK8sIndex)
	if index == "" {
		return manifest.Chain{}, withCode(exitConfig, fmt.Errorf("%s=%s is set, but %s is not: set both (an Indexed Job sets the index), or use --shard INDEX/COUNT", envShards, count, envK8sIndex))
	}
	return parseShard(envK8sIndex+"/"+envShards, index+"/"+count)
}

func parseShard(what, v string) (manifest.Chain, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(v), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 10000 || i < 0 || i >= n {
		return manifest.Chain{}, withCode(exitConfig, fmt.Errorf("%s=%q: want INDEX/COUNT with 0 <= INDEX < COUNT <= 10000, e.g. 0/4", what, v))
	}
	return manifest.Chain{Index: i, Count: n}, nil
}
