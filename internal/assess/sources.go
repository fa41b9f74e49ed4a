package assess

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/event"
)

// Grade is an Admiralty source-reliability grade (A completely reliable, B
// usually reliable, C fairly reliable, D not usually reliable, E
// unreliable, F reliability cannot be judged) with an optional information
// credibility (1 confirmed … 5 improbable, 6 cannot be judged; 0 unknown).
type Grade struct {
	Reliability string
	Credibility int
}

func (g Grade) String() string {
	if g.Credibility > 0 {
		return fmt.Sprintf("%s%d", g.Reliability, g.Credibility)
	}
	return g.Reliability
}

// Sources grades outlets. The zero value grades everything F.
type Sources struct {
	grades map[string]Grade // by lower-cased outlet name or host
}

// ReadSources reads a sources file: one outlet a line, "NAME<TAB>GRADE" or
// "NAME<TAB>GRADE<TAB>CREDIBILITY", where NAME is an outlet as georisk
// stores it (the document's source or site) or a web host; "#" starts a
// comment. Every bad line is reported as file:line.
func ReadSources(file string) (*Sources, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading sources file: %w", err)
	}
	defer f.Close()
	return ParseSources(file, f)
}

// ParseSources reads a sources file from r (see [ReadSources]).
func ParseSources(name string, r io.Reader) (*Sources, error) {
	s := &Sources{grades: map[string]Grade{}}
	sc := bufio.NewScanner(r)
	var errs []error
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) < 2 || len(f) > 3 || f[0] == "" {
			errs = append(errs, fmt.Errorf("%s:%d: want NAME<TAB>GRADE[<TAB>CREDIBILITY]", name, n))
			continue
		}
		g := Grade{Reliability: strings.ToUpper(f[1])}
		if len(g.Reliability) != 1 || g.Reliability[0] < 'A' || g.Reliability[0] > 'F' {
			errs = append(errs, fmt.Errorf("%s:%d: grade %q: want a letter A to F", name, n, f[1]))
			continue
		}
		if len(f) == 3 {
			c, err := strconv.Atoi(f[2])
			if err != nil || c < 1 || c > 6 {
				errs = append(errs, fmt.Errorf("%s:%d: credibility %q: want 1 to 6", name, n, f[2]))
				continue
			}
			g.Credibility = c
		}
		s.grades[strings.ToLower(f[0])] = g
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("reading %s: %w", name, err))
	}
	return s, errors.Join(errs...)
}

// Of grades a document by its outlet, its site or its URL's host; F when
// none is listed.
func (s *Sources) Of(d *event.Document) Grade {
	if s != nil {
		for _, k := range []string{d.Source, d.Site, host(d.URL)} {
			if g, ok := s.grades[strings.ToLower(k)]; ok && k != "" {
				return g
			}
		}
	}
	return Grade{Reliability: "F"}
}

// OfURL grades an imported event's report by its host.
func (s *Sources) OfURL(u string) Grade {
	if s != nil {
		if g, ok := s.grades[host(u)]; ok && u != "" {
			return g
		}
	}
	return Grade{Reliability: "F"}
}

func host(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}
