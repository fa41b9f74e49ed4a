package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// coderVersion names the coder's rules; with the dictionaries' contents it
// makes the version recorded for each coded document, so that "georisk
// recode" knows what a dictionary change makes stale.
const coderVersion = "coder-1"

// coder is the event coder with its actor dictionary, as the CLI uses it.
type coder struct {
	dict    *actor.Dict
	c       *code.Coder
	cameo   *cameo.Table
	version string
}

// dictFlag declares --dict on fs.
func dictFlag(fs *flag.FlagSet) *stringList {
	var l stringList
	fs.Var(&l, "dict", "an extra actor dictionary (georisk or PETRARCH format); repeatable")
	return &l
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// newCoder loads the dictionaries and the coder.
func newCoder(dicts []string) (*coder, error) {
	d, err := actor.Load(dicts...)
	if err != nil {
		return nil, fmt.Errorf("loading actor dictionaries: %w", err)
	}
	find := func(sentence string, date time.Time, dst []code.ActorMatch) []code.ActorMatch {
		var buf [16]actor.Match
		for _, m := range d.Find(sentence, date, buf[:0]) {
			dst = append(dst, code.ActorMatch{Start: m.Start, End: m.End, Code: m.Code, Country: m.Country, Name: m.Name, Kind: code.ActorKind(m.Kind)})
		}
		return dst
	}
	c, err := code.New(code.Options{Actors: find})
	if err != nil {
		return nil, fmt.Errorf("loading the event coder: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(coderVersion))
	for _, p := range dicts {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		h.Write(b)
	}
	return &coder{dict: d, c: c, cameo: cameo.Load(), version: coderVersion + "-" + hex.EncodeToString(h.Sum(nil))[:12]}, nil
}

// codeDoc codes a stored or ingested document.
func (c *coder) codeDoc(d *event.Document) store.CodedDoc {
	pub := d.Published
	if pub.IsZero() {
		pub = d.IngestedAt
	}
	if pub.IsZero() {
		pub = time.Now().UTC()
	}
	r := c.c.Code(code.Doc{ID: d.Key, DocID: d.ID, Body: d.Body, Published: pub})
	out := store.CodedDoc{DocID: d.ID, Version: c.version}
	for i := range r.Events {
		out.Events = append(out.Events, &r.Events[i])
	}
	for i := range r.Quotes {
		out.Quotes = append(out.Quotes, &r.Quotes[i])
	}
	for i := range r.Judgments {
		out.Judgments = append(out.Judgments, &r.Judgments[i])
	}
	return out
}
