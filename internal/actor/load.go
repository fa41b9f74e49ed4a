package actor

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/georisk/georisk/internal/source/acled/country"
)

//go:generate cp ../source/acled/country/countries.tsv data/iso3166.tsv

//go:embed data/*.txt data/iso3166.tsv data/people/*.txt
var dataFS embed.FS

// The embedded files, in the order they are read: agent codes first, then
// places, then what refers to them.
var embeddedOrder = []string{"codes.txt", "iso3166.tsv", "countries.txt", "igos.txt", "agents.txt", "actors.txt", "nonactors.txt"}

// Load reads the embedded dictionaries, then any extra files: georisk's
// own format, or PETRARCH/Phoenix actor and agent dictionaries, told apart
// by their content. Entries in later files add to the earlier ones, and a
// phrase written the same way replaces the earlier meaning. Errors name the
// file and line.
func Load(extra ...string) (*Dict, error) {
	files := make([]namedText, 0, len(extra))
	for _, name := range extra {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading actor dictionary: %w", err)
		}
		files = append(files, namedText{name, string(b)})
	}
	return load(files)
}

// LoadReaders is [Load] with the extra files given as name → content. They
// are read in the order of their names.
func LoadReaders(extra map[string]io.Reader) (*Dict, error) {
	names := make([]string, 0, len(extra))
	for name := range extra {
		names = append(names, name)
	}
	sort.Strings(names)
	files := make([]namedText, 0, len(extra))
	for _, name := range names {
		b, err := io.ReadAll(extra[name])
		if err != nil {
			return nil, fmt.Errorf("reading actor dictionary %s: %w", name, err)
		}
		files = append(files, namedText{name, string(b)})
	}
	return load(files)
}

type namedText struct{ name, text string }

func load(extra []namedText) (*Dict, error) {
	b := newBuilder()
	b.d.iso = country.Load()
	for _, name := range embeddedOrder {
		text, err := fs.ReadFile(dataFS, "data/"+name)
		if err != nil {
			return nil, err
		}
		if name == "iso3166.tsv" {
			err = b.loadISO(name, string(text))
		} else {
			err = b.parse(name, string(text))
		}
		if err != nil {
			return nil, err
		}
	}
	people, err := fs.Glob(dataFS, "data/people/*.txt")
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		text, err := fs.ReadFile(dataFS, p)
		if err != nil {
			return nil, err
		}
		if err := b.parse(path.Join("people", path.Base(p)), string(text)); err != nil {
			return nil, err
		}
	}
	for _, f := range extra {
		var err error
		if isPetrarch(f.text) {
			err = b.parsePetrarch(f.name, f.text)
		} else {
			err = b.parse(f.name, f.text)
		}
		if err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// Keywords that start the lines of georisk's format.
var keywords = map[string]bool{
	"code": true, "country": true, "igo": true, "member": true, "agent": true,
	"actor": true, "group": true, "person": true, "nonactor": true,
}

// isPetrarch reports whether a dictionary is in PETRARCH's format: its first
// line that is neither blank nor a comment is a NAME_ line, a +SYNONYM line
// or a [CODE] line.
func isPetrarch(text string) bool {
	comment := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if comment {
			_, after, ok := strings.Cut(line, "-->")
			if !ok {
				continue
			}
			comment = false
			line = strings.TrimSpace(after)
		}
		if strings.HasPrefix(line, "<!--") {
			_, after, ok := strings.Cut(line[4:], "-->")
			if !ok {
				comment = true
				continue
			}
			line = strings.TrimSpace(after)
		}
		if line == "" || line[0] == '#' {
			continue
		}
		kw, _, _ := strings.Cut(line, " ")
		kw, _, _ = strings.Cut(kw, "|")
		if keywords[kw] {
			return false
		}
		return line[0] == '+' || line[0] == '[' || strings.Contains(line, "_")
	}
	return false
}

// stripComment removes a comment (a "#" at the start of the line or after
// white space) and surrounding space.
func stripComment(line string) string {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "#") {
		return ""
	}
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, "\t#"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// splitList splits "a; b; c" and rejects empty items.
func splitList(s string) ([]string, error) {
	parts := strings.Split(s, ";")
	out := parts[:0]
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("empty item in list %q", s)
		}
		out = append(out, p)
	}
	return out, nil
}

// parse reads a file in georisk's format (see the package documentation).
func (b *builder) parse(file, text string) error {
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = stripComment(line)
		if line == "" {
			continue
		}
		if err := b.parseLine(line); err != nil {
			return errorf(file, n, "%v", err)
		}
	}
	return nil
}

func (b *builder) parseLine(line string) error {
	fields := strings.Split(line, "|")
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	head := strings.Fields(fields[0])
	if len(head) == 0 {
		return fmt.Errorf("missing keyword before |")
	}
	kw := head[0]
	if !keywords[kw] {
		return fmt.Errorf("unknown keyword %q (want one of code, country, igo, member, agent, actor, group, person, nonactor)", kw)
	}
	code := ""
	if len(head) > 2 {
		return fmt.Errorf("%s: want one code before |, got %q", kw, fields[0])
	}
	if len(head) == 2 {
		code = head[1]
	}
	needCode := kw != "nonactor" && kw != "person"
	if needCode && code == "" {
		return fmt.Errorf("%s: missing code", kw)
	}
	if !needCode && kw == "nonactor" && code != "" {
		return fmt.Errorf("nonactor takes no code")
	}
	if code != "" && !isCode(code, 3) {
		return fmt.Errorf("bad code %q: want upper-case letters in groups of three", code)
	}
	if len(fields) < 2 || fields[1] == "" {
		return fmt.Errorf("%s: missing names after |", kw)
	}
	names, err := splitList(fields[1])
	if err != nil {
		return err
	}
	rest := fields[2:]
	switch kw {
	case "code":
		if len(code) != 3 || len(names) != 1 || len(rest) > 0 {
			return fmt.Errorf("code: want \"code XXX | label\"")
		}
		b.addAgentCode(code, names[0])
		return nil
	case "country", "igo":
		return b.parsePlace(kw == "igo", code, names, rest)
	case "member":
		return b.parseMember(code, names, rest)
	case "agent":
		return b.parseAgent(code, names, rest)
	case "actor", "group":
		if len(rest) > 0 {
			return fmt.Errorf("%s: unexpected field %q", kw, rest[0])
		}
		kind := Agent
		if kw == "group" {
			kind = Group
		}
		return b.addActor(code, names, kind, mExact)
	case "person":
		return b.parsePerson(code, names, rest)
	case "nonactor":
		if len(rest) > 0 {
			return fmt.Errorf("nonactor: unexpected field %q", rest[0])
		}
		for _, name := range names {
			if err := b.addPhrase(name, mExact, entry{kind: eBlock}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) parsePlace(igo bool, code string, names, rest []string) error {
	if igo != strings.HasPrefix(code, "IGO") {
		if igo {
			return fmt.Errorf("igo: code %q must start with IGO", code)
		}
		return fmt.Errorf("country: code %q must not start with IGO", code)
	}
	if !igo && len(code) != 3 {
		return fmt.Errorf("country: code %q must have three letters", code)
	}
	pi := b.addPlace(code, names[0], igo)
	b.addName(code, code)
	for _, name := range names {
		b.addName(name, code)
		if err := b.addPhrase(name, mExact, entry{kind: eName, ref: pi}); err != nil {
			return err
		}
	}
	for _, f := range rest {
		key, val, ok := strings.Cut(f, ":")
		if !ok {
			return fmt.Errorf("want key: values, got %q", f)
		}
		key = strings.TrimSpace(key)
		vals, err := splitList(val)
		if err != nil {
			return err
		}
		var e entry
		target := code
		switch key {
		case "adj", "demonym":
			e = entry{kind: eAdj, ref: pi}
		case "capital", "seat":
			if igo {
				e = entry{kind: eName, ref: pi}
			} else {
				e = entry{kind: eSeat, ref: pi}
				target = code + "GOV"
			}
		case "nomatch":
			for _, v := range vals {
				if err := b.addPhrase(v, mExact, entry{kind: eBlock}); err != nil {
					return err
				}
			}
			continue
		default:
			return fmt.Errorf("unknown key %q (want adj, demonym, capital, seat or nomatch)", key)
		}
		for _, v := range vals {
			b.addName(v, target)
			if err := b.addPhrase(v, mExact, e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) parseMember(code string, codes, rest []string) error {
	if _, ok := b.d.placeIx[code]; !ok {
		return fmt.Errorf("member: unknown group %q (declare it with an igo line first)", code)
	}
	if len(rest) != 1 {
		return fmt.Errorf("member: want \"member GROUP | CODE; CODE | FROM..TO\"")
	}
	from, to, err := parseSpan(rest[0])
	if err != nil {
		return err
	}
	for _, c := range codes {
		if _, ok := b.d.placeIx[c]; !ok {
			return fmt.Errorf("member: unknown country or IGO %q", c)
		}
		b.d.members[code] = append(b.d.members[code], membership{code: c, from: from, to: to})
	}
	return nil
}

func (b *builder) parseAgent(code string, names, rest []string) error {
	ai, ok := b.d.agentIx[code]
	if !ok {
		return fmt.Errorf("agent: unknown CAMEO agent code %q (declare it with a code line)", code)
	}
	e := entry{kind: eAgent, ref: ai}
	if len(rest) > 1 {
		return fmt.Errorf("agent: want \"agent XXX | names | flags\"")
	}
	if len(rest) == 1 {
		for _, f := range strings.Fields(rest[0]) {
			switch f {
			case "bound":
				e.bound = true
			case "post":
				e.post = true
			default:
				return fmt.Errorf("agent: unknown flag %q (want bound or post)", f)
			}
		}
	}
	for _, name := range names {
		b.addName(name, code)
		if err := b.addPhrase(name, mAny, e); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) addActor(code string, names []string, kind Kind, mode uint8) error {
	ctry, err := b.checkCode(code)
	if err != nil {
		return err
	}
	if pi, ok := b.d.placeIx[code]; ok {
		// A name of a country or IGO.
		for _, name := range names {
			b.addName(name, code)
			if err := b.addPhrase(name, mode, entry{kind: eName, ref: pi}); err != nil {
				return err
			}
		}
		return nil
	}
	ai := int32(len(b.d.actors))
	b.d.actors = append(b.d.actors, named{code: code, country: ctry, name: names[0], kind: kind})
	for _, name := range names {
		b.addName(name, code)
		if err := b.addPhrase(name, mode, entry{kind: eActor, ref: ai}); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) parsePerson(code string, names, rest []string) error {
	p := person{name: names[0], country: -1}
	if code != "" {
		pi, ok := b.d.placeIx[code]
		if !ok {
			return fmt.Errorf("person: unknown country %q", code)
		}
		p.country = pi
	}
	for _, f := range rest {
		parts := strings.Fields(f)
		if len(parts) < 2 {
			return fmt.Errorf("person: want a role \"CODE FROM..TO title\", got %q", f)
		}
		ctry, err := b.checkCode(parts[0])
		if err != nil {
			return err
		}
		from, to, err := parseSpan(parts[1])
		if err != nil {
			return err
		}
		p.roles = append(p.roles, role{from: from, to: to, code: parts[0], country: ctry, title: strings.Join(parts[2:], " ")})
	}
	return b.addPerson(p, names, mExact)
}

func (b *builder) addPerson(p person, names []string, mode uint8) error {
	if p.country < 0 {
		for _, r := range p.roles {
			if pi, ok := b.d.placeIx[r.country]; ok && !b.d.places[pi].igo {
				p.country = pi
				break
			}
		}
	}
	idx := int32(len(b.d.people))
	b.d.people = append(b.d.people, p)
	for _, name := range names {
		k := strings.TrimPrefix(country.Fold(name), "the ")
		b.d.persons[k] = append(b.d.persons[k], idx)
		if err := b.addPhrase(name, mode, entry{kind: ePerson, ref: idx}); err != nil {
			return err
		}
	}
	return nil
}

// finish builds the lookup structures.
func (b *builder) finish() (*Dict, error) {
	d := b.d
	gov, ok := d.agentIx["GOV"]
	if !ok {
		return nil, fmt.Errorf("actor dictionaries: no GOV agent code")
	}
	d.gov = gov
	// Token table, at most a quarter full.
	size := 64
	for size < 4*len(d.tokKeys) {
		size *= 2
	}
	d.tokSlots = make([]int32, size)
	d.tokMask = uint64(size - 1)
	for id, k := range d.tokKeys {
		h := hashFold(k, 0, len(k))
		i := h & d.tokMask
		for d.tokSlots[i] != 0 {
			i = (i + 1) & d.tokMask
		}
		d.tokSlots[i] = int32(id) + 1
	}
	// Trie of phrases over token ids.
	d.rootNext = make([]int32, len(d.tokKeys))
	for i := range d.rootNext {
		d.rootNext[i] = -1
	}
	d.nodes = d.nodes[:0]
	for pi, ids := range b.phraseIDs {
		n := d.rootNext[ids[0]]
		if n < 0 {
			n = int32(len(d.nodes))
			d.nodes = append(d.nodes, node{})
			d.rootNext[ids[0]] = n
		}
		for _, id := range ids[1:] {
			c := d.child(n, id)
			if c < 0 {
				c = int32(len(d.nodes))
				d.nodes = append(d.nodes, node{})
				d.nodes[n].next = append(d.nodes[n].next, edge{tok: id, node: c})
			}
			n = c
		}
		d.nodes[n].ends = append(d.nodes[n].ends, int32(pi))
	}
	// Nodes with more than 32 phrases could not be told apart.
	for _, n := range d.nodes {
		if len(n.ends) > 32 {
			return nil, fmt.Errorf("actor dictionaries: %d meanings for %q", len(n.ends), phraseText(&d.phrases[n.ends[0]]))
		}
	}
	// Codes of every place with every agent.
	d.comp = make([][]compCode, len(d.places))
	for pi, p := range d.places {
		row := make([]compCode, len(d.agents))
		for ai, a := range d.agents {
			if p.igo && int32(ai) == gov {
				row[ai] = compCode{code: p.code, name: p.name, country: p.code}
				continue
			}
			row[ai] = compCode{code: p.code + a.code, name: p.name + " " + a.label, country: p.code}
		}
		d.comp[pi] = row
	}
	for _, p := range d.places {
		d.display[p.code] = p.name
	}
	for _, a := range d.agents {
		d.display[a.code] = a.label
	}
	cvl, hasCVL := d.agentIx["CVL"]
	for i := range d.people {
		p := &d.people[i]
		if p.country >= 0 && hasCVL && p.def.code == "" {
			p.def = d.comp[p.country][cvl]
		}
	}
	return d, nil
}

func phraseText(p *phrase) string {
	parts := make([]string, len(p.toks))
	for i, t := range p.toks {
		parts[i] = t.form
	}
	return strings.Join(parts, " ")
}
