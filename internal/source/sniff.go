package source

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// sniffLen is how many leading bytes sniff looks at. It is large so that
// the first record of a JSON Lines file usually fits whole.
const sniffLen = 64 << 10

// Formats that sniff reports besides the Item formats.
const (
	fmtGzip    = "gzip"
	fmtBzip2   = "bzip2"
	fmtZip     = "zip"
	fmtTar     = "tar"
	fmtUTF16   = "utf16"  // a UTF-16 text with a byte order mark
	fmtJSON    = "json"   // a JSON array of records, or pretty-printed records
	fmtOPML    = "opml"   // a list of feeds
	fmtXML     = "xml"    // an XML document of no known kind
	fmtBinary  = "binary" // anything else that is not text
	fmtJSONL   = "jsonl"
	fmtJSONFd  = "jsonfeed"
	fmtRSS     = "rss"
	fmtAtom    = "atom"
	fmtSGML    = "sgml"
	fmtHTML    = "html"
	fmtMD      = "markdown"
	fmtText    = "text"
	utf8BOM    = "\xef\xbb\xbf"
	maxNesting = 8 // containers within containers
)

// sniff detects the format of a document from its first bytes, using the
// extension of name only to break ties. head may be cut anywhere.
func sniff(head []byte, name string) string {
	ext := strings.ToLower(path.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return fmtGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return fmtZip
	case len(head) >= 10 && bytes.HasPrefix(head, []byte("BZh")) && bytes.HasPrefix(head[4:], []byte("1AY&SY")):
		return fmtBzip2
	case len(head) >= 263 && bytes.Equal(head[257:262], []byte("ustar")):
		return fmtTar
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}), bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return fmtUTF16
	}
	b := bytes.TrimPrefix(head, []byte(utf8BOM))
	t := bytes.TrimLeft(b, " \t\r\n\f")
	if len(t) > 0 {
		switch t[0] {
		case '{':
			return sniffJSON(t, ext)
		case '[':
			if u := bytes.TrimLeft(t[1:], " \t\r\n"); len(u) == 0 || u[0] == '{' || u[0] == ']' {
				return fmtJSON
			}
		case '<':
			if f := sniffMarkup(t); f != "" {
				return f
			}
		}
	}
	if binary(b) {
		return fmtBinary
	}
	switch {
	case ext == ".sgm" || ext == ".sgml":
		if indexFold(b, "<REUTERS") >= 0 {
			return fmtSGML
		}
	case ext == ".html" || ext == ".htm" || ext == ".xhtml":
		if bytes.IndexByte(b, '<') >= 0 {
			return fmtHTML
		}
	}
	if markdown(b, ext) {
		return fmtMD
	}
	return fmtText
}

var jsonFeedVersion = regexp.MustCompile(`"version"\s*:\s*"https?://jsonfeed\.org/version/`)

// sniffJSON tells a JSON Feed, JSON Lines and a multi-line JSON document
// apart; t starts with '{'.
func sniffJSON(t []byte, ext string) string {
	if jsonFeedVersion.Match(t) {
		return fmtJSONFd
	}
	if ext == ".jsonl" || ext == ".ndjson" {
		return fmtJSONL
	}
	line, _, complete := bytes.Cut(t, []byte("\n"))
	line = bytes.TrimRight(line, " \t\r")
	if !complete && len(t) >= sniffLen-8 {
		return fmtJSONL // a long first line: a record, not a pretty-printed document
	}
	if len(line) > 1 && line[len(line)-1] == '}' {
		return fmtJSONL
	}
	return fmtJSON
}

// sniffMarkup looks at the root of a document that starts with '<' and
// returns its format, or "" when it is not recognised.
func sniffMarkup(t []byte) string {
	decl := false
	for range 64 { // skip declarations, comments and processing instructions
		t = bytes.TrimLeft(t, " \t\r\n\f")
		switch {
		case bytes.HasPrefix(t, []byte("<?")):
			decl = decl || hasPrefixFold(t, "<?xml")
			i := bytes.Index(t, []byte("?>"))
			if i < 0 {
				return fmtXML
			}
			t = t[i+2:]
			continue
		case bytes.HasPrefix(t, []byte("<!--")):
			i := bytes.Index(t[4:], []byte("-->"))
			if i < 0 {
				return ""
			}
			t = t[4+i+3:]
			continue
		case hasPrefixFold(t, "<!DOCTYPE"):
			name := strings.ToLower(string(xmlName(bytes.TrimLeft(t[9:], " \t\r\n"))))
			switch name {
			case "html":
				return fmtHTML
			case "lewis":
				return fmtSGML
			}
			i := bytes.IndexByte(t, '>')
			if i < 0 {
				return ""
			}
			t = t[i+1:]
			continue
		}
		break
	}
	if !bytes.HasPrefix(t, []byte("<")) {
		if htmlish(t) {
			return fmtHTML
		}
		return ""
	}
	name := strings.ToLower(string(xmlName(t[1:])))
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "rss", "rdf":
		return fmtRSS
	case "feed":
		return fmtAtom
	case "opml":
		return fmtOPML
	case "reuters":
		return fmtSGML
	case "html", "head", "body":
		return fmtHTML
	}
	if htmlish(t) {
		return fmtHTML
	}
	if decl {
		return fmtXML
	}
	return ""
}

// xmlName returns the element or doctype name at the start of b.
func xmlName(b []byte) []byte {
	for i, c := range b {
		if !(c == ':' || c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80) {
			return b[:i]
		}
	}
	return b
}

var htmlTags = []string{"<p>", "<p ", "<div", "<span", "<a href", "<br", "<title", "<meta", "<article", "<h1", "<h2", "<h3", "<table", "<ul", "<script", "<link ", "<section", "<img "}

// htmlish reports whether b holds tags seen in HTML pages and fragments.
func htmlish(b []byte) bool {
	for _, tag := range htmlTags {
		if indexFold(b, tag) >= 0 {
			return true
		}
	}
	return false
}

// binary reports whether b looks like something other than text: it holds
// a NUL byte or many control bytes.
func binary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			ctl++
		}
	}
	return ctl > 0 && ctl*10 > len(b)
}

// binaryKind names common binary formats in failures.
func binaryKind(head []byte) string {
	for _, k := range []struct{ magic, name string }{
		{"%PDF-", "a PDF document"},
		{"\x89PNG", "a PNG image"},
		{"\xff\xd8\xff", "a JPEG image"},
		{"GIF8", "a GIF image"},
		{"\xfd7zXZ", "an xz stream"},
		{"\x28\xb5\x2f\xfd", "a zstd stream"},
		{"7z\xbc\xaf", "a 7z archive"},
		{"Rar!", "a RAR archive"},
		{"\xd0\xcf\x11\xe0", "an OLE document (old Office)"},
		{"SQLite format 3", "an SQLite database"},
		{"\x7fELF", "an executable"},
	} {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return k.name
		}
	}
	return "binary content"
}

// markdown reports whether b looks like Markdown: it has front matter or
// ATX headings, or the file is named .md and holds text.
func markdown(b []byte, ext string) bool {
	if ext == ".md" || ext == ".markdown" || ext == ".mdown" {
		return true
	}
	if _, _, ok := frontMatter(b); ok {
		return true
	}
	lines := 0
	for len(b) > 0 && lines < 100 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		lines++
		n := 0
		for n < len(line) && n < 7 && line[n] == '#' {
			n++
		}
		if n >= 1 && n <= 6 && n < len(line) && line[n] == ' ' && len(bytes.TrimSpace(line[n:])) > 0 {
			return true
		}
	}
	return false
}

// hasPrefixFold is bytes.HasPrefix ignoring ASCII case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// indexFold is bytes.Index or strings.Index ignoring ASCII case in sep,
// which must be ASCII.
func indexFold[T string | []byte](b T, sep string) int {
	if len(sep) == 0 {
		return 0
	}
	lo, up := lower(sep[0]), upper(sep[0])
	// nlo and nup are the next positions of lo and up at or after i: -1
	// when there is none, -2 when not yet looked for.
	nlo, nup := -2, -2
	if lo == up {
		nup = -1
	}
	next := func(n, i int, c byte) int {
		if n == -1 || n >= i {
			return n
		}
		if j := indexByte(b[i:], c); j >= 0 {
			return i + j
		}
		return -1
	}
	for i := 0; i+len(sep) <= len(b); {
		nlo, nup = next(nlo, i, lo), next(nup, i, up)
		switch {
		case nlo < 0 && nup < 0:
			return -1
		case nup < 0 || (nlo >= 0 && nlo < nup):
			i = nlo
		default:
			i = nup
		}
		if i+len(sep) > len(b) {
			return -1
		}
		if equalFoldASCII(b[i:i+len(sep)], sep) {
			return i
		}
		i++
	}
	return -1
}

func indexByte[T string | []byte](b T, c byte) int {
	switch v := any(b).(type) {
	case string:
		return strings.IndexByte(v, c)
	case []byte:
		return bytes.IndexByte(v, c)
	}
	return -1
}

func equalFoldASCII[T string | []byte](b T, s string) bool {
	for i := range len(s) {
		if lower(b[i]) != lower(s[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// validUTF8 reports whether b is valid UTF-8; an incomplete rune at the
// very end (b was cut) does not count.
func validUTF8(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			return utf8.Valid(b[:i])
		}
	}
	return false
}
