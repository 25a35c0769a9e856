package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/graphlake/graphlake/internal/auth"
	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/progress"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk/graph"
	"github.com/graphlake/graphlake/sdk/wire"
)

// runFlags are `etl run`'s flags.
type runFlags struct {
	watch       bool
	inProcess   bool
	logFormat   string
	stopTimeout time.Duration
	// roundTimeout, when positive, abandons a round that has not
	// committed by then (--round-timeout).
	roundTimeout time.Duration
	shard        string
	summary      string
	metrics      string
	// graphStats, when set, hears each source's Graph counts (the
	// metrics'); not a flag.
	graphStats func(source string, stats *wire.GraphStats)
	// connector, when set, opens the plugins instead of starting
	// processes (tests); not a flag.
	connector runner.Connector
	// credential, when set, builds the pipeline's credential instead of
	// newTokens (tests); not a flag.
	credential func(p *config.Pipeline, ca []byte) (*auth.Tokens, error)
}

func newRunCommand() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run PIPELINE.hcl",
		Short: "Run one round of every source of a pipeline and commit it",
		Long: `Run one round of every source of a pipeline: read each stream's last
deltaLink, fetch what changed, write it as Parquet, and commit the round by
creating its manifest entry. A round that fails commits nothing.

The first SIGINT or SIGTERM (Ctrl-C) gives the round in flight --stop-timeout
to finish and commit, and starts no other; after that, or at a second
signal, the round is abandoned: the plugins are stopped, its files removed,
nothing is committed, and the next run starts from the last committed
round's deltaLinks. A commit already under way is finished.

Exit codes: 0 ok, 1 failure, 2 bad configuration or usage, 3 some streams
failed while the others committed, 4 another run of the pipeline committed
the round first (this run changed nothing), 5 stopped by a signal before
the round committed (nothing committed).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lp, err := loadPipeline(cmd.ErrOrStderr(), args[0], config.LoadOptions{RequireSecrets: true})
			if err != nil {
				return err
			}
			if f.stopTimeout < 0 {
				return withCode(exitConfig, errors.New("--stop-timeout must not be negative"))
			}
			if f.roundTimeout < 0 {
				return withCode(exitConfig, errors.New("--round-timeout must not be negative (0: no limit)"))
			}
			return runPipeline(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), lp, f)
		},
	}
	cmd.Flags().BoolVar(&f.watch, "watch", false, "repeat rounds on the pipeline's schedule until interrupted")
	cmd.Flags().BoolVar(&f.inProcess, "in-process", false, "run built-in plugins inside the host instead of as processes (debugging, benchmarks)")
	cmd.Flags().StringVar(&f.logFormat, "log-format", "text", "log format when stderr is not a terminal: text or json")
	cmd.Flags().DurationVar(&f.stopTimeout, "stop-timeout", defaultStopTimeout,
		"after SIGINT or SIGTERM, how long the round in flight may take to commit before it is abandoned; keep it below the scheduler's grace period")
	cmd.Flags().DurationVar(&f.roundTimeout, "round-timeout", 0,
		"abandon a round that has not committed after this long (0: no limit): nothing is committed, and with --watch the next round starts on schedule")
	cmd.Flags().StringVar(&f.shard, "shard", "", shardFlagHelp)
	cmd.Flags().StringVar(&f.metrics, "metrics-addr", "", "serve Prometheus metrics at http://HOST:PORT/metrics while etl runs (with --watch: across rounds)")
	cmd.Flags().StringVar(&f.summary, "summary", "", "after each round, write its outcome as JSON to this file (replaced atomically), for schedulers")
	return cmd
}

// runPipeline runs one round, or rounds on the schedule with --watch.
func runPipeline(ctx context.Context, stdout, stderr io.Writer, lp *loadedPipeline, f runFlags) error {
	if f.watch && lp.Schedule <= 0 {
		return withCode(exitConfig, errors.New("--watch needs a schedule: add schedule = \"15m\" to the pipeline block"))
	}
	var metrics *runMetrics
	if f.metrics != "" {
		metrics = newRunMetrics()
		if err := serveMetrics(ctx, stderr, f.metrics, metrics); err != nil {
			return err
		}
		f.graphStats = metrics.graph(lp.Pipeline.Name)
	}
	for {
		if ctx.Err() != nil { // a signal came before the round could begin
			return stopped(stderr, f.logFormat, roundOutcome{}, "before it began", nil)
		}
		stop := watchStop(ctx, stderr, f.stopTimeout)
		started := time.Now()
		round, err := runRoundWithin(stop.ctx, stdout, stderr, lp, f)
		if asked, abandoned := stop.finish(); asked {
			err = stopped(stderr, f.logFormat, round, abandoned, err)
			return summariseRun(f.summary, metrics, lp, round, started, err)
		}
		err = summariseRun(f.summary, metrics, lp, round, started, err)
		if !f.watch {
			return err
		}
		if err != nil {
			fmt.Fprintln(stderr, "etl:", err)
		}
		wait := time.Until(started.Add(lp.Schedule))
		fmt.Fprintf(stderr, "next round in %s (Ctrl-C stops)\n", wait.Round(time.Second))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// errRoundTimeout is the cause of a round abandoned at --round-timeout.
var errRoundTimeout = errors.New("the round passed --round-timeout")

// runRoundWithin runs one round, abandoned once f.roundTimeout passes
// (when set): a plugin or a Graph answer that hangs without end would
// otherwise hold the round, and with --watch every round after it. A
// commit already under way is finished (the commit outlives its context's
// cancellation); otherwise nothing is committed and the round's files are
// removed, as when a round fails.
func runRoundWithin(ctx context.Context, stdout, stderr io.Writer, lp *loadedPipeline, f runFlags) (roundOutcome, error) {
	if f.roundTimeout <= 0 {
		return runRound(ctx, stdout, stderr, lp, f)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, f.roundTimeout, errRoundTimeout)
	defer cancel()
	round, err := runRound(ctx, stdout, stderr, lp, f)
	if err != nil && errors.Is(context.Cause(ctx), errRoundTimeout) && !round.committed {
		err = fmt.Errorf("round abandoned after --round-timeout %s, nothing committed; the next round starts from the last committed round's deltaLinks: %w", f.roundTimeout, err)
	}
	return round, err
}

// summariseRun counts the round in metrics (when served) and writes its
// summary when --summary asks for one; it returns the round's error, or
// the failure to write the summary.
func summariseRun(path string, metrics *runMetrics, lp *loadedPipeline, round roundOutcome, started time.Time, err error) error {
	s := newRunSummary(lp.Pipeline.Name, round, started, err)
	if metrics != nil {
		metrics.observe(s, filesByTable(round))
	}
	if path == "" {
		return err
	}
	if werr := writeRunSummary(path, s); werr != nil {
		if err != nil {
			return fmt.Errorf("%w; and: %w", err, werr)
		}
		return withCode(exitFailure, werr)
	}
	return err
}

// runRound runs and commits one round and prints what it did. It returns
// the round's number (0 when the round did not begin) and whether it
// committed.
func runRound(ctx context.Context, stdout, stderr io.Writer, lp *loadedPipeline, f runFlags) (roundOutcome, error) {
	var next runner.Connector = processConnector{log: stderr}
	switch {
	case f.connector != nil:
		next = f.connector
	case f.inProcess:
		next = inProcessConnector{}
	}
	// The sources' plugins are started and checked while the round gets
	// ready (store, token, the lake's state); the round waits for the
	// checks before it begins, takes the checked processes, and a refused
	// source (then a refused credential) is reported as it was when the
	// checks came first.
	connector := newKeptConnector(next)
	defer connector.release()
	roundCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	checks := startChecks(ctx, stderr, lp, connector.checks(), cancel)
	chain, err := resolveShard(f.shard)
	if err != nil {
		return roundOutcome{}, firstError(checks.wait(), err)
	}
	credential := f.credential
	if credential == nil {
		credential = newTokens
	}
	opts, done, tokenCheck, err := roundOptions(roundCtx, cancel, stderr, lp, connector, f.logFormat, credential)
	if err != nil {
		return roundOutcome{}, firstError(checks.wait(), err)
	}
	opts.Chain, opts.GraphStats, opts.Ready = chain, f.graphStats, readyWhen(checks, tokenCheck)
	res, err := runner.Run(roundCtx, opts)
	done()
	if cerr := firstError(checks.wait(), tokenCheck.wait()); cerr != nil {
		return roundOutcome{}, cerr
	}
	if err != nil {
		var re *runner.RoundError
		out := roundOutcome{}
		if errors.As(err, &re) {
			out.number = re.Round
		}
		switch {
		case errors.Is(err, runner.ErrConfig):
			return out, withCode(exitConfig, err)
		case errors.Is(err, runner.ErrShardOverlap):
			return out, withCode(exitConflict, err)
		case errors.Is(err, manifest.ErrRoundTaken):
			return out, withCode(exitConflict, fmt.Errorf("%w. Another run of this pipeline committed the round first; this run removed its own files and changed nothing. "+
				"Run each pipeline from one scheduler at a time", err))
		}
		return out, withCode(exitFailure, err)
	}
	printRound(stdout, res)
	out := roundOutcome{number: res.Entry.Round, committed: true, result: res}
	if len(res.Failed) > 0 {
		return out, withCode(exitPartial, fmt.Errorf("round %d committed, but %d stream(s) failed and will retry from their last deltaLink next round:%s",
			res.Entry.Round, len(res.Failed), failedList(res.Failed)))
	}
	return out, nil
}

// firstError is the checks' error when they failed, else err.
func firstError(checks, err error) error {
	if checks != nil {
		return checks
	}
	return err
}

// roundOutcome is what became of a round.
type roundOutcome struct {
	number    int64 // 0 when the round did not begin
	committed bool
	result    *runner.Result // nil unless committed
}

// roundOptions wires a round: store, credential, plugins, progress. The
// credential is built by credential, in the background (see laterTokens).
func roundOptions(ctx context.Context, cancel context.CancelFunc, stderr io.Writer, lp *loadedPipeline, connector runner.Connector, logFormat string,
	credential func(*config.Pipeline, []byte) (*auth.Tokens, error)) (runner.Options, func(), *background, error) {
	hooks, err := testHooks()
	if err != nil {
		return runner.Options{}, nil, nil, err
	}
	st, err := openStore(ctx, lp.Pipeline, hooks.crash)
	if err != nil {
		return runner.Options{}, nil, nil, err
	}
	if err := checkCommitGuard(ctx, st, lp.Pipeline, probeID()); err != nil {
		return runner.Options{}, nil, nil, err
	}
	ca, err := readCA(lp.Pipeline)
	if err != nil {
		return runner.Options{}, nil, nil, err
	}
	// The credential is built and checked (a token asked for) while the
	// lake's state is read; the round waits for both before it begins.
	tokens := &laterTokens{done: make(chan struct{})}
	tokenCheck := inBackground(func() error {
		built, err := tokens.build(func() (*auth.Tokens, error) { return credential(lp.Pipeline, ca) })
		if err != nil {
			cancel()
			return err
		}
		return checkToken(ctx, built, cancel)
	})
	signer, err := pipelineSigner(lp.Pipeline)
	if err != nil {
		return runner.Options{}, nil, nil, firstError(tokenCheck.wait(), err)
	}
	opts := runner.Options{Pipeline: lp.Pipeline, Store: st, Tokens: tokens, CAPEM: ca, HostVersion: buildVersion(),
		Connector: connector, Crash: hooks.crash, CheckpointEvery: hooks.checkpointEvery, Signer: signer}
	done := func() {}
	if isTerminal(stderr) {
		term := progress.NewTerminal(stderr)
		opts.Reporter, done = term, term.Done
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	} else {
		opts.Logger = newLogger(stderr, logFormat)
		opts.Reporter = progress.NewLog(opts.Logger, 5*time.Second)
	}
	return opts, done, tokenCheck, nil
}

// laterTokens is a round's credential, built in the background while the
// lake's state is read: building it reads the system's trusted roots, 30
// to 45 ms of every round's start that the reading of the state waited
// for. The round begins, and its plugins ask for tokens, only once it is
// built (runner.Options.Ready waits for the check that builds it); a
// Token before that waits for it.
type laterTokens struct {
	done   chan struct{}
	tokens *auth.Tokens
	err    error
}

// build builds the credential with fn, once, and returns it.
func (l *laterTokens) build(fn func() (*auth.Tokens, error)) (*auth.Tokens, error) {
	defer close(l.done)
	l.tokens, l.err = fn()
	return l.tokens, l.err
}

// Token waits for the credential, then returns a token of it.
func (l *laterTokens) Token(ctx context.Context) (string, time.Time, error) {
	select {
	case <-l.done:
	case <-ctx.Done():
		return "", time.Time{}, context.Cause(ctx)
	}
	if l.err != nil {
		return "", time.Time{}, l.err
	}
	return l.tokens.Token(ctx)
}

// newTokens builds the pipeline's credential.
func newTokens(p *config.Pipeline, ca []byte) (*auth.Tokens, error) {
	httpClient, err := graph.NewHTTPClient(ca)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("graph.ca_file: %w", err))
	}
	cred, err := auth.NewCredential(p.Graph, httpClient)
	if err != nil {
		return nil, withCode(exitConfig, fmt.Errorf("graph: %w", err))
	}
	return auth.NewTokens(cred, p.Graph.Scope), nil
}

// checkToken asks for a token once, so that a bad secret is one clear
// error before the round begins; cancel is called when it fails.
func checkToken(ctx context.Context, tokens *auth.Tokens, cancel context.CancelFunc) error {
	checkCtx, stop := context.WithTimeout(ctx, 2*time.Minute)
	defer stop()
	if _, _, err := tokens.Token(checkCtx); err != nil {
		cancel()
		return withCode(exitFailure, err)
	}
	return nil
}

// probeID names this process's conditional-write probe.
func probeID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// printRound prints one line per committed round and one per failed stream.
func printRound(w io.Writer, res *runner.Result) {
	e := res.Entry
	fmt.Fprintf(w, "round %d committed: %d rows (%d deletes) in %d files, %s\n",
		e.Round, e.Rows(), e.Deletes(), len(e.Files), e.CommittedAt.Sub(e.StartedAt).Round(time.Millisecond))
	for _, s := range res.Failed {
		fmt.Fprintf(w, "  stream %s/%s failed: %s\n", s.Source, s.Stream, s.Error)
	}
}

// failedList names failed streams with their errors, one per line, at
// most ten.
func failedList(failed []manifest.Stream) string {
	const most = 10
	var b strings.Builder
	for i, s := range failed {
		if i == most {
			fmt.Fprintf(&b, "\n  … and %d more (etl history --json lists them all)", len(failed)-most)
			break
		}
		fmt.Fprintf(&b, "\n  %s/%s: %s", s.Source, s.Stream, s.Error)
	}
	return b.String()
}
