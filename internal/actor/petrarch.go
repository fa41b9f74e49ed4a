package actor

import (
	"fmt"
	"strings"
	"time"
)

// petrarchEntry is an entry of a PETRARCH dictionary being read: a name
// line, its +synonyms and its [code] lines.
type petrarchEntry struct {
	line  int
	names []string
	codes []petrarchCode
}

type petrarchCode struct {
	code     string
	agent    bool // [~GOV]
	dated    bool
	from, to int32
}

// parsePetrarch reads a PETRARCH/Phoenix actor or agent dictionary:
//
//	# comment
//	DONALD_TRUMP_            a name, words joined by "_", ending in "_"
//	+TRUMP_                  a synonym of the name above
//	[USAELI <170120]         a code, before 2017-01-20
//	[USAGOV >170120]         a code from 2017-01-20 on
//	[AFGGOV 920628-960927]   a code between two days (both included)
//	KABUL_ [AFGGOV]          a name with its code on one line
//	PRESIDENT_ [~GOV]        an agent (in agent dictionaries)
//
// Dates are YYMMDD; years 00–49 are 2000–2049. A name with dated codes is a
// person; an undated code next to dated ones is their code at other times.
func (b *builder) parsePetrarch(file, text string) error {
	var cur *petrarchEntry
	flush := func() error {
		if cur == nil {
			return nil
		}
		e := cur
		cur = nil
		if err := b.addPetrarch(e); err != nil {
			return errorf(file, e.line, "%v", err)
		}
		return nil
	}
	n := 0
	comment := false
	for line := range strings.Lines(text) {
		n++
		if comment {
			if _, after, ok := strings.Cut(line, "-->"); ok {
				comment = false
				line = after
			} else {
				continue
			}
		}
		if before, _, ok := strings.Cut(line, "<!--"); ok {
			if !strings.Contains(line, "-->") {
				comment = true
			}
			line = before
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		switch line[0] {
		case '+':
			if cur == nil {
				return errorf(file, n, "synonym %q before any name", line)
			}
			name, codes, err := petrarchLine(line[1:])
			if err != nil {
				return errorf(file, n, "%v", err)
			}
			if name == "" || len(codes) > 0 {
				return errorf(file, n, "want +NAME_ with no code")
			}
			cur.names = append(cur.names, name)
		case '[':
			if cur == nil {
				return errorf(file, n, "code %q before any name", line)
			}
			_, codes, err := petrarchLine(line)
			if err != nil {
				return errorf(file, n, "%v", err)
			}
			cur.codes = append(cur.codes, codes...)
		default:
			if err := flush(); err != nil {
				return err
			}
			name, codes, err := petrarchLine(line)
			if err != nil {
				return errorf(file, n, "%v", err)
			}
			if name == "" {
				return errorf(file, n, "want NAME_ [CODE]")
			}
			cur = &petrarchEntry{line: n, names: []string{name}, codes: codes}
		}
	}
	if comment {
		return errorf(file, n, "unclosed <!-- comment")
	}
	return flush()
}

// petrarchLine reads "NAME_ [CODE] [CODE…]" (the name may be missing) and
// returns the name with spaces for underscores.
func petrarchLine(line string) (string, []petrarchCode, error) {
	name := line
	var codes []petrarchCode
	if i := strings.IndexByte(line, '['); i >= 0 {
		name = strings.TrimSpace(line[:i])
		rest := line[i:]
		for rest != "" {
			if rest[0] != '[' {
				return "", nil, fmt.Errorf("unexpected %q after a code", rest)
			}
			j := strings.IndexByte(rest, ']')
			if j < 0 {
				return "", nil, fmt.Errorf("unclosed [ in %q", line)
			}
			c, err := parsePetrarchCode(rest[1:j])
			if err != nil {
				return "", nil, err
			}
			codes = append(codes, c)
			rest = strings.TrimSpace(rest[j+1:])
		}
	}
	if name == "" {
		return "", codes, nil
	}
	if strings.ContainsAny(name, " \t") {
		return "", nil, fmt.Errorf("name %q has a space: words are joined by _", name)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 0x80 && !isLetter(c) && !('0' <= c && c <= '9') && !strings.ContainsRune("_.'-&", rune(c)) {
			return "", nil, fmt.Errorf("name %q has %q", name, c)
		}
	}
	words := strings.Fields(strings.ReplaceAll(name, "_", " "))
	if len(words) == 0 {
		return "", nil, fmt.Errorf("name %q has no words", name)
	}
	return strings.Join(words, " "), codes, nil
}

func parsePetrarchCode(s string) (petrarchCode, error) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return petrarchCode{}, fmt.Errorf("want [CODE] or [CODE DATES], got [%s]", s)
	}
	c := petrarchCode{code: f[0], from: minDay, to: maxDay}
	if strings.HasPrefix(c.code, "~") || strings.HasSuffix(c.code, "~") {
		c.agent = true
		c.code = strings.Trim(c.code, "~")
	}
	if !isCode(c.code, 3) {
		return petrarchCode{}, fmt.Errorf("bad code %q: want upper-case letters in groups of three", f[0])
	}
	if len(f) == 1 {
		return c, nil
	}
	if c.agent {
		return petrarchCode{}, fmt.Errorf("agent code [%s] cannot have dates", s)
	}
	c.dated = true
	d := f[1]
	var err error
	switch {
	case strings.HasPrefix(d, "<"):
		c.to, err = yymmdd(d[1:])
	case strings.HasPrefix(d, ">"):
		c.from, err = yymmdd(d[1:])
	default:
		a, z, ok := strings.Cut(d, "-")
		if !ok {
			return petrarchCode{}, fmt.Errorf("bad dates %q: want YYMMDD-YYMMDD, <YYMMDD or >YYMMDD", d)
		}
		if c.from, err = yymmdd(a); err == nil {
			c.to, err = yymmdd(z)
			c.to++ // the last day is included
		}
	}
	if err != nil {
		return petrarchCode{}, err
	}
	if c.from >= c.to {
		return petrarchCode{}, fmt.Errorf("dates %q end before they start", d)
	}
	return c, nil
}

func yymmdd(s string) (int32, error) {
	if len(s) != 6 {
		return 0, fmt.Errorf("bad date %q: want YYMMDD", s)
	}
	t, err := time.Parse("060102", s)
	if err != nil {
		return 0, fmt.Errorf("bad date %q: want YYMMDD", s)
	}
	return dayOf(t), nil
}

// petrarchPlace checks an actor code from a PETRARCH dictionary and returns
// its country or IGO, declaring it if new (historical codes such as SUN or
// YUG). After the country, the first three letters must be a CAMEO agent
// code; further groups are CAMEO organisation codes (parties, groups) and
// are kept as they are.
func (b *builder) petrarchPlace(code, name string) (string, error) {
	d := b.d
	if pi, rest, ok := d.splitCode(code); ok {
		if pi >= 0 {
			return d.places[pi].code, nil
		}
		_ = rest
		return "", nil
	}
	var place string
	rest := code
	if strings.HasPrefix(code, "IGO") {
		for i := len(code); i >= 6; i -= 3 {
			if p, ok := d.placeIx[code[:i]]; ok && d.places[p].igo {
				place = code[:i]
				break
			}
		}
		if place == "" {
			place = code[:min(len(code), 9)]
			b.addPlace(place, name, true)
		}
		rest = code[len(place):]
	} else if _, ok := d.agentIx[code[:3]]; ok {
		rest = code // IMGMUSISI: agent codes first
		if _, ok := d.agentIx[rest[:3]]; ok {
			return "", nil
		}
	} else {
		place = code[:3]
		if _, ok := d.placeIx[place]; !ok {
			b.addPlace(place, name, false)
		}
		rest = code[3:]
	}
	if len(rest) >= 3 {
		if _, ok := d.agentIx[rest[:3]]; !ok {
			return "", fmt.Errorf("unknown CAMEO agent code %q in %q", rest[:3], code)
		}
	}
	return place, nil
}

func (b *builder) addPetrarch(e *petrarchEntry) error {
	if len(e.codes) == 0 {
		return fmt.Errorf("%q has no code", e.names[0])
	}
	if e.codes[0].agent {
		for _, c := range e.codes {
			if !c.agent {
				return fmt.Errorf("%q mixes agent and actor codes", e.names[0])
			}
		}
		if len(e.codes) > 1 || len(e.codes[0].code) != 3 {
			return fmt.Errorf("%q: want one agent code [~XXX]", e.names[0])
		}
		ai, ok := b.d.agentIx[e.codes[0].code]
		if !ok {
			return fmt.Errorf("unknown CAMEO agent code %q", e.codes[0].code)
		}
		for _, name := range e.names {
			b.addName(name, e.codes[0].code)
			if err := b.addPhrase(name, mAny, entry{kind: eAgent, ref: ai}); err != nil {
				return err
			}
		}
		return nil
	}
	display := titleCase(e.names[0])
	dated := false
	for _, c := range e.codes {
		if c.agent {
			return fmt.Errorf("%q mixes agent and actor codes", e.names[0])
		}
		dated = dated || c.dated
	}
	if !dated {
		c := e.codes[0].code
		ctry, err := b.petrarchPlace(c, display)
		if err != nil {
			return err
		}
		if pi, ok := b.d.placeIx[c]; ok {
			for _, name := range e.names {
				b.addName(name, c)
				if err := b.addPhrase(name, mCap, entry{kind: eName, ref: pi}); err != nil {
					return err
				}
			}
			return nil
		}
		kind := Agent
		if ctry == "" {
			kind = Group
		}
		ai := int32(len(b.d.actors))
		b.d.actors = append(b.d.actors, named{code: c, country: ctry, name: display, kind: kind})
		for _, name := range e.names {
			b.addName(name, c)
			if err := b.addPhrase(name, mCap, entry{kind: eActor, ref: ai}); err != nil {
				return err
			}
		}
		return nil
	}
	p := person{name: display, country: -1}
	for _, c := range e.codes {
		ctry, err := b.petrarchPlace(c.code, display)
		if err != nil {
			return err
		}
		if !c.dated {
			if p.def.code == "" {
				p.def = compCode{code: c.code, name: display, country: ctry}
			}
			continue
		}
		p.roles = append(p.roles, role{from: c.from, to: c.to, code: c.code, country: ctry})
	}
	return b.addPerson(p, e.names, mCap)
}

// titleCase turns "DONALD J. TRUMP" into "Donald J. Trump".
func titleCase(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == ' ' || c == '-' || c == '.' || c == '\''
	}
	return string(b)
}
