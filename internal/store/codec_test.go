package store

import (
	"bytes"
	"strings"
	"testing"
)

func TestCompressRoundTrip(t *testing.T) {
	long := []byte(strings.Repeat("NATO allies met in Vilnius. ", 100))
	gz := Compress(long)
	for _, tt := range []struct {
		name       string
		in         []byte
		compressed bool
	}{
		{"empty", nil, false},
		{"short text stays as it is", []byte("<p>short page</p>"), false},
		{"long text is gzipped", long, true},
		{"short input that looks like gzip is wrapped", []byte{0x1f, 0x8b, 1, 2, 3}, true},
		{"a gzip stream as raw input", gz, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Compress(tt.in)
			if got := bytes.HasPrefix(c, gzipMagic); got != tt.compressed {
				t.Errorf("Compress: gzipped = %v, want %v", got, tt.compressed)
			}
			if tt.compressed && len(tt.in) == len(long) && len(c) >= len(tt.in) {
				t.Errorf("Compress(%d bytes) = %d bytes: no smaller", len(tt.in), len(c))
			}
			back, err := Decompress(c)
			if err != nil || !bytes.Equal(back, tt.in) {
				t.Errorf("Decompress(Compress(x)) = %d bytes, %v; want the %d bytes back", len(back), err, len(tt.in))
			}
		})
	}
}

func FuzzCompress(f *testing.F) {
	f.Add([]byte("<html>page</html>"))
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		back, err := Decompress(Compress(b))
		if err != nil || !bytes.Equal(back, b) {
			t.Fatalf("round trip of %q: %q, %v", b, back, err)
		}
	})
}
