package code

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/text"
)

//go:embed patterns.txt
var defaultPatterns []byte

// DefaultPatterns returns the embedded pattern dictionary.
func DefaultPatterns() (*Patterns, error) {
	return LoadPatterns("patterns.txt", bytes.NewReader(defaultPatterns))
}

// Doc is one document to code.
type Doc struct {
	ID        string    // the caller's name for the document; the coder does not read it
	Body      string    // the text; spans in the result are byte offsets into it
	Published time.Time // resolves relative dates; the date of events the text does not date
	DocID     int64     // the stored document's id, copied into events, quotes and judgments
}

// Result is what the coder found in a document.
type Result struct {
	Events    []event.Event
	Quotes    []event.Quote
	Judgments []event.Judgment
	// Notes explain what was skipped or cut: "empty document",
	// "sentence 3: “did not attack” is negated; no event".
	Notes []string
}

// Options configure a Coder.
type Options struct {
	// Actors finds the actors of a sentence. Without it no actors are
	// found, so no events either; quotes lose their speakers, but
	// judgments are still found.
	Actors FindActors
	// Patterns is the pattern dictionary; nil means the embedded one.
	Patterns *Patterns
}

// Coder turns documents into events, quotes and judgments. It is safe for
// concurrent use: Code may be called from many goroutines at once.
type Coder struct {
	pats    *Patterns
	words   map[string]wordInfo
	tab     *cameo.Table
	actors  FindActors
	estim   []estimTerm
	weapons map[int32]string // word id → the code of an attack with that weapon
	pool    sync.Pool
}

// wordInfo is what the coder knows about a lowercased word form.
type wordInfo struct {
	id    int32 // word id; ids below len(Patterns.anchors) may anchor patterns
	class uint32
}

// Extra word classes computed at New.
const (
	wcPart uint32 = 1 << 31 // a past participle
)

// New returns a Coder. Everything the coder needs is precomputed here.
func New(opt Options) (*Coder, error) {
	pats := opt.Patterns
	if pats == nil {
		var err error
		if pats, err = DefaultPatterns(); err != nil {
			return nil, err
		}
	}
	c := &Coder{pats: pats, tab: cameo.Load(), actors: opt.Actors, words: map[string]wordInfo{}}
	for w, id := range pats.vocab {
		c.words[w] = wordInfo{id: id}
	}
	next := int32(len(pats.vocab))
	addWord := func(w string) wordInfo {
		wi, ok := c.words[w]
		if !ok {
			wi = wordInfo{id: next}
			next++
		}
		return wi
	}
	for w, cl := range wordClasses() {
		wi := addWord(w)
		wi.class |= cl
		c.words[w] = wi
	}
	for w, wi := range c.words {
		if participle(w) {
			wi.class |= wcPart
			c.words[w] = wi
		}
	}
	c.estim = make([]estimTerm, 0, len(estimTerms))
	for _, t := range estimTerms {
		e := estimTerm{band: t.band, lo: t.lo, hi: t.hi, kind: t.kind}
		for _, w := range strings.Fields(t.words) {
			wi := addWord(w)
			c.words[w] = wi
			e.words = append(e.words, wi.id)
		}
		c.estim = append(c.estim, e)
	}
	c.weapons = map[int32]string{}
	for _, w := range weaponWords {
		for _, f := range inflections(w.word) {
			wi := addWord(f)
			c.words[f] = wi
			c.weapons[wi.id] = w.code
		}
	}
	c.pool.New = func() any { return &state{c: c} }
	return c, nil
}

// Patterns returns the coder's pattern dictionary.
func (c *Coder) Patterns() *Patterns { return c.pats }

// Code finds the events, quotes and judgments of a document. It never
// fails: what it cannot read it skips, and says so in Result.Notes. It
// runs in time linear in the length of the body.
func (c *Coder) Code(d Doc) Result {
	st := c.pool.Get().(*state)
	defer c.pool.Put(st)
	st.reset(&d)
	if strings.TrimSpace(d.Body) == "" {
		st.res.Notes = append(st.res.Notes, "empty document")
		return st.res
	}
	st.checkText()
	st.quotes = findQuotes(d.Body, st.quotes[:0])
	st.sents = text.Sentences(d.Body, st.sents[:0])
	cutFrom, cutBytes := -1, 0
	prevEnd := 0
	for i, sp := range st.sents {
		if i > 0 && paragraphBreak(d.Body[prevEnd:sp.Start]) {
			st.para++
		}
		prevEnd = sp.End
		if sp.End-sp.Start >= text.MaxSentence*9/10 && !endsSentence(d.Body[sp.Start:sp.End]) {
			if cutFrom < 0 {
				cutFrom, cutBytes = i, 0
			}
			cutBytes += sp.End - sp.Start
		} else if cutFrom >= 0 {
			st.noteCut(cutFrom, i, cutBytes)
			cutFrom = -1
		}
		st.sentence(i, sp)
	}
	if cutFrom >= 0 {
		st.noteCut(cutFrom, len(st.sents), cutBytes)
	}
	st.emitQuotes()
	return st.res
}

func (st *state) noteCut(from, to, n int) {
	if to-from == 1 {
		st.note(from, fmt.Sprintf("%d bytes without a sentence boundary, cut at %d", n, text.MaxSentence))
		return
	}
	st.res.Notes = append(st.res.Notes, fmt.Sprintf("sentences %d–%d: %d bytes without a sentence boundary, cut into %d pieces of at most %d bytes",
		from+1, to, n, to-from, text.MaxSentence))
}

// note records a note about sentence i (numbered from 1 in the text).
func (st *state) note(i int, msg string) {
	st.res.Notes = append(st.res.Notes, "sentence "+strconv.Itoa(i+1)+": "+msg)
}

// endsSentence reports whether s ends with sentence punctuation, perhaps
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case '.', '!', '?', '…':
			return true
		case '"', '\'', '”', '’', ')', ']', '»':
			s = s[:len(s)-n]
			continue
		}
		return false
	}
	return false
}

// paragraphBreak reports whether the space between two sentences breaks a
// paragraph: a blank line, or a line break followed by indentation.
func paragraphBreak(gap string) bool {
	i := strings.IndexByte(gap, '\n')
	if i < 0 {
		return strings.ContainsRune(gap, '\u2029')
	}
	rest := gap[i+1:]
	return strings.IndexByte(rest, '\n') >= 0 || strings.HasPrefix(rest, "\t") || strings.HasPrefix(rest, "  ")
}

// checkText notes a body that is not English prose: binary junk or another
// script. It reads the body once.
func (st *state) checkText() {
	body := st.doc.Body
	var bad, latin, other, total int
	for i := 0; i < len(body); {
		c := body[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				latin++
			case c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f:
				bad++
			}
			total++
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(body[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case unicode.IsLetter(r):
			if r < 0x250 {
				latin++
			} else {
				other++
			}
		}
		total++
		i += n
	}
	switch {
	case bad*20 > total:
		st.res.Notes = append(st.res.Notes, fmt.Sprintf("document looks binary: %d of %d characters are control characters or invalid UTF-8", bad, total))
	case other > latin:
		st.res.Notes = append(st.res.Notes, fmt.Sprintf("document is mostly in a non-Latin script (%d of %d letters); the patterns are English", other, other+latin))
	case latin == 0:
		st.res.Notes = append(st.res.Notes, "document has no words")
	}
}
