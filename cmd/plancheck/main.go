// Command plancheck checks digital transformation plans against the
// Wade-Gery review and the National Audit Office's criteria.
package main

import (
	"context"
	"os"

	"github.com/plancheck/plancheck/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
