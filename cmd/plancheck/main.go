// Command plancheck checks digital transformation plans against the
// Wade-Gery review and the National Audit Office's criteria.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/plancheck/plancheck/internal/cli"
	"github.com/plancheck/plancheck/internal/engine"
)

func main() {
	// The environment is read here, once, and handed to the commands.
	env := os.Environ()
	set := func(key string) bool {
		return slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, key+"=") })
	}
	// A run allocates fast but keeps little: the compiled policies and the
	// plans in flight. Collecting garbage rarely, under a soft memory
	// limit, makes a run over many plans a third faster and keeps it in
	// bounded memory. GOGC and GOMEMLIMIT, when set, take precedence.
	if !set("GOGC") {
		debug.SetGCPercent(800)
	}
	if !set("GOMEMLIMIT") {
		debug.SetMemoryLimit(64 << 20)
	}
	// SIGINT or SIGTERM stops the run: reports being written are thrown
	// away, never left half written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal the default comes back: a second one ends
		// the process at once.
		<-ctx.Done()
		stop()
	}()
	dir, _ := os.Getwd()
	code := cli.Main(ctx, os.Args[1:], cli.IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Dir: dir, Env: env, Engines: &engine.Cache{},
	})
	stop()
	os.Exit(code)
}
