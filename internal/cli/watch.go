package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/georisk/georisk/internal/watch"
)

// watchFileFlag declares --watch, the watch file.
func watchFileFlag(fs *flag.FlagSet) func(env *Env) string {
	f := fs.String("watch", "", "watch file (default ./georisk-watch.yaml, or $GEORISK_WATCH)")
	return func(env *Env) string {
		switch {
		case *f != "":
			return *f
		case env.Getenv("GEORISK_WATCH") != "":
			return env.Getenv("GEORISK_WATCH")
		}
		return filepath.Join(env.Dir, "georisk-watch.yaml")
	}
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

func watchCmd() *command {
	return &command{
		name:    "watch",
		args:    "add NAME (--dyad A-B | --actor A | --countries C,… | --keywords K,…) [flags] | list | remove NAME",
		summary: "declare what to watch (priority intelligence requirements) for georisk alerts",
		help: `Watch edits the watch file, a YAML list of priority intelligence requirements
that georisk alerts evaluates:

  watches:
    - name: chn-nato
      dyad: China-NATO          # or CHN->IGOWSTNAT; sides as in georisk series
      codes: ["11", "12"]       # optional CAMEO code prefixes
      metric: conflict          # events, conflict, goldstein, conflict_share, tension
      by: day                   # day or week
      detectors: [poisson, cusum]   # ewma, poisson, negbin, cusum
      thresholds: {poisson_alpha: 0.001, ewma_z: 3, cusum_h: 5, min_events: 3}
      min_severity: low
    - name: tokyo-office
      keywords: ["NATO office", "liaison office"]

Each watch has exactly one of dyad, actor, countries and keywords. The file
is read strictly: an unknown key or a bad value is an error with its line.
You can also edit it by hand.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			file := watchFileFlag(fs)
			var w watch.Watch
			fs.StringVar(&w.Dyad, "dyad", "", "A-B or A->B")
			fs.StringVar(&w.Actor, "actor", "", "an actor or @GROUP")
			countries := fs.String("countries", "", "comma-separated countries")
			keywords := fs.String("keywords", "", "comma-separated keywords or phrases")
			codes := fs.String("codes", "", "comma-separated CAMEO code prefixes")
			fs.StringVar(&w.Metric, "metric", "", "events, conflict, goldstein, conflict_share or tension")
			fs.StringVar(&w.By, "by", "", "day or week")
			detectors := fs.String("detectors", "", "comma-separated: ewma, poisson, negbin, cusum")
			fs.StringVar(&w.MinSeverity, "min-severity", "", "low, medium or high")
			fs.Float64Var(&w.Thresholds.PoissonAlpha, "poisson-alpha", 0, "Poisson tail probability (default 0.001)")
			fs.Float64Var(&w.Thresholds.EWMAZ, "ewma-z", 0, "EWMA |z| threshold (default 3)")
			fs.Float64Var(&w.Thresholds.CUSUMH, "cusum-h", 0, "CUSUM threshold (default 5)")
			fs.IntVar(&w.Thresholds.MinEvents, "min-events", 0, "ignore buckets with fewer events (default 3)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"watch: give add, list or remove"}
				}
				path := file(env)
				f, err := watch.Load(path)
				if err != nil {
					return err
				}
				switch args[0] {
				case "list":
					if len(args) > 1 {
						return &UsageError{fmt.Sprintf("watch list: unexpected argument %q", args[1])}
					}
					if len(f.Watches) == 0 {
						fmt.Fprintf(env.Stdout, "no watches in %s (add one with georisk watch add)\n", path)
						return nil
					}
					for _, w := range f.Watches {
						fmt.Fprintf(env.Stdout, "%-20s %s\n", w.Name, describe(w))
					}
					return nil
				case "add":
					if len(args) != 2 {
						return &UsageError{"watch add: give one NAME"}
					}
					w.Name = args[1]
					w.Countries, w.Keywords, w.Codes, w.Detectors = splitList(*countries), splitList(*keywords), splitList(*codes), splitList(*detectors)
					if err := w.Validate(); err != nil {
						return &UsageError{"watch add: " + err.Error()}
					}
					if slices.ContainsFunc(f.Watches, func(x watch.Watch) bool { return x.Name == w.Name }) {
						return &UsageError{fmt.Sprintf("watch add: %q is already in %s (remove it first)", w.Name, path)}
					}
					f.Watches = append(f.Watches, w)
					if err := watch.Save(path, f); err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "added %s to %s: %s\n", w.Name, path, describe(w))
					return nil
				case "remove":
					if len(args) != 2 {
						return &UsageError{"watch remove: give one NAME"}
					}
					i := slices.IndexFunc(f.Watches, func(x watch.Watch) bool { return x.Name == args[1] })
					if i < 0 {
						return fmt.Errorf("watch remove: no watch %q in %s", args[1], path)
					}
					f.Watches = slices.Delete(f.Watches, i, i+1)
					if err := watch.Save(path, f); err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "removed %s from %s\n", args[1], path)
					return nil
				}
				return &UsageError{fmt.Sprintf("watch: unknown subcommand %q: want add, list or remove", args[0])}
			}
		},
	}
}

func describe(w watch.Watch) string {
	var what string
	switch {
	case w.Dyad != "":
		what = "dyad " + w.Dyad
	case w.Actor != "":
		what = "actor " + w.Actor
	case len(w.Countries) > 0:
		what = "countries " + strings.Join(w.Countries, ",")
	default:
		what = "keywords " + strings.Join(w.Keywords, ",")
	}
	if len(w.Codes) > 0 {
		what += " codes " + strings.Join(w.Codes, ",")
	}
	return fmt.Sprintf("%s, %s by %s, %s", what, w.Metric, w.By, strings.Join(w.Detectors, "+"))
}
