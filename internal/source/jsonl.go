package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// lineReader reads lines of at most max bytes from a buffered stream,
// skipping the rest of longer ones.
type lineReader struct {
	br   *bufio.Reader
	max  int64
	buf  []byte
	line int // number of the line last returned, from 1
}

// next returns the next line with its terminator, valid until the next call,
// and, when the line was longer than max, its length instead (line is then
// nil). err is io.EOF after the last line.
func (lr *lineReader) next() (line []byte, over int64, err error) {
	lr.line++
	lr.buf = lr.buf[:0]
	n := int64(0)
	for {
		frag, err := lr.br.ReadSlice('\n')
		n += int64(len(frag))
		if n <= lr.max {
			if err == nil && len(lr.buf) == 0 {
				return frag, 0, nil // the common case: no copy
			}
			lr.buf = append(lr.buf, frag...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if n > lr.max {
			return nil, n, err
		}
		return lr.buf, 0, err
	}
}

// readJSONL yields one item per line of JSON Lines. A line that is not a
// usable record is reported as a failure of its own and reading goes on.
func (rd *reader) readJSONL(ctx context.Context, s src, br *bufio.Reader) error {
	lr := &lineReader{br: br, max: rd.opt.MaxItemBytes}
	for {
		line, over, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, []byte(utf8BOM))
		}
		if over > 0 || len(bytes.TrimSpace(line)) > 0 {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			name := s.name + ":" + strconv.Itoa(lr.line)
			var it Item
			var rerr error
			if over > 0 {
				rerr = tooLarge(over, lr.max)
			} else {
				it, rerr = jsonRecord(name, bytes.TrimRight(line, "\r\n"))
			}
			if rerr == nil {
				rerr = rd.emit(it)
			}
			if r := rd.report(ctx, name, rerr); r != nil {
				return r
			}
		}
		if err != nil {
			return nil // io.EOF
		}
	}
}

// readJSON yields the records of a JSON document: an array of records, or
// one or more records one after another, pretty-printed or not. It streams:
// only one record is held at a time. A syntax error ends the document,
// since JSON cannot be resynchronised after one.
func (rd *reader) readJSON(ctx context.Context, s src, br *bufio.Reader) error {
	head, _ := br.Peek(sniffLen)
	if bytes.HasPrefix(head, []byte(utf8BOM)) {
		br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	array := len(t) > 0 && t[0] == '['
	g := &guardReader{r: br, max: rd.opt.MaxItemBytes}
	dec := json.NewDecoder(g)
	g.dec = dec
	if array {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("invalid JSON: %w", err)
		}
	}
	for i := 1; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if array && !dec.More() {
			break
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if !array && errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("invalid JSON in record %d: %w", i, err)
		}
		name := s.name + "#" + strconv.Itoa(i)
		it, err := jsonRecord(name, raw)
		if err == nil {
			err = rd.emit(it)
		}
		if r := rd.report(ctx, name, err); r != nil {
			return r
		}
	}
	if array {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("invalid JSON: %w", err)
		}
	}
	return nil
}

// guardReader stops a json.Decoder that reads more than max bytes past
// the end of its last value, so that one huge value cannot fill memory.
type guardReader struct {
	r    io.Reader
	dec  *json.Decoder
	max  int64
	read int64
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.dec != nil && g.read-g.dec.InputOffset() > g.max {
		return 0, tooLarge(g.read-g.dec.InputOffset(), g.max)
	}
	n, err := g.r.Read(p)
	g.read += int64(n)
	return n, err
}

// jsonDoc is the shape of a JSON record. Each field may also come under an
// alias (see jsonRecord).
type jsonDoc struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	URL       string          `json:"url"`
	Date      json.RawMessage `json:"date"`
	Source    string          `json:"source"`
	Author    string          `json:"author"`
	Body      string          `json:"body"`
	Content   string          `json:"content"`
	Link      string          `json:"link"`
	Published json.RawMessage `json:"published"`
}

// jsonRecord turns one JSON record into an item named name.
func jsonRecord(name string, raw []byte) (Item, error) {
	data, warn := raw, ""
	if !utf8.Valid(raw) {
		var s string
		s, warn = toUTF8(raw)
		data = []byte(s)
	}
	var d jsonDoc
	if err := json.Unmarshal(data, &d); err != nil {
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); !ok {
			return Item{}, fmt.Errorf("invalid JSON: %w", err)
		}
		if d, err = looseJSONDoc(data); err != nil {
			return Item{}, err
		}
	}
	it := Item{
		Input:   name,
		Format:  fmtJSONL,
		Raw:     bytes.Clone(raw),
		RawType: "application/json",
		ID:      jsonScalar(d.ID),
		Title:   strings.TrimSpace(d.Title),
		Text:    firstNonEmpty(d.Text, d.Body),
		HTML:    d.HTML,
		URL:     strings.TrimSpace(firstNonEmpty(d.URL, d.Link)),
		Source:  strings.TrimSpace(d.Source),
		Author:  strings.TrimSpace(d.Author),
		Warn:    warn,
	}
	if it.Text == "" && it.HTML == "" && d.Content != "" {
		if strings.Contains(d.Content, "<") && htmlish([]byte(d.Content)) {
			it.HTML = d.Content
		} else {
			it.Text = d.Content
		}
	}
	date := d.Date
	if isNull(date) {
		date = d.Published
	}
	if !isNull(date) {
		t, ok := jsonDate(date)
		if ok {
			it.Date = t
		} else {
			it.Warn = joinWarn(it.Warn, fmt.Sprintf("unparsed date %s", date))
		}
	}
	if strings.TrimSpace(it.Text) == "" && strings.TrimSpace(it.HTML) == "" {
		return Item{}, errors.New("record has no text or html")
	}
	return it, nil
}

// looseJSONDoc decodes a record whose fields are not all strings: numbers
// and booleans are kept as their JSON text, other values are ignored.
func looseJSONDoc(data []byte) (jsonDoc, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return jsonDoc{}, errors.New("not a JSON object")
		}
		return jsonDoc{}, fmt.Errorf("invalid JSON: %w", err)
	}
	str := func(k string) string { return jsonScalar(m[k]) }
	return jsonDoc{
		ID: m["id"], Title: str("title"), Text: str("text"), HTML: str("html"), URL: str("url"),
		Date: m["date"], Source: str("source"), Author: str("author"), Body: str("body"),
		Content: str("content"), Link: str("link"), Published: m["published"],
	}, nil
}

// jsonScalar returns a JSON string's value, or a number's or boolean's
// text; "" for null, objects and arrays.
func jsonScalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return strings.TrimSpace(s)
		}
		return ""
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null" || string(raw) == `""`
}

// jsonDate parses a JSON date: a string in one of dateLayouts, or a number
// of seconds (or milliseconds) since 1970.
func jsonDate(raw json.RawMessage) (time.Time, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return time.Time{}, false
		}
		return parseDate(s)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f < 0 || f > 1e15 {
		return time.Time{}, false
	}
	if f > 1e11 { // milliseconds
		f /= 1000
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
