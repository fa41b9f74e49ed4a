package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// reutersSource is the Source of items read from Reuters-21578 SGML.
const reutersSource = "reuters21578"

// readSGML yields one item per <REUTERS> record of a Reuters-21578 SGML
// file, streaming record by record. Items are named by the line their record
// starts on.
func (rd *reader) readSGML(ctx context.Context, s src, br *bufio.Reader) error {
	lr := &lineReader{br: br, max: rd.opt.MaxItemBytes}
	var (
		rec     []byte
		inRec   bool
		start   int
		tooBig  int64 // size of the current record, once over the limit
		records int
	)
	// flush ends the current record: yields it or reports why not.
	flush := func(complete bool) error {
		name := s.name + ":" + strconv.Itoa(start)
		inRec = false
		records++
		var err error
		switch {
		case tooBig > 0:
			err = tooLarge(tooBig, lr.max)
		case !complete:
			err = errors.New("record has no </REUTERS> end tag")
		default:
			var it Item
			it, err = reutersRecord(name, rec)
			if err == nil {
				err = rd.emit(it)
			}
		}
		return rd.report(ctx, name, err)
	}
	add := func(b []byte) {
		switch {
		case tooBig > 0:
			tooBig += int64(len(b))
		case int64(len(rec)+len(b)) > lr.max:
			tooBig = int64(len(rec) + len(b))
			rec = rec[:0]
		default:
			rec = append(rec, b...)
		}
	}
	for {
		line, over, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if over > 0 && inRec {
			tooBig += over + int64(len(rec))
			rec = rec[:0]
		}
		for rest := line; len(rest) > 0; {
			if !inRec {
				i := reutersStart(rest)
				if i < 0 {
					break
				}
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				inRec, start, tooBig, rec = true, lr.line, 0, rec[:0]
				add(rest[i : i+len("<REUTERS")])
				rest = rest[i+len("<REUTERS"):]
				continue
			}
			end := indexFold(rest, "</REUTERS>")
			next := reutersStart(rest)
			if next >= 0 && (end < 0 || next < end) {
				add(rest[:next])
				if r := flush(false); r != nil {
					return r
				}
				rest = rest[next:]
				continue
			}
			if end < 0 {
				add(rest)
				break
			}
			add(rest[:end+len("</REUTERS>")])
			rest = rest[end+len("</REUTERS>"):]
			if r := flush(true); r != nil {
				return r
			}
		}
		if err != nil { // io.EOF
			break
		}
	}
	if inRec {
		if r := flush(false); r != nil {
			return r
		}
	}
	if records == 0 {
		return errors.New("no <REUTERS> records")
	}
	return nil
}

// reutersStart returns the index of the next <REUTERS> start tag in b, or -1.
func reutersStart(b []byte) int {
	off := 0
	for {
		i := indexFold(b[off:], "<REUTERS")
		if i < 0 {
			return -1
		}
		j := off + i + len("<REUTERS")
		if j >= len(b) || b[j] == '>' || b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n' {
			return off + i
		}
		off = j
	}
}

// reutersRecord turns one <REUTERS>…</REUTERS> record into an item. The
// record is decoded as Latin-1 unless it is valid UTF-8.
func reutersRecord(name string, rec []byte) (Item, error) {
	var s, cs string
	if utf8.Valid(rec) {
		s = string(rec)
	} else {
		s, cs = latin1(rec), "iso-8859-1"
	}
	it := Item{
		Input:   name,
		Format:  fmtSGML,
		Raw:     bytes.Clone(rec),
		RawType: withCharset("application/sgml", cs),
		Source:  reutersSource,
	}
	tagEnd := strings.IndexByte(s, '>')
	if tagEnd < 0 {
		return Item{}, errors.New("malformed <REUTERS> start tag")
	}
	it.ID = sgmlAttr(s[:tagEnd], "NEWID")
	if date, ok := sgmlElement(s, "DATE"); ok {
		date = sgmlText(date)
		if t, ok := reutersDate(date); ok {
			it.Date = t
		} else {
			it.Warn = fmt.Sprintf("unparsed date %q", date)
		}
	}
	title, _ := sgmlElement(s, "TITLE")
	it.Title = strings.Join(strings.Fields(sgmlText(title)), " ")
	dateline, _ := sgmlElement(s, "DATELINE")
	it.Dateline = strings.TrimRight(strings.TrimSpace(sgmlText(dateline)), " -")
	if body, ok := sgmlElement(s, "BODY"); ok {
		it.Text = reutersBody(body)
	} else if text, ok := sgmlElement(s, "TEXT"); ok && !strings.EqualFold(sgmlAttr(sgmlStartTag(s, "TEXT"), "TYPE"), "BRIEF") {
		// Unprocessed stories have no <BODY>: take what the <TEXT> holds
		// besides its title and dateline. Brief stories are their title
		// (their text is filler).
		text = sgmlCut(sgmlCut(text, "TITLE"), "DATELINE")
		it.Text = strings.TrimLeft(reutersBody(text), "*")
		it.Text = strings.TrimSpace(it.Text)
	}
	if it.Title == "" && it.Text == "" {
		return Item{}, errors.New("record has no title or text")
	}
	return it, nil
}

// reutersDate parses a Reuters <DATE>: "26-FEB-1987 15:01:01.79", as UTC.
func reutersDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2-Jan-2006 15:04:05", "2-Jan-2006 15:04", "2-Jan-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	// Some dates carry junk after the time: keep the part that parses.
	if f := strings.Fields(s); len(f) >= 2 {
		if t, err := time.Parse("2-Jan-2006", f[0]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// reutersBody cleans a story body: entities decoded, control characters
// dropped, and the closing "Reuter" signature removed.
func reutersBody(s string) string {
	s = strings.TrimSpace(sgmlText(s))
	for _, sig := range []string{"Reuter", "REUTER"} {
		if t, ok := strings.CutSuffix(s, sig); ok {
			if t = strings.TrimRight(t, " \t"); t == "" || strings.HasSuffix(t, "\n") {
				s = strings.TrimSpace(t)
				break
			}
		}
	}
	return s
}

// sgmlText decodes entities in s and drops control characters but tabs
// and newlines.
func sgmlText(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	clean := true
	for _, r := range s {
		if isDroppedControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isDroppedControl(r) {
			return -1
		}
		return r
	}, s)
}

func isDroppedControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// sgmlElement returns the content of the first <name …>…</name> in s.
func sgmlElement(s, name string) (string, bool) {
	start := sgmlTag(s, name)
	if start < 0 {
		return "", false
	}
	open := strings.IndexByte(s[start:], '>')
	if open < 0 {
		return "", false
	}
	content := s[start+open+1:]
	end := indexFold(content, "</"+name+">")
	if end < 0 {
		return "", false
	}
	return content[:end], true
}

// sgmlCut removes the first <name>…</name> element from s.
func sgmlCut(s, name string) string {
	start := sgmlTag(s, name)
	if start < 0 {
		return s
	}
	end := indexFold(s[start:], "</"+name+">")
	if end < 0 {
		return s
	}
	return s[:start] + s[start+end+len(name)+3:]
}

// sgmlTag returns the index of the first start tag <name> or <name …> in s.
func sgmlTag(s, name string) int {
	off := 0
	for {
		i := indexFold(s[off:], "<"+name)
		if i < 0 {
			return -1
		}
		j := off + i + 1 + len(name)
		if j < len(s) && (s[j] == '>' || s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
			return off + i
		}
		off = j
	}
}

// sgmlStartTag returns the first start tag <name …> in s, or "".
func sgmlStartTag(s, name string) string {
	i := sgmlTag(s, name)
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], '>')
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// sgmlAttr returns the value of attribute name in a start tag.
func sgmlAttr(tag, name string) string {
	off := 0
	for {
		i := indexFold(tag[off:], name)
		if i < 0 {
			return ""
		}
		i += off
		off = i + len(name)
		if i > 0 && tag[i-1] != ' ' && tag[i-1] != '\t' && tag[i-1] != '\n' {
			continue
		}
		rest := strings.TrimLeft(tag[off:], " \t\r\n")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest == "" {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if j := strings.IndexByte(rest[1:], q); j >= 0 {
				return rest[1 : 1+j]
			}
			return ""
		}
		if j := strings.IndexAny(rest, " \t\r\n>"); j >= 0 {
			return rest[:j]
		}
		return rest
	}
}
