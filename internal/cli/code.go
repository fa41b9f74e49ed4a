package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/event"
)

func codeCmd() *command {
	return &command{
		name:    "code",
		args:    "--jsonl [flags] < input.jsonl > output.jsonl",
		summary: "code events, quotes and judgments in JSON Lines text, without a database",
		help: `Code reads JSON Lines {"id", "date", "text"} on stdin — text may be one
sentence or a whole document; date (YYYY-MM-DD or RFC 3339) is its
publication date, against which "last week" or "on Wednesday" are resolved —
and writes one line per input, in input order:
{"id", "events": [...], "quotes": [...], "judgments": [...]}.
Each event has its CAMEO code, root, PLOVER type and mode, Goldstein score,
quad class (GDELT's convention: 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict), source and target, the date it
happened, the sentence's character offsets in the text, the trigger and
actor words, the pattern that fired and a confidence. It needs no database.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			jsonl := fs.Bool("jsonl", false, "read and write JSON Lines (the only mode)")
			dicts := dictFlag(fs)
			workers := fs.Int("workers", 0, "coding goroutines (default: one per CPU)")
			return func(ctx context.Context, env *Env, args []string) error {
				if !*jsonl || len(args) > 0 {
					return &UsageError{"code: use georisk code --jsonl < input.jsonl"}
				}
				c, err := newCoder(*dicts)
				if err != nil {
					return err
				}
				return codeJSONL(ctx, env, c, *workers)
			}
		},
	}
}

type codeInput struct {
	ID   json.RawMessage `json:"id"`
	Date string          `json:"date"`
	Text string          `json:"text"`
}

// codeJSONL codes stdin in batches, in parallel, writing results in input
// order. A line that is not valid JSON gets an output line with an "error".
func codeJSONL(ctx context.Context, env *Env, c *coder, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	in := bufio.NewReaderSize(env.Stdin, 1<<20)
	out := bufio.NewWriterSize(env.Stdout, 1<<20)
	defer out.Flush()
	const batch = 512
	lines := make([][]byte, 0, batch)
	results := make([][]byte, batch)
	oks := make([]bool, batch)
	failed := false
	lineNo := 0
	flush := func() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(lines); i += workers {
					results[i], oks[i] = codeLine(c, lines[i], lineNo-len(lines)+i+1)
				}
			}()
		}
		wg.Wait()
		for i := range lines {
			failed = failed || !oks[i]
			out.Write(results[i])
			out.WriteByte('\n')
		}
		lines = lines[:0]
	}
	for {
		if err := ctx.Err(); err != nil {
			flush()
			return err
		}
		b, err := in.ReadBytes('\n')
		if len(b) > 0 {
			lineNo++
			if t := trimSpace(b); len(t) > 0 {
				lines = append(lines, t)
				if len(lines) == batch {
					flush()
				}
			}
		}
		if err != nil {
			break
		}
	}
	flush()
	if failed {
		return ErrFailed
	}
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// codeLine codes one input line and returns its output line, and false when
// the line could not be read (the output line then says why).
func codeLine(c *coder, line []byte, n int) ([]byte, bool) {
	var in codeInput
	if err := json.Unmarshal(line, &in); err != nil {
		b, _ := json.Marshal(map[string]any{"line": n, "error": fmt.Sprintf("line %d: not a JSON object: %v", n, err)})
		return b, false
	}
	pub := time.Now().UTC()
	if in.Date != "" {
		if t, ok := parseAnyDate(in.Date); ok {
			pub = t
		}
	}
	r := c.c.Code(code.Doc{ID: string(in.ID), Body: in.Text, Published: pub})
	o := codeOutput{ID: in.ID, Events: []codedEvent{}, Quotes: []codedQuote{}, Judgments: []codedJudgment{}, Notes: r.Notes}
	if len(o.ID) == 0 {
		o.ID = json.RawMessage("null")
	}
	off := newOffsets(in.Text)
	for _, e := range r.Events {
		o.Events = append(o.Events, eventOut(e, off))
	}
	for _, q := range r.Quotes {
		o.Quotes = append(o.Quotes, codedQuote{Speaker: q.Speaker.Code, SpeakerText: q.SpeakerText, Text: q.Text,
			Span: off.span(q.Span), Sentence: off.span(q.Sentence)})
	}
	for _, j := range r.Judgments {
		o.Judgments = append(o.Judgments, codedJudgment{Author: j.Author, Term: j.Term, Band: j.Band, Low: j.Low, High: j.High,
			Subject: j.Subject, Claim: j.Claim, Span: off.span(j.Span)})
	}
	b, _ := json.Marshal(o)
	return b, true
}

func parseAnyDate(s string) (time.Time, bool) {
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// offsets converts byte offsets into character (rune) offsets.
type offsets struct{ text string }

func newOffsets(text string) offsets { return offsets{text} }

func (o offsets) char(b int) int {
	b = max(0, min(b, len(o.text)))
	return utf8.RuneCountInString(o.text[:b])
}

func (o offsets) span(s event.Span) [2]int { return [2]int{o.char(s.Start), o.char(s.End)} }

type codeOutput struct {
	ID        json.RawMessage `json:"id"`
	Events    []codedEvent    `json:"events"`
	Quotes    []codedQuote    `json:"quotes"`
	Judgments []codedJudgment `json:"judgments"`
	Notes     []string        `json:"notes,omitempty"`
}

type codedActor struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

type codedEvent struct {
	Code       string     `json:"code"`
	Name       string     `json:"name,omitempty"`
	Root       string     `json:"root"`
	PLOVER     string     `json:"plover"`
	PLOVERMode string     `json:"plover_mode,omitempty"`
	Goldstein  float64    `json:"goldstein"`
	Quad       int        `json:"quad"`
	Source     codedActor `json:"source"`
	Target     codedActor `json:"target"`
	Date       string     `json:"date"`
	DateSource string     `json:"date_source"`
	DateText   string     `json:"date_text,omitempty"`
	Sentence   [2]int     `json:"sentence"`
	Trigger    string     `json:"trigger"`
	Pattern    string     `json:"pattern"`
	Confidence float64    `json:"confidence"`
}

func eventOut(e event.Event, off offsets) codedEvent {
	return codedEvent{Code: e.Code, Root: e.Root, PLOVER: e.PLOVER, PLOVERMode: e.PLOVERMode, Goldstein: e.Goldstein, Quad: e.Quad,
		Source: codedActor{e.Source.Code, e.Evidence.SourceText}, Target: codedActor{e.Target.Code, e.Evidence.TargetText},
		Date: e.Date.Format("2006-01-02"), DateSource: e.Evidence.DateSource, DateText: e.Evidence.DateText,
		Sentence: off.span(e.Evidence.Sentence), Trigger: e.Evidence.Trigger, Pattern: e.Evidence.Pattern, Confidence: e.Evidence.Confidence}
}

type codedQuote struct {
	Speaker     string `json:"speaker"`
	SpeakerText string `json:"speaker_text"`
	Text        string `json:"text"`
	Span        [2]int `json:"span"`
	Sentence    [2]int `json:"sentence"`
}

type codedJudgment struct {
	Author  string `json:"author"`
	Term    string `json:"term"`
	Band    string `json:"band"`
	Low     int    `json:"low,omitempty"`
	High    int    `json:"high,omitempty"`
	Subject string `json:"subject"`
	Claim   string `json:"claim"`
	Span    [2]int `json:"span"`
}
