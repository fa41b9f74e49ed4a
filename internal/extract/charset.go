package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decodeHTML returns page bytes as UTF-8 text. The encoding comes from a byte
// order mark, else from a <meta> charset declaration near the top, else the
// bytes are read as UTF-8 with any invalid byte taken as Windows-1252. A page
// that declares a single-byte charset but is in fact valid UTF-8 with
// non-ASCII characters is read as UTF-8, a common mislabelling.
func decodeHTML(raw []byte) string {
	if s, ok := decodeBOM(raw); ok {
		return s
	}
	label := prescanCharset(raw)
	if label == "" {
		return decodeLenient(raw)
	}
	enc, name := charset.Lookup(label)
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		// A page cannot declare UTF-16 in a meta tag that it could read:
		// the tag itself is ASCII, so the page is ASCII-compatible.
		return decodeLenient(raw)
	}
	if isSingleByte(name) && utf8.Valid(raw) && hasMultiByte(raw) {
		return string(raw)
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return decodeLenient(raw)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// decodeText returns the bytes of a text file as UTF-8: a byte order mark
// decides, else the bytes are read as UTF-8 with any invalid byte taken as
// Windows-1252.
func decodeText(raw []byte) string {
	if s, ok := decodeBOM(raw); ok {
		return s
	}
	return decodeLenient(raw)
}

// decodeBOM decodes raw by its byte order mark, if it has one.
func decodeBOM(raw []byte) (string, bool) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return decodeLenient(raw[3:]), true
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	default:
		return "", false
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", false
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), true
}

// decodeLenient reads raw as UTF-8, decoding each byte that is not part of a
// valid UTF-8 sequence as Windows-1252. Pages that mix the two, or that are
// Windows-1252 throughout without saying so, come out readable.
func decodeLenient(raw []byte) string {
	if utf8.Valid(raw) {
		return string(raw)
	}
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		if r == utf8.RuneError && size == 1 {
			r = charmap.Windows1252.DecodeByte(raw[0])
		}
		b.WriteRune(r)
		raw = raw[size:]
	}
	return b.String()
}

// prescanLimit is how far into a page a charset declaration is looked for.
// The HTML standard says 1024 bytes; real pages put long scripts first.
const prescanLimit = 4096

// prescanCharset returns the charset a page declares in a <meta> tag (or an
// XML declaration) near its top, or "".
func prescanCharset(raw []byte) string {
	head := raw
	if len(head) > prescanLimit {
		head = head[:prescanLimit]
	}
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if end := bytes.Index(head, []byte("?>")); end > 0 {
			if cs := attrValue(string(head[:end]), "encoding"); cs != "" {
				return cs
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" {
				continue
			}
			var httpEquiv, content, cs string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if httpEquiv == "content-type" {
				if cs := attrValue(content, "charset"); cs != "" {
					return cs
				}
			}
		}
	}
}

// attrValue finds key=value (quoted or not) in s, case-insensitively.
func attrValue(s, key string) string {
	lower := strings.ToLower(s)
	i := strings.Index(lower, key)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(s[i+len(key):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" {
		return ""
	}
	if q := rest[0]; q == '"' || q == '\'' {
		if end := strings.IndexByte(rest[1:], q); end >= 0 {
			return strings.TrimSpace(rest[1 : 1+end])
		}
		return ""
	}
	end := strings.IndexAny(rest, "; \t\r\n\"'>")
	if end < 0 {
		end = len(rest)
	}
	return rest[:end]
}

// isSingleByte reports whether the named encoding maps each byte to one
// character (the ISO 8859 and Windows code pages, KOI8 and the like).
func isSingleByte(name string) bool {
	return strings.HasPrefix(name, "windows-12") || strings.HasPrefix(name, "iso-8859") ||
		strings.HasPrefix(name, "koi8") || name == "ibm866" || name == "macintosh" ||
		name == "x-mac-cyrillic" || name == "windows-874"
}

// hasMultiByte reports whether raw holds any byte above ASCII.
func hasMultiByte(raw []byte) bool {
	for _, c := range raw {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
