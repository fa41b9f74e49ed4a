package source

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// warnWindows1252 is the note on an item whose bytes were not valid UTF-8
// and declared no other encoding.
const warnWindows1252 = "decoded as Windows-1252 (not valid UTF-8)"

// decoded is a document converted to UTF-8.
type decoded struct {
	text    string
	charset string // the encoding it was decoded from; "" for UTF-8
	warn    string
}

// decodeHTML converts an HTML page to UTF-8, honouring a byte order mark,
// the charset of contentType, then a <meta> charset; otherwise invalid UTF-8
// is decoded as Windows-1252 with a warning.
func decodeHTML(data []byte, contentType string) decoded {
	if d, ok := decodeBOM(data); ok {
		return d
	}
	label := charsetParam(contentType)
	if label == "" {
		label = metaCharset(data)
	}
	return decodeLabel(data, label)
}

// decodeText converts a text document to UTF-8, honouring a byte order
// mark and the charset of contentType; otherwise invalid UTF-8 is decoded as
// Windows-1252 with a warning.
func decodeText(data []byte, contentType string) decoded {
	if d, ok := decodeBOM(data); ok {
		return d
	}
	return decodeLabel(data, charsetParam(contentType))
}

// decodeLabel decodes data from the encoding named by label, or from UTF-8
// (else Windows-1252) when label is empty, unknown or UTF-8.
func decodeLabel(data []byte, label string) decoded {
	var warn string
	if label != "" {
		enc, name := charset.Lookup(label)
		switch {
		case enc == nil:
			warn = fmt.Sprintf("unknown charset %q", label)
		case name != "utf-8" && !strings.HasPrefix(name, "utf-16"):
			s, err := enc.NewDecoder().Bytes(data)
			if err == nil {
				return decoded{text: string(s), charset: name}
			}
			warn = fmt.Sprintf("decoding %s: %v", name, err)
		}
	}
	if utf8.Valid(data) {
		return decoded{text: string(data), warn: warn}
	}
	return decoded{text: windows1252(data), charset: "windows-1252", warn: joinWarn(warn, warnWindows1252)}
}

// decodeBOM decodes data that starts with a UTF-8 or UTF-16 byte order mark.
func decodeBOM(data []byte) (decoded, bool) {
	var enc encoding.Encoding
	var name string
	switch {
	case bytes.HasPrefix(data, []byte(utf8BOM)):
		rest := data[len(utf8BOM):]
		if utf8.Valid(rest) {
			return decoded{text: string(rest)}, true
		}
		return decoded{text: windows1252(rest), charset: "windows-1252", warn: warnWindows1252}, true
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		enc, name = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		enc, name = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	default:
		return decoded{}, false
	}
	s, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return decoded{text: strings.ToValidUTF8(string(data), "\uFFFD"), warn: fmt.Sprintf("decoding %s: %v", name, err)}, true
	}
	return decoded{text: string(s), charset: name}, true
}

// windows1252 decodes b as Windows-1252, which cannot fail.
func windows1252(b []byte) string {
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// latin1 decodes b as ISO-8859-1, which cannot fail.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// toUTF8 returns b unchanged when it is valid UTF-8, else decoded as
// Windows-1252, with a warning.
func toUTF8(b []byte) (string, string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return windows1252(b), warnWindows1252
}

func joinWarn(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// charsetParam returns the charset parameter of a Content-Type value.
func charsetParam(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// withCharset adds a charset parameter to a media type when cs is set.
func withCharset(mediaType, cs string) string {
	if cs == "" {
		return mediaType
	}
	return mediaType + "; charset=" + cs
}

// metaCharsetLen is how much of a page is searched for a <meta> charset.
// The HTML standard says 1024 bytes; real pages put it later.
const metaCharsetLen = 4096

// metaCharset returns the charset an HTML page declares in a <meta> tag in
// its first bytes, or "".
func metaCharset(data []byte) string {
	if len(data) > metaCharsetLen {
		data = data[:metaCharsetLen]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if httpEquiv == "content-type" {
				if cs := charsetParam(content); cs != "" {
					return cs
				}
				if _, after, ok := strings.Cut(strings.ToLower(content), "charset="); ok {
					return strings.Trim(strings.TrimSpace(after), `"';`)
				}
			}
		}
	}
}

// xmlEncoding returns the encoding an XML declaration names, or "".
func xmlEncoding(data []byte) string {
	t := bytes.TrimPrefix(data, []byte(utf8BOM))
	t = bytes.TrimLeft(t, " \t\r\n")
	if !hasPrefixFold(t, "<?xml") {
		return ""
	}
	end := bytes.Index(t, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := t[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if !bytes.HasPrefix(rest, []byte("=")) {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := bytes.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return string(rest[1 : 1+j])
}
