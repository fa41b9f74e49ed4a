// Package eval scores an event coder against a development set: precision,
// recall and F1 at three levels.
//
// # The development set
//
// The set lives in testdata/devset/*.txt, one case per block; its README
// gives the format and the coding conventions the expectations follow.
// [DevSet] returns the embedded copy, [Load] reads a directory of such
// files (a user's own set), [Parse] reads one file.
//
// # Scoring
//
// [Score] runs a coder on every case and compares its events with the
// expected ones at three levels: the CAMEO root; the dyad (source country,
// target country, root); and the full event (source code, target code, full
// CAMEO code). [Run] also returns, per case, what was missed and what was
// extra, which [Report] prints.
package eval

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/cameo"
)

//go:embed testdata/devset
var devsetFS embed.FS

// Case is one text with the events a coder must find in it.
type Case struct {
	ID        string
	Published time.Time // the publication date dates are resolved against
	Text      string
	Note      string   // why the case is there, free text
	Tags      []string // hard-case categories, from [Tags]
	Want      []Expected
	Pos       string // "file:line" of the case's first line
}

// Expected is one event a case wants: who did what to whom, and when.
type Expected struct {
	// Source and Target are CAMEO-style actor codes ("CHNGOV",
	// "IGOWSTNAT"). Target is "" when the event has none; it is written
	// "---" in the files. Source is never empty.
	Source, Target string
	Code           string    // CAMEO event code, as a string ("0231")
	Date           time.Time // when it happened; zero = not checked
}

// NoActor is how an absent actor is written in files and reports.
const NoActor = "---"

// Tags are the hard-case categories a case may carry in its "# tags:" line.
var Tags = []string{
	"passive",    // the target is the grammatical subject ("was denounced by")
	"negation",   // "did not", "denied that", "refused to"
	"threat",     // threats and warnings, as opposed to acts
	"act",        // an act that could be mistaken for a threat, or the reverse
	"reported",   // reported speech: the speaker and the reported act
	"compound",   // several sources or targets ("Japan and France held")
	"nominal",    // the event is a noun phrase ("the blockade", "the drill")
	"date",       // a date to resolve ("on 12 July", "last week", "in 2008")
	"coref",      // an actor named earlier ("It said", "the alliance")
	"noevent",    // nothing must be coded
	"quote",      // a direct quotation
	"person",     // a person stands for their role on the date
	"metonym",    // a capital or seat of power stands for a government
	"multi",      // several events in one text
	"intent",     // a future act stated as a plan or promise
	"reciprocal", // one verb, both directions
}

// DevSet returns georisk's own development set, embedded in the binary.
func DevSet() ([]Case, error) {
	sub, err := fs.Sub(devsetFS, "testdata/devset")
	if err != nil {
		return nil, err
	}
	return loadFS(sub, "testdata/devset")
}

// Load reads every *.txt file of dir, in name order. Errors name the file
// and line; all the errors found are returned together. Case ids must be
// unique across the files.
func Load(dir string) ([]Case, error) {
	return loadFS(os.DirFS(dir), dir)
}

func loadFS(fsys fs.FS, dir string) ([]Case, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no *.txt files", dir)
	}
	sort.Strings(names)
	var (
		all  []Case
		errs []error
		seen = map[string]string{} // id → pos
	)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cases, err := Parse(path.Join(dir, name), data)
		if err != nil {
			errs = append(errs, err)
		}
		for _, c := range cases {
			if p, ok := seen[c.ID]; ok {
				errs = append(errs, fmt.Errorf("%s: duplicate id %q (first at %s)", c.Pos, c.ID, p))
				continue
			}
			seen[c.ID] = c.Pos
			all = append(all, c)
		}
	}
	return all, errors.Join(errs...)
}

const (
	blockSep     = "==="
	eventsMarker = "-- events --"
	dateLayout   = "2006-01-02"
)

var (
	headerRE = regexp.MustCompile(`^#\s*([a-z]+):(.*)$`)
	actorRE  = regexp.MustCompile(`^(?:[A-Z]{3})+$`)
	idRE     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	codeRE   = regexp.MustCompile(`^[0-9]{2,4}$`)
)

// Parse reads the cases of one file; name is used in error messages. It
// returns the cases it could read along with the errors, joined, of the
// others. See testdata/devset/README.md for the format.
func Parse(name string, data []byte) ([]Case, error) {
	p := parser{name: name, codes: cameo.Load(), tags: map[string]bool{}}
	for _, t := range Tags {
		p.tags[t] = true
	}
	var block []line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimRight(sc.Text(), " \t\r")
		if text == blockSep {
			p.block(block)
			block = block[:0]
			continue
		}
		block = append(block, line{n, text})
	}
	if err := sc.Err(); err != nil {
		p.errorf(n, "%v", err)
	}
	p.block(block)
	return p.cases, errors.Join(p.errs...)
}

type line struct {
	n    int
	text string
}

type parser struct {
	name  string
	codes *cameo.Table
	tags  map[string]bool
	notes []string // of the current case
	cases []Case
	errs  []error
}

func (p *parser) errorf(n int, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d: %s", p.name, n, fmt.Sprintf(format, args...)))
}

// block parses the lines between two separators. A block of comments and
// blank lines only (a file's preamble) is skipped.
func (p *parser) block(lines []line) {
	start := -1
	for i, l := range lines {
		if l.text != "" && (!strings.HasPrefix(l.text, "#") || headerRE.MatchString(l.text)) {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	c := Case{Pos: fmt.Sprintf("%s:%d", p.name, lines[start].n)}
	nerr := len(p.errs)
	p.notes = p.notes[:0]
	var text []string
	inEvents := false
	for _, l := range lines {
		switch {
		case inEvents:
			p.event(&c, l)
		case l.text == eventsMarker:
			inEvents = true
		case strings.HasPrefix(l.text, "#"):
			if m := headerRE.FindStringSubmatch(l.text); m != nil {
				p.header(&c, l.n, m[1], strings.TrimSpace(m[2]))
			}
		case l.text == "" && len(text) == 0:
		default:
			text = append(text, l.text)
		}
	}
	for len(text) > 0 && text[len(text)-1] == "" {
		text = text[:len(text)-1]
	}
	c.Text = strings.Join(text, "\n")
	c.Note = strings.Join(p.notes, " ")
	first := lines[start].n
	if c.ID == "" {
		p.errorf(first, "case without an id (# id: ...)")
	}
	if c.Published.IsZero() {
		p.errorf(first, "case %s: no publication date (# published: YYYY-MM-DD)", label(c.ID))
	}
	if c.Text == "" {
		p.errorf(first, "case %s: no text", label(c.ID))
	}
	if !inEvents {
		p.errorf(first, "case %s: no %q line", label(c.ID), eventsMarker)
	}
	if len(p.errs) == nerr {
		p.cases = append(p.cases, c)
	}
}

func (p *parser) header(c *Case, n int, key, val string) {
	switch key {
	case "id":
		if c.ID != "" {
			p.errorf(n, "second id %q (case %s)", val, label(c.ID))
		}
		if !idRE.MatchString(val) {
			p.errorf(n, "bad id %q: letters, digits, '.', '_' and '-' only", val)
		}
		c.ID = val
	case "published":
		if !c.Published.IsZero() {
			p.errorf(n, "second publication date %q (case %s)", val, label(c.ID))
		}
		t, err := time.Parse(dateLayout, val)
		if err != nil {
			p.errorf(n, "bad publication date %q: want YYYY-MM-DD", val)
		}
		c.Published = t
	case "note":
		if val != "" {
			p.notes = append(p.notes, val)
		}
	case "tags":
		for _, t := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if !p.tags[t] {
				p.errorf(n, "unknown tag %q (known: %s)", t, strings.Join(Tags, ", "))
				continue
			}
			if !slices.Contains(c.Tags, t) {
				c.Tags = append(c.Tags, t)
			}
		}
	default:
		p.errorf(n, "unknown header %q (known: id, published, note, tags)", key)
	}
}

// label names a case in messages: its id, quoted when it is not a valid
// one (messages stay printable whatever the input).
func label(id string) string {
	if idRE.MatchString(id) {
		return id
	}
	return strconv.Quote(id)
}

// event parses "SOURCE TARGET CODE [DATE]", with an optional "# comment".
func (p *parser) event(c *Case, l line) {
	s := l.text
	if i := strings.Index(s, "#"); i >= 0 {
		s = s[:i]
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return
	}
	if len(f) < 3 || len(f) > 4 {
		p.errorf(l.n, "event %q: want SOURCE TARGET CODE [DATE]", strings.TrimSpace(s))
		return
	}
	e := Expected{Source: f[0], Target: f[1], Code: f[2]}
	ok := true
	if !actorRE.MatchString(e.Source) {
		p.errorf(l.n, "bad source %q: want a CAMEO actor code such as CHNGOV", e.Source)
		ok = false
	}
	if e.Target == NoActor {
		e.Target = ""
	} else if !actorRE.MatchString(e.Target) {
		p.errorf(l.n, "bad target %q: want a CAMEO actor code or %s", e.Target, NoActor)
		ok = false
	}
	if !codeRE.MatchString(e.Code) {
		p.errorf(l.n, "bad CAMEO code %q", e.Code)
		ok = false
	} else if _, known := p.codes.Lookup(e.Code); !known {
		p.errorf(l.n, "unknown CAMEO code %q", e.Code)
		ok = false
	}
	if len(f) == 4 && f[3] != "-" {
		t, err := time.Parse(dateLayout, f[3])
		if err != nil {
			p.errorf(l.n, "bad date %q: want YYYY-MM-DD or -", f[3])
			ok = false
		}
		e.Date = t
	}
	if ok {
		c.Want = append(c.Want, e)
	}
}

// Format writes cases in the file format Parse reads; Parse(Format(cs))
// gives cs back, except for Pos.
func Format(w io.Writer, cases []Case) error {
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString(blockSep + "\n")
		}
		fmt.Fprintf(&b, "# id: %s\n# published: %s\n", c.ID, c.Published.Format(dateLayout))
		if c.Note != "" {
			fmt.Fprintf(&b, "# note: %s\n", c.Note)
		}
		if len(c.Tags) > 0 {
			fmt.Fprintf(&b, "# tags: %s\n", strings.Join(c.Tags, ", "))
		}
		b.WriteString(c.Text + "\n" + eventsMarker + "\n")
		for _, e := range c.Want {
			b.WriteString(e.String() + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// String writes e as a line of the file format.
func (e Expected) String() string {
	d := "-"
	if !e.Date.IsZero() {
		d = e.Date.Format(dateLayout)
	}
	return fmt.Sprintf("%s %s %s %s", orNone(e.Source), orNone(e.Target), e.Code, d)
}

func orNone(code string) string {
	if code == "" {
		return NoActor
	}
	return code
}
