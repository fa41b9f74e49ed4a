package code

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/georisk/georisk/internal/event"
)

const (
	// opaqueWords is the length from which a quotation is the speaker's
	// own words; shorter ones ("an “interest trade”") are part of the
	// sentence.
	opaqueWords = 4
	// quoteWords is the length from which a quotation is reported as a
	// Quote.
	quoteWords = 2
	// maxQuote bounds a quotation: an opening mark with no close within
	// it is a stray mark.
	maxQuote = 4000
)

// quoteSpan is a quotation in the body, in byte offsets: the opening mark
// at open, the quoted words [start, end), the closing mark ending at close.
type quoteSpan struct {
	open, start, end, close int
	words                   int
	speaker                 role
	found                   bool
	sent                    int // the sentence of the opening mark
	sentSpan                event.Span
	date                    time.Time
}

// findQuotes finds the quotations of a body: “…”, «…», "…" and ‘…’ when the
// single marks are clearly quotation marks (an opening ‘ before a word, a
// closing ’ not followed by a letter, so that "China’s" is no quotation). A
// quotation left open at the end of a paragraph ends there, as news
// writing continues long quotes in the next paragraph with a new mark. It
// runs in linear time.
func findQuotes(body string, dst []quoteSpan) []quoteSpan {
	var (
		open   = -1 // offset of the opening mark
		start  int  // offset after it
		closer rune // the mark that closes it
	)
	add := func(end, close int) {
		if end > start {
			q := quoteSpan{open: open, start: start, end: end, close: close}
			q.words = countWords(body[start:end])
			dst = append(dst, q)
		}
		open = -1
	}
	for i := 0; i < len(body); {
		r, n := rune(body[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(body[i:])
		}
		if open >= 0 && i-start > maxQuote {
			open = -1 // a stray mark
		}
		switch {
		case r == '\n' && open >= 0 && paragraphEnd(body, i):
			add(trimSpaceRight(body, start, i), i)
		case open >= 0 && r == closer && (r != '’' || !letterAt(body, i+n)):
			add(i, i+n)
		case open >= 0 && r == '"' && closer == '"':
			add(i, i+n)
		case open < 0:
			switch r {
			case '“', '„':
				open, start, closer = i, i+n, '”'
			case '«':
				open, start, closer = i, i+n, '»'
			case '‘':
				if !letterBefore(body, i) && letterAt(body, i+n) {
					open, start, closer = i, i+n, '’'
				}
			case '"':
				if !letterBefore(body, i) && i+n < len(body) && !isSpaceByte(body[i+n]) {
					open, start, closer = i, i+n, '"'
				}
			}
		}
		i += n
	}
	if open >= 0 {
		add(trimSpaceRight(body, start, len(body)), len(body))
	}
	return dst
}

// paragraphEnd reports whether the line break at i ends a paragraph.
func paragraphEnd(body string, i int) bool {
	rest := body[i+1:]
	return len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\t' || len(rest) > 1 && rest[0] == ' ' && rest[1] == ' ' ||
		len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n')
}

func trimSpaceRight(s string, lo, hi int) int {
	for hi > lo && isSpaceByte(s[hi-1]) {
		hi--
	}
	return hi
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func letterBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// countWords counts the runs of letters or digits in s.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// attributeQuotes finds the speakers of the quotations that open or close
// in the current sentence: the source of the nearest trigger before the
// opening mark ("China's Mission warned, “…”", "accused NATO of “…”"), or
// of the speech verb after the closing mark (`“…,” the ministry said`).
func (st *state) attributeQuotes() {
	lo, hi := st.off, st.off+len(st.s)
	for qi := range st.quotes {
		q := &st.quotes[qi]
		if q.close <= lo {
			continue
		}
		if q.open >= hi {
			break
		}
		if q.open >= lo && q.sentSpan == (event.Span{}) {
			q.sent = st.idx
			q.sentSpan = event.Span{Start: lo, End: hi}
			q.date = st.pub
		}
		if q.found {
			continue
		}
		if q.open >= lo {
			at := st.tokenAt(q.open - lo)
			for i := len(st.trigs) - 1; i >= 0; i-- {
				t := &st.trigs[i]
				if t.t1 > at || t.p.code == "" {
					continue
				}
				if src := st.trigSource(i); src >= 0 {
					q.speaker, q.found = st.acts[src].role, true
					break
				}
			}
		}
		if !q.found && q.close > lo && q.close <= hi {
			at := st.tokenAt(q.close - lo)
			for i := range st.trigs {
				t := &st.trigs[i]
				if t.t0 < at || !t.p.has(flagSpeech) {
					continue
				}
				if src := st.trigSource(i); src >= 0 {
					q.speaker, q.found = st.acts[src].role, true
				}
				break
			}
		}
	}
}

// trigSource returns the source of trigger i, or of the head that absorbed
// it.
func (st *state) trigSource(i int) int {
	t := &st.trigs[i]
	if t.absorbed && i > 0 {
		return st.trigs[i-1].src
	}
	return t.src
}

// emitQuotes reports the document's quotations.
func (st *state) emitQuotes() {
	body := st.doc.Body
	for i := range st.quotes {
		q := &st.quotes[i]
		if q.words < quoteWords {
			continue
		}
		eq := event.Quote{
			DocID:    st.doc.DocID,
			Text:     body[q.start:q.end],
			Span:     event.Span{Start: q.start, End: q.end},
			Sentence: q.sentSpan,
			Date:     q.date,
		}
		if eq.Date.IsZero() {
			eq.Date = st.pub
		}
		if q.found {
			eq.Speaker = q.speaker.eventActor()
			eq.SpeakerText = q.speaker.text
		}
		st.res.Quotes = append(st.res.Quotes, eq)
	}
}
