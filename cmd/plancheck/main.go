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

	"github.com/plancheck/plancheck/internal/atomicfile"
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
	// SIGINT, SIGTERM or SIGHUP (the terminal closed) stops the run: the
	// command throws its report files away, leaving the old ones in
	// place, and exits 130. Reports already being renamed into place (a
	// few system calls at the very end) are all put in place first. A
	// second signal ends the process at once, once the temporary files
	// are removed.
	var files atomicfile.Group
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-signals
		cancel()
		<-signals
		files.Abort()
		os.Exit(cli.ExitInterrupted)
	}()
	// Without this, Go ends the process on a write to a closed pipe on
	// standard output or error (| head), leaving temporary files behind.
	// Notified, the write fails with EPIPE instead, and the command stops
	// as cleanly as on SIGINT. Nothing reads the channel: the signal is
	// only to be caught.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	dir, _ := os.Getwd()
	code := cli.Main(ctx, os.Args[1:], cli.IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		Dir: dir, Env: env, Engines: &engine.Cache{}, Files: &files,
	})
	cancel()
	os.Exit(code)
}
