package source

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// src is a stream to read, and what is known about it.
type src struct {
	name  string      // the input name items are named after
	r     io.Reader   // the content
	at    io.ReaderAt // r with random access from offset 0, when it is a plain file
	size  int64       // size of r, or -1 when unknown
	fname string      // a file name whose extension breaks ties, or ""
	ctype string      // the HTTP Content-Type, or ""
	base  *url.URL    // the URL the content came from, nil for local input
	depth int         // how many containers enclose it
	local bool        // r reads a local file (and not, say, a pipe or a socket)
}

// stream sniffs s and reads it.
func (rd *reader) stream(ctx context.Context, s src) error {
	br := bufio.NewReaderSize(s.r, sniffLen)
	format, err := peekFormat(br, s)
	if err != nil {
		return err
	}
	return rd.dispatch(ctx, s, br, format)
}

// peekFormat sniffs the stream buffered in br.
func peekFormat(br *bufio.Reader, s src) (string, error) {
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", err
	}
	if len(head) == 0 || (err != nil && len(bytes.TrimSpace(bytes.TrimPrefix(head, []byte(utf8BOM)))) == 0) {
		return "", errEmpty
	}
	return sniff(head, hintName(s)), nil
}

// hintName is the file name used to break ties: the file's own, or one
// made up from the Content-Type of a response.
func hintName(s src) string {
	if s.ctype != "" {
		mt, _, _ := strings.Cut(strings.ToLower(s.ctype), ";")
		switch strings.TrimSpace(mt) {
		case "text/markdown", "text/x-markdown":
			return "x.md"
		case "text/html", "application/xhtml+xml":
			return "x.html"
		case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
			return "x.jsonl"
		}
	}
	return s.fname
}

func (rd *reader) dispatch(ctx context.Context, s src, br *bufio.Reader, format string) error {
	if s.depth > maxNesting {
		return errors.New("containers nested too deep")
	}
	inner := func(r io.Reader, fname string) src {
		return src{name: s.name, r: r, size: -1, fname: fname, ctype: s.ctype, base: s.base, depth: s.depth + 1, local: s.local}
	}
	switch format {
	case fmtGzip:
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("broken gzip stream: %w", err)
		}
		defer gz.Close()
		fname := s.fname
		switch strings.ToLower(path.Ext(fname)) {
		case ".gz":
			fname = fname[:len(fname)-3]
		case ".tgz":
			fname = fname[:len(fname)-4] + ".tar"
		}
		var r io.Reader = &wrapErrReader{r: gz, what: "broken gzip stream"}
		if s.local {
			ra := newReadAhead(r)
			defer ra.Close()
			r = ra
		}
		return rd.stream(ctx, inner(r, fname))
	case fmtBzip2:
		return rd.stream(ctx, inner(&wrapErrReader{r: bzip2.NewReader(br), what: "broken bzip2 stream"}, strings.TrimSuffix(s.fname, ".bz2")))
	case fmtUTF16:
		dec := unicode.BOMOverride(transform.Nop)
		return rd.stream(ctx, inner(transform.NewReader(br, dec), s.fname))
	case fmtZip:
		return rd.readZip(ctx, s, br)
	case fmtTar:
		return rd.readTar(ctx, s, br)
	case fmtJSONL:
		return rd.readJSONL(ctx, s, br)
	case fmtJSON:
		return rd.readJSON(ctx, s, br)
	case fmtSGML:
		return rd.readSGML(ctx, s, br)
	case fmtRSS, fmtAtom, fmtJSONFd:
		data, err := rd.readLimited(ctx, br, s.size)
		if err != nil {
			return err
		}
		return rd.readFeed(ctx, s, data)
	case fmtOPML:
		data, err := rd.readLimited(ctx, br, s.size)
		if err != nil {
			return err
		}
		return rd.readOPML(ctx, s, data)
	case fmtHTML, fmtMD, fmtText:
		data, err := rd.readLimited(ctx, br, s.size)
		if err != nil {
			return err
		}
		return rd.readDoc(s, data, format)
	case fmtXML:
		head, _ := br.Peek(512)
		return fmt.Errorf("unsupported XML document (root element <%s>)", xmlRoot(head))
	default:
		head, _ := br.Peek(64)
		return fmt.Errorf("unsupported content (%s)", binaryKind(head))
	}
}

// xmlRoot returns the name of the first element in head, for messages.
func xmlRoot(head []byte) string {
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return "?"
		}
		head = head[i+1:]
		if head[0] != '?' && head[0] != '!' {
			if n := xmlName(head); len(n) > 0 {
				return string(n)
			}
			return "?"
		}
	}
}

// wrapErrReader names the stream in its read errors other than io.EOF.
type wrapErrReader struct {
	r    io.Reader
	what string
}

func (w *wrapErrReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%s: %w", w.what, err)
	}
	return n, err
}

// readLimited reads a whole document of at most MaxItemBytes from r, whose
// size is known when not negative.
func (rd *reader) readLimited(ctx context.Context, r io.Reader, size int64) ([]byte, error) {
	max := rd.opt.MaxItemBytes
	if size > max {
		return nil, tooLarge(size, max)
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		// Count the rest, to say how large it is.
		n, _ := io.Copy(io.Discard, &ctxReader{ctx: ctx, r: r})
		return nil, tooLarge(int64(buf.Len())+n, max)
	}
	return buf.Bytes(), nil
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// tooLarge reports a document of n bytes over the limit of max.
func tooLarge(n, max int64) error {
	return fmt.Errorf("too large (%s > %s limit)", sizeString(n), sizeString(max))
}

// sizeString formats a byte count for messages: "32 MB", "1.5 MB", "12 KB".
func sizeString(n int64) string {
	const mb, kb = 1 << 20, 1 << 10
	switch {
	case n >= mb:
		if n%mb == 0 {
			return fmt.Sprintf("%d MB", n/mb)
		}
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= kb:
		if n%kb == 0 {
			return fmt.Sprintf("%d KB", n/kb)
		}
		return fmt.Sprintf("%.1f KB", float64(n)/kb)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readZip reads each entry of a zip archive as an input of its own. A zip
// that is not a plain file is spooled to a temporary file first.
func (rd *reader) readZip(ctx context.Context, s src, br *bufio.Reader) error {
	at, size := s.at, s.size
	if at == nil || size < 0 {
		f, err := os.CreateTemp("", "georisk-*.zip")
		if err != nil {
			return fmt.Errorf("spooling zip archive: %w", err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		n, err := io.Copy(f, &ctxReader{ctx: ctx, r: br})
		if err != nil {
			return fmt.Errorf("spooling zip archive: %w", err)
		}
		at, size = f, n
	}
	zr, err := zip.NewReader(at, size)
	if err != nil {
		return fmt.Errorf("reading zip archive: %w", err)
	}
	n := 0
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(zf.Name, "/") || hiddenPath(zf.Name) || zf.Mode().IsDir() {
			continue
		}
		n++
		name := s.name + "/" + zf.Name
		err := func() error {
			rc, err := zf.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			if zf.UncompressedSize64 == 0 {
				return errEmpty
			}
			size := int64(-1)
			if zf.UncompressedSize64 < 1<<62 {
				size = int64(zf.UncompressedSize64)
			}
			return rd.stream(ctx, src{name: name, r: &wrapErrReader{r: rc, what: "broken zip entry"}, size: size, fname: zf.Name, depth: s.depth + 1, local: true})
		}()
		if err := rd.report(ctx, name, err); err != nil {
			return err
		}
	}
	if n == 0 {
		return errors.New("empty zip archive")
	}
	return nil
}

// readTar reads each regular file of a tar archive as an input of its own.
func (rd *reader) readTar(ctx context.Context, s src, br *bufio.Reader) error {
	tr := tar.NewReader(br)
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading tar archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg || hiddenPath(h.Name) {
			continue
		}
		n++
		name := s.name + "/" + h.Name
		var serr error
		if h.Size == 0 {
			serr = errEmpty
		} else {
			serr = rd.stream(ctx, src{name: name, r: tr, size: h.Size, fname: h.Name, depth: s.depth + 1, local: s.local})
		}
		if err := rd.report(ctx, name, serr); err != nil {
			return err
		}
	}
	if n == 0 {
		return errors.New("empty tar archive")
	}
	return nil
}

// hiddenPath reports whether an archive path has a hidden element or is
// macOS resource fork metadata.
func hiddenPath(p string) bool {
	for el := range strings.SplitSeq(p, "/") {
		if hidden(el) || el == "__MACOSX" {
			return true
		}
	}
	return false
}
