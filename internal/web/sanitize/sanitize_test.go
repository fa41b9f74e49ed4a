package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestHTML(t *testing.T) {
	tests := []struct{ name, in, want, reason string }{
		{"text", `<p>China <b>denounced</b> NATO.</p>`, `<p>China <b>denounced</b> NATO.</p>`, "allowed elements stay"},
		{"script", `<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`, "scripts go with their content"},
		{"nested object", `<object><object>x</object>y</object>z`, `z`, "nested dropped elements are skipped whole"},
		{"script raw text", `<script><script>x</script>y</script>z`, `yz`, "a script ends at its first end tag, as browsers read it"},
		{"handlers", `<p onclick="x()" style="color:red" class="c">t</p>`, `<p>t</p>`, "attributes are dropped"},
		{"js link", `<a href="javascript:alert(1)">x</a>`, `<a>x</a>`, "only http(s) links"},
		{"link", `<a href="https://example.org/a?b=1&c=2" target="_blank">x</a>`, `<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">x</a>`, "links are kept, marked nofollow"},
		{"unknown", `<div><span>kept</span></div>`, `kept`, "unknown elements are unwrapped"},
		{"image", `<p>a<img src="https://t.example/x.gif" onerror="x()">b</p>`, `<p>ab</p>`, "images are dropped: no remote loads"},
		{"iframe", `<iframe src="https://x.example"><p>fallback</p></iframe>after`, `after`, "frames go with their content"},
		{"unclosed", `<p><em>open`, `<p><em>open</em></p>`, "open elements are closed"},
		{"stray end", `</p>text</b>`, `text`, "stray end tags vanish"},
		{"escaped", `<p>&lt;script&gt;</p>`, `<p>&lt;script&gt;</p>`, "text stays escaped"},
		{"svg", `<svg onload="x()"><text>hi</text></svg>ok`, `ok`, "svg goes"},
		{"form", `<form action="/x"><input name="a"><button>go</button></form>z`, `z`, "forms go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTML(tt.in); got != tt.want {
				t.Errorf("HTML(%q) = %q, want %q (%s)", tt.in, got, tt.want, tt.reason)
			}
		})
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{`<p>a<script>b</script></p>`, `<a href="http://x">y</a>`, `<scr<script>ipt>`, `<svg><p>x</svg>`, `<p><p><p>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := HTML(in)
		// What comes out holds only allowed elements and safe attributes.
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			name, more := z.TagName()
			tok := string(name)
			ok := false
			for a := range allowed {
				if a.String() == tok {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("HTML(%q) = %q keeps <%s>", in, out, tok)
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "href":
					if !strings.HasPrefix(string(v), "http://") && !strings.HasPrefix(string(v), "https://") {
						t.Fatalf("HTML(%q) = %q keeps href %q", in, out, v)
					}
				case "rel":
				default:
					t.Fatalf("HTML(%q) = %q keeps attribute %s", in, out, k)
				}
			}
		}
	})
}
