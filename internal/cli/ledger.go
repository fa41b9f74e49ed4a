package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
)

func ledgerCmd() *command {
	return &command{
		name:    "ledger",
		args:    "[flags] | resolve ID yes|no [--note TEXT]",
		summary: "list forecasts (georisk's and those found in articles), resolve them, and score them (--plot: calibration chart)",
		help: `Ledger keeps score. It holds every key judgment georisk made with a resolvable
question and a horizon (recorded by "georisk assess"), and the estimative
judgments the coder found in ingested articles as third-party forecasts with
their author (the seed brief's "China is certain to exploit…" is Pamir's).
Those without a calibrated probability (may, could, certain) are listed but
not scored.

"georisk ledger" lists forecasts, open ones first, then prints for each author
and topic the Brier score, the log score and a calibration table by ICD 203
band over the resolved ones. "georisk ledger resolve ID yes|no" records an
outcome (resolving again replaces it).`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			author := fs.String("author", "", "only forecasts by this author")
			topic := fs.String("topic", "", "only forecasts on this topic")
			open := fs.Bool("open", false, "only open forecasts")
			resolved := fs.Bool("resolved", false, "only resolved forecasts")
			note := fs.String("note", "", "with resolve: how it was resolved (a source, a date)")
			asJSON := fs.Bool("json", false, "print JSON")
			plotFile := fs.String("plot", "", "also draw the calibration chart (observed frequency by forecast probability, per author) to this file (.svg or .png)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkPlotFile(*plotFile); err != nil {
					return err
				}
				if len(args) > 0 && args[0] == "resolve" {
					if len(args) != 3 {
						return &UsageError{"ledger resolve: give an ID and yes or no"}
					}
					id, err := strconv.ParseInt(args[1], 10, 64)
					if err != nil || id <= 0 {
						return &UsageError{fmt.Sprintf("ledger resolve: %q is not a forecast ID", args[1])}
					}
					var outcome bool
					switch strings.ToLower(args[2]) {
					case "yes", "y", "true":
						outcome = true
					case "no", "n", "false":
					default:
						return &UsageError{fmt.Sprintf("ledger resolve: outcome %q: want yes or no", args[2])}
					}
					s, err := openStore(ctx, db(env))
					if err != nil {
						return err
					}
					defer s.Close()
					err = s.ResolveForecast(ctx, id, store.Resolution{Outcome: outcome, At: time.Now().UTC(), Note: *note})
					if errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("ledger resolve: no forecast with ID %d (see georisk ledger)", id)
					}
					if err != nil {
						return err
					}
					fmt.Fprintf(env.Stdout, "forecast %d resolved: %s\n", id, yesNo(outcome))
					return nil
				}
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("ledger: unexpected argument %q", args[0])}
				}
				if *open && *resolved {
					return &UsageError{"ledger: give --open or --resolved, not both"}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				if _, err := syncJudgments(ctx, s); err != nil {
					return err
				}
				list, err := s.Forecasts(ctx, store.ForecastQuery{Author: *author, Topic: *topic, Open: *open, Resolved: *resolved})
				if err != nil {
					return err
				}
				byAuthor := assess.Scores(list, func(f store.Forecast) string { return f.Author })
				byTopic := assess.Scores(list, func(f store.Forecast) string { return f.Author + " / " + first(f.Topic, "—") })
				topics := assess.Scores(list, func(f store.Forecast) string { return first(f.Topic, "—") })
				if *plotFile != "" {
					c, err := calibrationChart(byAuthor)
					if err != nil {
						return err
					}
					if err := writePlot(*plotFile, c); err != nil {
						return err
					}
				}
				if *asJSON {
					return writeJSON(env.Stdout, struct {
						Forecasts []store.Forecast `json:"forecasts"`
						ByAuthor  []assess.Score   `json:"by_author"`
						ByTopic   []assess.Score   `json:"by_topic"`     // by author and topic
						Topics    []assess.Score   `json:"by_topic_all"` // by topic, all authors together
					}{orEmpty(list), byAuthor, byTopic, topics})
				}
				printLedger(env.Stdout, list, byAuthor, byTopic)
				return nil
			}
		},
	}
}

// calibrationChart draws a reliability diagram on a numeric x axis (the
// forecast probability): each author's calibration bands are a line of
// observed frequency by mean forecast, and the diagonal is perfect
// calibration.
func calibrationChart(byAuthor []assess.Score) (plot.Chart, error) {
	c := plot.Chart{Title: "Calibration: share that happened by forecast probability", XLabel: "forecast probability", YLabel: "share that happened"}
	for _, s := range byAuthor {
		if len(s.Calibration) == 0 {
			continue
		}
		ser := plot.Series{Name: fmt.Sprintf("%s (%d resolved, Brier %.3f)", s.Group, s.Resolved, s.Brier)}
		for _, b := range s.Calibration {
			ser.XV, ser.Y = append(ser.XV, b.Mean), append(ser.Y, b.Observed)
		}
		c.Series = append(c.Series, ser)
	}
	if len(c.Series) == 0 {
		return c, errors.New("ledger --plot: no resolved forecast with a probability yet, so there is no calibration to draw (georisk ledger resolve ID yes|no)")
	}
	c.Series = append(c.Series, plot.Series{Name: "perfect calibration", XV: []float64{0, 1}, Y: []float64{0, 1}})
	return c, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ledgerStore is what the ledger reads and writes.
type ledgerStore interface {
	store.Ledger
	ListJudgments(ctx context.Context, q store.TextQuery) ([]event.Judgment, error)
	Doc(ctx context.Context, id int64) (event.Document, error)
}

// syncJudgments enters the judgments the coder found in articles into the
// ledger as third-party forecasts, once each (keyed by document and
// offset). A judgment without a calibrated band enters without a
// probability.
func syncJudgments(ctx context.Context, s ledgerStore) (int, error) {
	const page = 1000
	var fs []*store.Forecast
	for off := 0; ; off += page {
		js, err := s.ListJudgments(ctx, store.TextQuery{Limit: page, Offset: off})
		if err != nil {
			return 0, err
		}
		for _, j := range js {
			f := &store.Forecast{
				Key:    fmt.Sprintf("doc:%d:%d", j.DocID, j.Span.Start),
				Author: first(j.Author, "unnamed author"), Topic: j.Subject,
				Question: j.Claim, Text: j.Claim, Term: j.Term, Made: j.Date, DocID: j.DocID,
			}
			if j.Band != "" && j.High > 0 {
				f.Probability, f.HasProbability = float64(j.Low+j.High)/200, true
			}
			if d, err := s.Doc(ctx, j.DocID); err == nil {
				if end := min(j.Span.End, len(d.Body)); j.Span.Start >= 0 && j.Span.Start < end {
					f.Text = strings.Join(strings.Fields(d.Body[j.Span.Start:end]), " ")
				}
				if f.Made.IsZero() {
					f.Made = d.Published
				}
			}
			if f.Made.IsZero() {
				f.Made = time.Now().UTC()
			}
			fs = append(fs, f)
		}
		if len(js) < page {
			break
		}
	}
	return s.PutForecasts(ctx, fs)
}

// recordJudgments stores an assessment's judgments in the ledger.
func recordJudgments(ctx context.Context, s store.Ledger, a *assess.Assessment) error {
	if _, err := s.PutForecasts(ctx, assess.Forecasts(a)); err != nil {
		return fmt.Errorf("recording the judgments in the ledger: %w", err)
	}
	return nil
}

func printLedger(w io.Writer, list []store.Forecast, byAuthor, byTopic []assess.Score) {
	if len(list) == 0 {
		fmt.Fprintf(w, "The ledger is empty: georisk assess records its judgments, and judgments found in ingested articles enter it.\n")
		return
	}
	for _, f := range list {
		p := "   —"
		if f.HasProbability {
			p = fmt.Sprintf("%3.0f%%", f.Probability*100)
		}
		state := "open"
		if f.Resolution != nil {
			state = "resolved " + yesNo(f.Resolution.Outcome)
		}
		horizon := "no horizon"
		if !f.Horizon.IsZero() {
			horizon = "by " + day(f.Horizon)
		}
		fmt.Fprintf(w, "%5d  %s  %-12s %s  %-14s %-13s %s\n       %s\n", f.ID, day(f.Made), trunc(f.Author, 12), p, trunc(f.Term, 14), state, horizon, trunc(f.Text, 160))
	}
	printScores := func(title string, ss []assess.Score) {
		fmt.Fprintf(w, "\n%s\n", title)
		fmt.Fprintf(w, "  %-36s %9s %8s %7s %7s\n", "", "forecasts", "resolved", "Brier", "log")
		for _, s := range ss {
			if s.Resolved == 0 {
				fmt.Fprintf(w, "  %-36s %9d %8d %7s %7s\n", trunc(s.Group, 36), s.Forecast, 0, "—", "—")
				continue
			}
			fmt.Fprintf(w, "  %-36s %9d %8d %7.3f %7.3f\n", trunc(s.Group, 36), s.Forecast, s.Resolved, s.Brier, s.Log)
			for _, c := range s.Calibration {
				fmt.Fprintf(w, "      %-20s n=%-3d forecast %3.0f%%  happened %3.0f%%\n", c.Term, c.N, c.Mean*100, c.Observed*100)
			}
		}
	}
	printScores("Scores by author (Brier: 0 best, 0.25 always 50%; log: 0 best)", byAuthor)
	printScores("Scores by author and topic", byTopic)
}
