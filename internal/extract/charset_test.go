package extract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeHTML(t *testing.T) {
	tests := []struct {
		name   string
		raw    string
		want   string
		reason string
	}{
		{"utf-8", "<p>Pégase</p>", "<p>Pégase</p>", ""},
		{"utf-8 BOM", "\xef\xbb\xbf<p>Pégase</p>", "<p>Pégase</p>", "the BOM goes"},
		{"utf-16le BOM", "\xff\xfe<\x00p\x00>\x00\xe9\x00", "<p>é", ""},
		{"utf-16be BOM", "\xfe\xff\x00<\x00p\x00>\x00\xe9", "<p>é", ""},
		{"meta charset latin-1", `<meta charset="iso-8859-1"><p>P` + "\xe9" + `gase</p>`, `<meta charset="iso-8859-1"><p>Pégase</p>`, ""},
		{"http-equiv windows-1252", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>` + "\x93quoted\x94", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>“quoted”`, ""},
		{"undeclared windows-1252", "<p>\x93quoted\x94 caf\xe9</p>", "<p>“quoted” café</p>", "invalid UTF-8 is read as Windows-1252"},
		{"mixed", "<p>café \x93x\x94</p>", "<p>café “x”</p>", "valid UTF-8 stays, stray bytes are Windows-1252"},
		{"mislabelled utf-8", `<meta charset="iso-8859-1"><p>café</p>`, `<meta charset="iso-8859-1"><p>café</p>`, "valid multi-byte UTF-8 wins over a single-byte label"},
		{"shift_jis", `<meta charset="shift_jis"><p>` + "\x93\xfa\x96\x7b" + `</p>`, `<meta charset="shift_jis"><p>日本</p>`, ""},
		{"xml declaration", `<?xml version="1.0" encoding="ISO-8859-1"?><p>` + "\xe9", `<?xml version="1.0" encoding="ISO-8859-1"?><p>é`, ""},
		{"unknown charset", `<meta charset="klingon"><p>café</p>`, `<meta charset="klingon"><p>café</p>`, "an unknown label falls back to UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, decodeHTML([]byte(tt.raw))); diff != "" {
				t.Errorf("decodeHTML mismatch (-want +got): %s\n%s", tt.reason, diff)
			}
		})
	}
}
