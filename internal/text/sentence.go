package text

// Sentence is one sentence of a text: the byte offsets [Start, End) into the
// text, trimmed of surrounding space.
type Sentence struct{ Start, End int }

// MaxSentence is the longest sentence [Sentences] returns, in bytes. A longer
// run of text without a sentence boundary (a table, a list of names, junk) is
// cut at the last space before the limit, or, when there is none, at the last
// character boundary before it.
const MaxSentence = 2000

// Sentences appends the sentences of text to dst and returns it. The
// sentences are in order, do not overlap, start and end on a non-space
// character, and together cover every non-space character of text. Space
// means ASCII white space, U+00A0, U+2000–U+200A, U+2028, U+2029, U+202F,
// U+3000 and U+FEFF.
//
// Sentences runs in time linear in len(text) and allocates only when dst
// has to grow.
//
// A sentence ends:
//
//   - after ".", "!", "?", "...", "…" and the Arabic, Urdu and Devanagari
//     marks "؟", "۔", "।", "॥", together with any closing quotes and brackets
//     that follow (`response.”`, `(see map.)`), when space or the end of the
//     text follows and the next word does not start with a lower-case letter
//     (`"Are you sure?" he asked.` is one sentence);
//   - after the Chinese and Japanese "。", "！", "？" and "｡", with any closers,
//     whatever follows, except that a quotation closed by 」 or 』 and
//     followed by more text (「…した。」と述べた) runs on;
//   - at a blank line, at U+2029, at a line break followed by a tab, two or
//     more spaces (the first line of a newswire paragraph) or a list item
//     ("• ", or "- " or "* " before a capital or a digit), and at the end
//     of a line with a tab or three spaces in it (a table row);
//   - at a line break after a line in capitals that began the sentence, when
//     the next line has lower-case letters: the headline "NATO LEADERS MEET IN
//     VILNIUS" above its story is a sentence of its own;
//   - at MaxSentence bytes.
//
// A single line break is otherwise a space: the lines of a hard-wrapped
// newswire paragraph join up, and a line ends its sentence only when its
// last word does by the rules above.
//
// A period does not end a sentence inside a word or number ("3.5",
// "U.S.-led", "example.com") nor after a title or a similar abbreviation
// ("Gen.", "Mr.", "Sen.", "Dr.", "St.", "e.g.", "i.e.", "vs."); nor after
// "No.", "Art." and the like, or an abbreviated month ("Jan.", "Sept."), when
// a number follows. After "U.S." and other dotted abbreviations ("a.m.",
// "U.N."), an initial ("J. Biden") or a company or address word ("Inc.",
// "Co.", "Dept.", "Jr."), it ends the sentence only when the next word
// usually opens one ("The", "It", "He", "But"…): "in the U.S. The talks"
// splits, "the U.S. Navy" does not. After "Inc.", "Corp.", "Ltd." and "Plc."
// it ends the sentence unless more of the name follows ("Co. Ltd.", "Inc.
// Chief Executive"). The heuristics err towards keeping names whole.
func Sentences(text string, dst []Sentence) []Sentence {
	sp := splitter{text: text, dst: dst, st: -1}
	sp.run()
	return sp.dst
}

// Byte classes of the splitter's main loop.
const (
	cWord  = iota // part of a word, or punctuation that never ends a sentence
	cSpace        // ASCII horizontal space and \r
	cNL           // \n
	cTerm         // . ! ?
	cLead         // first byte of a multi-byte space, terminator or ellipsis
)

var class = func() (t [256]uint8) {
	for _, c := range " \t\r\v\f" {
		t[c] = cSpace
	}
	t['\n'] = cNL
	t['.'], t['!'], t['?'] = cTerm, cTerm, cTerm
	for _, c := range []byte{0xC2, 0xD8, 0xDB, 0xE0, 0xE2, 0xE3, 0xEF} {
		t[c] = cLead
	}
	return t
}()

// splitter holds the state of one call to Sentences.
type splitter struct {
	text string
	dst  []Sentence
	st   int  // start of the current sentence, -1 between sentences
	end  int  // end of the last non-space byte of the current sentence
	brk  int  // end of the text before the sentence's last run of space
	ws   int  // start of the word after that space: the current word
	ls   int  // start of the current line
	wide bool // whether the current line has a wide gap after some text
}

func (s *splitter) run() {
	t := s.text
	n := len(t)
	for i := 0; i < n; {
		switch class[t[i]] {
		case cWord:
			j := i + 1
			for j < n && class[t[j]] == cWord {
				j++
			}
			s.add(i, j)
			i = j
		case cSpace:
			j, tab := i+1, t[i] == '\t'
			for j < n && class[t[j]] == cSpace {
				tab = tab || t[j] == '\t'
				j++
			}
			if s.st >= 0 && s.end > s.ls && (j-i >= 3 || tab) {
				s.wide = true // a table row
			}
			i = j
		case cNL:
			i = s.newline(i)
		case cTerm:
			i = s.term(i)
		default:
			i = s.lead(i)
		}
	}
	if s.st >= 0 {
		s.flush(s.end)
	}
}

// add adds the non-space bytes [i, j) to the current sentence, starting one
// if there is none, and cuts the sentence if it grows past MaxSentence.
func (s *splitter) add(i, j int) {
	switch {
	case s.st < 0:
		s.st, s.ws, s.brk = i, i, i
	case s.end < i:
		s.brk, s.ws = s.end, i
	}
	s.end = j
	for j-s.st > MaxSentence {
		s.cut()
	}
}

// cut ends the current sentence before MaxSentence: at its last space, or
// in the middle of its only word at a character boundary.
func (s *splitter) cut() {
	if s.ws > s.st {
		s.dst = append(s.dst, Sentence{s.st, s.brk})
		s.st, s.brk = s.ws, s.ws
		return
	}
	e := s.st + MaxSentence
	for k := 0; k < 3 && e > s.st+1 && s.text[e]&0xC0 == 0x80; k++ {
		e--
	}
	s.dst = append(s.dst, Sentence{s.st, e})
	s.st, s.ws, s.brk = e, e, e
}

// flush ends the current sentence at end.
func (s *splitter) flush(end int) {
	if end > s.st {
		s.dst = append(s.dst, Sentence{s.st, end})
	}
	s.st = -1
}

// lead handles a byte that may start a multi-byte space or terminator.
func (s *splitter) lead(i int) int {
	t := s.text
	if n := spaceLen(t, i); n > 0 {
		if n == 3 && t[i] == 0xE2 && t[i+2] == 0xA9 && s.st >= 0 { // U+2029
			s.flush(s.end)
		}
		return i + n
	}
	switch n, kind := termLen(t, i); kind {
	case termCJK:
		return s.cjk(i, i+n)
	case termOther, termDots:
		return s.term(i)
	}
	s.add(i, i+1)
	return i + 1
}

// Kinds of terminators.
const (
	termNone  = iota
	termDot   // .
	termDots  // ... or …
	termOther // ! ? ؟ ۔ । ॥
	termCJK   // 。 ！ ？ ｡
)

// termLen returns the length and kind of the terminator at t[i], if any.
func termLen(t string, i int) (int, int) {
	switch c := t[i]; c {
	case '.':
		return 1, termDot
	case '!', '?':
		return 1, termOther
	case 0xD8, 0xDB:
		if i+1 < len(t) && (c == 0xD8 && t[i+1] == 0x9F || c == 0xDB && t[i+1] == 0x94) {
			return 2, termOther // ؟ ۔
		}
	case 0xE0, 0xE2, 0xE3, 0xEF:
		if i+2 >= len(t) {
			return 0, termNone
		}
		switch t[i : i+3] {
		case "…":
			return 3, termDots
		case "।", "॥":
			return 3, termOther
		case "。", "！", "？", "｡":
			return 3, termCJK
		}
	}
	return 0, termNone
}

// spaceLen returns the length of the space character at t[i], or 0.
func spaceLen(t string, i int) int {
	switch c := t[i]; c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return 1
	case 0xC2:
		if i+1 < len(t) && t[i+1] == 0xA0 {
			return 2
		}
	case 0xE2, 0xE3, 0xEF:
		if i+2 >= len(t) {
			return 0
		}
		b1, b2 := t[i+1], t[i+2]
		switch {
		case c == 0xE2 && b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF),
			c == 0xE3 && b1 == 0x80 && b2 == 0x80,
			c == 0xEF && b1 == 0xBB && b2 == 0xBF:
			return 3
		}
	}
	return 0
}

// closerLen returns the length of the closing quote or bracket at t[i], or 0.
func closerLen(t string, i int) int {
	switch t[i] {
	case '"', '\'', ')', ']', '}':
		return 1
	case 0xC2:
		if i+1 < len(t) && t[i+1] == 0xBB { // »
			return 2
		}
	case 0xE2, 0xE3, 0xEF:
		if i+2 < len(t) {
			switch t[i : i+3] {
			case "”", "’", "›", "」", "』", "】", "）", "〕", "〉", "》", "＂":
				return 3
			}
		}
	}
	return 0
}

// openerLen returns the length of the opening quote or bracket at t[i], or 0.
func openerLen(t string, i int) int {
	switch t[i] {
	case '"', '\'', '(', '[', '{':
		return 1
	case 0xC2:
		if i+1 < len(t) && t[i+1] == 0xAB { // «
			return 2
		}
	case 0xE2:
		if i+2 < len(t) {
			switch t[i : i+3] {
			case "“", "‘", "‹", "„":
				return 3
			}
		}
	}
	return 0
}

// cjk ends the sentence after the CJK terminator t[i:j], more terminators
// and closers, unless a Japanese closing bracket follows and text goes on
// after it: in 「訓練は成功した。」と述べた the quotation is part of the
// sentence.
func (s *splitter) cjk(i, j int) int {
	t := s.text
	corner := false
	for j < len(t) {
		if n, kind := termLen(t, j); kind != termNone {
			j += n
		} else if n := closerLen(t, j); n > 0 {
			corner = corner || n == 3 && (t[j:j+3] == "」" || t[j:j+3] == "』")
			j += n
		} else {
			break
		}
	}
	s.add(i, j)
	if corner && j < len(t) && spaceLen(t, j) == 0 {
		return j
	}
	s.flush(j)
	return j
}

// term decides whether the run of terminators starting at t[i] ends the
// sentence.
func (s *splitter) term(i int) int {
	t := s.text
	n := len(t)
	// The word before the terminators, for abbreviations.
	var w string
	if s.st >= 0 && s.end == i {
		w = t[s.ws:i]
	}
	j := i
	for j < n {
		l, k := termLen(t, j)
		if k == termNone || k == termCJK {
			break
		}
		j += l
	}
	period := j == i+1 && t[i] == '.'
	k := j
	for k < n {
		l := closerLen(t, k)
		if l == 0 {
			break
		}
		k += l
	}
	if k < n && spaceLen(t, k) == 0 {
		// Inside a word or a number: "3.5", "U.S.-led", `?"—`.
		s.add(i, j)
		return j
	}
	if !s.ends(w, period, k) {
		s.add(i, j)
		return j
	}
	s.add(i, k)
	s.flush(k)
	return k
}

// ends decides whether terminators ending at k, where space or the end of
// the text follows, end the sentence. w is the word before them and period
// says they are a single period.
func (s *splitter) ends(w string, period bool, k int) bool {
	t := s.text
	n := len(t)
	for k < n {
		l := spaceLen(t, k)
		if l == 0 {
			break
		}
		k += l
	}
	for k < n {
		l := openerLen(t, k)
		if l == 0 {
			break
		}
		k += l
	}
	if k >= n {
		return true
	}
	c := t[k]
	if isLower(c) {
		return false
	}
	if !period || len(w) > 24 {
		return true
	}
	// Strip opening punctuation and a hyphenated prefix: `"Gen`, "(U.S",
	// "pro-U.S".
	for len(w) > 0 {
		if l := openerLen(w, 0); l > 0 {
			w = w[l:]
			continue
		}
		break
	}
	for x := len(w) - 1; x >= 0; x-- {
		if w[x] == '-' {
			w = w[x+1:]
			break
		}
	}
	switch abbrev(w) {
	case abTitle:
		return false
	case abNum:
		return !isDigit(c)
	case abMonth:
		return !isDigit(c) && starter(nextWord(t, k))
	case abSuffix:
		return starter(nextWord(t, k))
	case abCorp:
		return !nameGoesOn(nextWord(t, k))
	}
	return true
}

// nextWord returns the ASCII letters starting at t[k], at most 12 of them.
func nextWord(t string, k int) string {
	e := k
	for e < len(t) && e-k <= 12 && isLetter(t[e]) {
		e++
	}
	return t[k:e]
}

// newline handles the line break at t[i].
func (s *splitter) newline(i int) int {
	t := s.text
	n := len(t)
	line, wide := s.ls, s.wide
	s.ls, s.wide = i+1, false
	if s.st < 0 {
		return i + 1
	}
	j, indent, tab := i+1, 0, false
loop:
	for j < n {
		switch t[j] {
		case ' ':
			indent++
		case '\t':
			tab = true
		case '\r', '\v', '\f':
		default:
			break loop
		}
		j++
	}
	if j >= n {
		return i + 1
	}
	switch {
	case t[j] == '\n',
		indent >= 2 || tab || wide,
		bullet(t, j),
		s.st >= line && headline(t[line:i]) && hasLower(t, j):
		s.flush(s.end)
	}
	return i + 1
}

// bullet reports whether a list item starts at t[j]: "•", or "-" or "*"
// and a space before a capital, a digit or an opening quote or bracket.
func bullet(t string, j int) bool {
	if j+2 >= len(t) {
		return false
	}
	if t[j:j+3] == "•" {
		return true
	}
	if (t[j] == '-' || t[j] == '*') && t[j+1] == ' ' {
		c := t[j+2]
		return isUpper(c) || isDigit(c) || openerLen(t, j+2) > 0
	}
	return false
}

// headline reports whether line is in capitals: two or more capital
// letters and no lower-case ASCII letter.
func headline(line string) bool {
	upper := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		if isLower(c) {
			return false
		}
		if isUpper(c) {
			upper++
		}
	}
	return upper >= 2
}

// hasLower reports whether the line starting at t[j] has a lower-case ASCII
// letter in its first 200 bytes.
func hasLower(t string, j int) bool {
	for e := min(len(t), j+200); j < e && t[j] != '\n'; j++ {
		if isLower(t[j]) {
			return true
		}
	}
	return false
}
