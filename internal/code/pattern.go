package code

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/cameo"
)

// Patterns is a compiled pattern dictionary: the phrases that trigger
// events, indexed by the word they start with. It is read-only after
// LoadPatterns and safe for concurrent use.
type Patterns struct {
	list  []*pattern
	vocab map[string]int32 // word form → id
	// anchors[id] lists the patterns whose first element can be the word
	// with that id.
	anchors [][]int32
}

// Len is the number of patterns.
func (p *Patterns) Len() int { return len(p.list) }

// Codes counts the patterns by CAMEO root ("11" → 42); null patterns are
// counted under "-".
func (p *Patterns) Codes() map[string]int {
	m := map[string]int{}
	for _, pt := range p.list {
		if pt.code == "" {
			m["-"]++
			continue
		}
		m[pt.code[:2]]++
	}
	return m
}

type elemKind uint8

const (
	elemWord elemKind = iota // one of a set of word forms
	elemGap                  // up to maxGap plain words
	elemTgt                  // an actor, taken as the target
	elemSrc                  // an actor, taken as the source
)

// maxGap is how many words a "*" may skip.
const maxGap = 5

type elem struct {
	kind     elemKind
	optional bool
	words    []int32 // vocabulary ids, for elemWord
}

// Pattern flags.
const (
	flagSpeech  uint16 = 1 << iota // a speech verb: source of reported speech and quotes
	flagRecip                      // reciprocal: compound subjects act on each other
	flagNoun                       // a nominal trigger ("the blockade")
	flagComp                       // takes a complement that refines the code ("threaten to attack")
	flagSwap                       // the subject is the target, the object the source
	flagBlame                      // "was responsible for": the speaker accuses the subject
	flagNoTgt                      // takes no target from its right
	flagDisplay                    // a launch: a show of force (150) unless aimed at a target
)

var flagNames = map[string]uint16{
	"speech":  flagSpeech,
	"recip":   flagRecip,
	"noun":    flagNoun,
	"comp":    flagComp,
	"swap":    flagSwap,
	"blame":   flagBlame,
	"notgt":   flagNoTgt,
	"display": flagDisplay,
}

type pattern struct {
	id    string
	code  string // "" for a null pattern
	elems []elem
	flags uint16
	conf  float64
	line  int
	text  string // the phrase as written, for errors and explanations
	// size ranks competing matches: required words count most.
	size int
}

func (p *pattern) has(f uint16) bool { return p.flags&f != 0 }

// LoadPatterns reads a pattern dictionary. name is used in error messages
// ("patterns.txt:12: unknown CAMEO code 999").
//
// # Format
//
// One pattern per line; blank lines and lines starting with # are ignored,
// and so is everything after " #" on a line:
//
//	ID  CODE  PHRASE...  [@FLAG...]
//
// ID is unique within the file (letters, digits, "." "_" "-"). CODE is a
// CAMEO event code as written in the CAMEO table ("111", "0231"), or "-" for
// a null pattern: a phrase that is not an event and keeps shorter patterns
// from firing on its words ("heart attack", "was met with").
//
// PHRASE is a sequence of elements matched against consecutive lowercased
// words; the first must be a word and is the anchor:
//
//	word      that word ("’" is read as "'")
//	a|b|c     any of the alternatives
//	word+     the word and its inflections: denounce+ matches denounces,
//	          denounced, denouncing; sanction+ matches sanctions
//	elem?     an optional element
//	*         up to 5 words that are not punctuation (an actor counts as one)
//	[TGT]     an actor (with an optional "the"), taken as the target
//	[SRC]     an actor, taken as the source
//
// FLAGS, each starting with @, say how roles are found:
//
//	@speech   a speech verb: its subject speaks the sentence's quotes and
//	          reported clauses; its event (010) is dropped when the sentence
//	          has a more specific one; it takes no target from its right
//	@recip    reciprocal: a compound subject with no object yields the
//	          event in both directions between each pair ("Japan and France
//	          held drills")
//	@noun     a noun: its source is the actor just before it ("China's
//	          blockade", "a Russian attack") or after "by"; its target follows
//	          of/on/against/with/to
//	@comp     takes a complement that refines the code: "threatened to
//	          impose sanctions" is 1312, "agreed to meet" 036
//	@swap     the subject is the target and the object the source
//	          ("received aid from")
//	@blame    "was responsible for": the speaker of the sentence accuses
//	          the subject
//	@notgt    takes no target from its right
//	@display  a launch: a show of force (150) unless it is aimed "at",
//	          "on" or "against" a target ("fired a missile into the sea"
//	          is 150, "fired missiles at Kyiv" an attack)
//	@conf=N   the confidence of its events, 0–1 (default 0.8)
//
// An unknown CAMEO code, an unknown flag, a duplicate ID or a malformed
// element is an error naming the file and line.
func LoadPatterns(name string, r io.Reader) (*Patterns, error) {
	tab := cameo.Load()
	ps := &Patterns{vocab: map[string]int32{}}
	ids := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, "\t#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want ID CODE PHRASE, got %q", name, n, strings.TrimSpace(line))
		}
		p := &pattern{id: f[0], line: n, conf: 0.8}
		if !validID(p.id) {
			return nil, fmt.Errorf("%s:%d: bad pattern id %q", name, n, p.id)
		}
		if prev, ok := ids[p.id]; ok {
			return nil, fmt.Errorf("%s:%d: pattern id %q already used on line %d", name, n, p.id, prev)
		}
		ids[p.id] = n
		if f[1] != "-" {
			if _, ok := tab.Lookup(f[1]); !ok || len(f[1]) < 3 {
				return nil, fmt.Errorf("%s:%d: unknown CAMEO code %q", name, n, f[1])
			}
			p.code = f[1]
		}
		var words []string
		sawFlag := false
		for _, tok := range f[2:] {
			if strings.HasPrefix(tok, "@") {
				if err := p.setFlag(tok[1:]); err != nil {
					return nil, fmt.Errorf("%s:%d: %w", name, n, err)
				}
				sawFlag = true
				continue
			}
			if sawFlag {
				return nil, fmt.Errorf("%s:%d: phrase element %q after flags", name, n, tok)
			}
			words = append(words, tok)
		}
		if len(words) == 0 {
			return nil, fmt.Errorf("%s:%d: empty phrase", name, n)
		}
		p.text = strings.Join(words, " ")
		for i, w := range words {
			e, err := ps.parseElem(w)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, err)
			}
			if i == 0 && (e.kind != elemWord || e.optional) {
				return nil, fmt.Errorf("%s:%d: phrase must start with a required word, not %q", name, n, w)
			}
			if e.kind == elemWord && !e.optional {
				p.size += 2
			} else if e.kind == elemWord {
				p.size++
			}
			p.elems = append(p.elems, e)
		}
		if last := p.elems[len(p.elems)-1]; last.kind == elemGap {
			return nil, fmt.Errorf("%s:%d: phrase ends with *", name, n)
		}
		ps.list = append(ps.list, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	ps.anchors = make([][]int32, len(ps.vocab))
	for i, p := range ps.list {
		for _, w := range p.elems[0].words {
			ps.anchors[w] = append(ps.anchors[w], int32(i))
		}
	}
	return ps, nil
}

func (p *pattern) setFlag(s string) error {
	if v, ok := strings.CutPrefix(s, "conf="); ok {
		c, err := strconv.ParseFloat(v, 64)
		if err != nil || c <= 0 || c > 1 {
			return fmt.Errorf("bad confidence %q: want a number in (0, 1]", v)
		}
		p.conf = c
		return nil
	}
	f, ok := flagNames[s]
	if !ok {
		return fmt.Errorf("unknown flag @%s", s)
	}
	p.flags |= f
	return nil
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (ps *Patterns) parseElem(w string) (elem, error) {
	var e elem
	if len(w) > 1 && strings.HasSuffix(w, "?") {
		e.optional = true
		w = w[:len(w)-1]
	}
	switch w {
	case "*":
		if e.optional {
			return e, fmt.Errorf("%q: a gap is already optional", w+"?")
		}
		e.kind = elemGap
		return e, nil
	case "[TGT]":
		e.kind = elemTgt
		return e, nil
	case "[SRC]":
		e.kind = elemSrc
		return e, nil
	}
	for alt := range strings.SplitSeq(w, "|") {
		infl := false
		if len(alt) > 1 && strings.HasSuffix(alt, "+") {
			infl = true
			alt = alt[:len(alt)-1]
		}
		alt = normWord(alt)
		if !plainWord(alt) {
			return e, fmt.Errorf("bad word %q in %q", alt, w)
		}
		forms := []string{alt}
		if infl {
			forms = inflections(alt)
		}
		for _, f := range forms {
			id := ps.id(f)
			if !containsID(e.words, id) {
				e.words = append(e.words, id)
			}
		}
	}
	return e, nil
}

// plainWord accepts lowercase letters, digits, apostrophes, hyphens and
// non-ASCII letters: what a token's key can hold.
func plainWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '\'', r == '-', r == '.', r > 127:
		default:
			return false
		}
	}
	return true
}

// normWord lowercases and writes typographic apostrophes as "'".
func normWord(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

func (ps *Patterns) id(w string) int32 {
	if id, ok := ps.vocab[w]; ok {
		return id
	}
	id := int32(len(ps.vocab))
	ps.vocab[w] = id
	return id
}

func containsID(s []int32, id int32) bool {
	for _, x := range s {
		if x == id {
			return true
		}
	}
	return false
}
