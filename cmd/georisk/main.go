// Command georisk turns the news into assessed business risk. See the README
// and "georisk help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/georisk/georisk/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
