// Package cli is georisk's command line: one subcommand per file, and the
// wiring of stores, sources and pipelines. Nothing else may import it; it is
// the only place where components are put together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
)

// Env is what a command may touch of the outside world. Tests give their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StderrIsTerminal turns on the progress display.
	StderrIsTerminal bool
	// Dir is where relative default files (georisk.db) go; "" means the
	// current directory.
	Dir string
}

type command struct {
	name    string
	args    string // synopsis of the arguments
	summary string
	// help is the long description printed by "georisk CMD --help".
	help string
	// flags declares the command's flags on fs and returns the function
	// that runs it with the remaining arguments.
	flags func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error
}

func commands() []*command {
	return []*command{
		ingestCmd(), importCmd(), extractCmd(), searchCmd(), docsCmd(), eventsCmd(), seriesCmd(), indexCmd(), gprCmd(), codeCmd(), quotesCmd(), judgmentsCmd(),
		explainCmd(), recodeCmd(), serveCmd(), workerCmd(), scheduleCmd(), migrateCmd(), statsCmd(), demoCmd(), versionCmd(),
		assessCmd(), ledgerCmd(), lintCmd(), claimsCmd(), briefCmd(),
		alertsCmd(), watchCmd(), cohesionCmd(), rollupCmd(),
		listsCmd(), screenCmd(),
	}
}

// UsageError marks a mistake in how georisk was called; it exits with 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ErrFailed reports that a command ran to the end but some of its inputs
// failed (each already reported on stderr); it exits with 1.
var ErrFailed = errors.New("some inputs failed")

// ExitCode maps Run's error to the process exit status: 0 success, 2 usage
// error, 1 anything else.
func ExitCode(err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), errors.Is(err, flag.ErrHelp):
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return 1
}

// Main runs georisk with os-level plumbing and returns the exit status.
func Main(ctx context.Context, args []string) int {
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		StderrIsTerminal: isTerminal(os.Stderr)}
	err := Run(ctx, args, env)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, ErrFailed) {
		fmt.Fprintf(env.Stderr, "georisk: %v\n", err)
	}
	return ExitCode(err)
}

// Run runs one georisk command line (without the program name).
func Run(ctx context.Context, args []string, env *Env) error {
	if len(args) == 0 {
		usage(env.Stderr)
		return &UsageError{"no command given"}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return Run(ctx, []string{rest[0], "--help"}, env)
		}
		usage(env.Stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fs := flag.NewFlagSet("georisk "+c.name, flag.ContinueOnError)
		fs.SetOutput(env.Stderr)
		run := c.flags(fs)
		fs.Usage = func() {
			w := fs.Output()
			fmt.Fprintf(w, "Usage: georisk %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.help))
			if hasFlags(fs) {
				fmt.Fprintf(w, "\nFlags:\n")
				fs.PrintDefaults()
			}
		}
		pos, err := parse(fs, rest)
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(env.Stdout)
			fs.Usage()
			return err
		}
		if err != nil {
			return &UsageError{fmt.Sprintf("%s: %v", c.name, err)}
		}
		return run(ctx, env, pos)
	}
	usage(env.Stderr)
	return &UsageError{fmt.Sprintf("unknown command %q", name)}
}

// parse parses flags wherever they appear among the arguments, so that
// "georisk ingest feed.xml --allow-private" works; "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "georisk turns the news into assessed business risk.\n\nUsage: georisk COMMAND [flags] [arguments]\n\nCommands:\n")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-9s %s\n", "help", "show help for a command: georisk help COMMAND")
	fmt.Fprintf(w, "\nThe database is ./georisk.db unless --db or GEORISK_DB says otherwise.\n")
}

func logger(env *Env) *slog.Logger {
	level := slog.LevelWarn
	if env.Getenv("GEORISK_DEBUG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}
