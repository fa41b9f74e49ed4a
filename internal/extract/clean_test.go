package extract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIsBoilerplate(t *testing.T) {
	tests := []struct {
		line   string
		want   bool
		reason string
	}{
		{"Skip to main content", true, "skip link"},
		{"Jump to navigation", true, "skip link"},
		{"Aller au contenu principal", true, "French skip link"},
		{"3 min read", true, "reading time"},
		{"Reading time: 4 minutes", true, "reading time"},
		{"Kenji Morita · 3 min read", true, "author and reading time, no date"},
		{"Share on Facebook", true, "share link"},
		{"Share this article", true, "share link"},
		{"Facebook Twitter LinkedIn Email", true, "share bar"},
		{"Partager sur Facebook · Partager sur Twitter", true, "French share bar"},
		{"Artikel teilen", true, "German share label"},
		{"We use cookies to improve your experience on our site. By continuing you agree to our cookie policy.", true, "cookie banner"},
		{"Diese Website verwendet Cookies. Wenn Sie die Seite weiter nutzen, stimmen Sie der Verwendung zu.", true, "German cookie banner"},
		{"Sign up for our newsletter", true, "newsletter box"},
		{"Get the week's most important defence stories in your inbox. Subscribe to our newsletter.", true, "newsletter pitch"},
		{"© 2023 Baltic Ledger. All rights reserved.", true, "copyright footer"},
		{"Copyright 2023 Example Media", true, "copyright footer"},
		{"Alle Rechte vorbehalten.", true, "German rights line"},
		{"Advertisement", true, "ad label"},
		{"Photo: Reuters", true, "photo credit"},
		{"Tags: NATO, Ukraine, G7", true, "tag list"},
		{"Follow us on Twitter", true, "follow prompt"},
		{"12 comments", true, "comment count"},
		{"Menu", true, "navigation label"},
		{"Reuter", true, "wire sign-off"},
		{"Cookies are small files that websites store on a computer, and European law has regulated them since 2009, when the ePrivacy directive was amended to require consent for most of them, a rule that regulators have enforced unevenly across member states since then and that still causes disputes.", false, "a long paragraph about cookies is text"},
		{"The newsletter, published by the alliance, described the plans.", false, "no sign-up verb"},
		{"Manila summoned the Chinese envoy after the water-cannon attack on its supply boat.", false, "article text"},
		{"Share prices in Tokyo fell after the announcement.", false, "share is not always a share link"},
		{"Copyrighted works were not covered by the agreement, officials said on Tuesday in Brussels.", false, "copyright word inside a sentence"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := isBoilerplate(tt.line); got != tt.want {
				t.Errorf("isBoilerplate(%q) = %v, want %v (%s)", tt.line, got, tt.want, tt.reason)
			}
		})
	}
}

func TestIsSectionHeader(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Latest posts", true},
		{"Related stories", true},
		{"Related", true},
		{"Read more", true},
		{"More from Baltic Ledger", true},
		{"You may also like", true},
		{"Most read", true},
		{"À lire aussi", true},
		{"Mehr zum Thema", true},
		{"Related:", true},
		{"Latest developments in the Taiwan Strait", false},
		{"Read more about the summit in our explainer, which covers every decision.", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := isSectionHeader(tt.line); got != tt.want {
				t.Errorf("isSectionHeader(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}

func TestBylineAuthor(t *testing.T) {
	tests := []struct {
		line   string
		want   string
		ok     bool
		reason string
	}{
		{"By Anna Kask", "Anna Kask", true, ""},
		{"by Anna Kask and Jan Berg", "Anna Kask and Jan Berg", true, ""},
		{"Written by Claire Dubois", "Claire Dubois", true, ""},
		{"Par Julien Lefèvre", "Julien Lefèvre", true, "French"},
		{"Von Lena Vogel | 11. Juli 2023", "Lena Vogel", true, "date after a separator"},
		{"By Anna Kask, 11 July 2023", "Anna Kask", true, "date after a comma"},
		{"By 2030, the alliance wants more troops.", "", false, "a sentence that starts with By"},
		{"By the end of the summit, allies agreed.", "", false, "a sentence that starts with By"},
		{"Julien Lefèvre", "", false, "no byline word"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := bylineAuthor(tt.line)
			if ok != tt.ok || got != tt.want {
				t.Errorf("bylineAuthor(%q) = %q, %v; want %q, %v (%s)", tt.line, got, ok, tt.want, tt.ok, tt.reason)
			}
		})
	}
}

func TestStripSiteName(t *testing.T) {
	tests := []struct {
		name, title, site, host, want string
	}{
		{"pipe suffix", "NATO leaders meet | Baltic Ledger", "Baltic Ledger", "", "NATO leaders meet"},
		{"dash suffix matching host", "Japan and France hold a drill - Pacific Monitor", "", "pacificmonitor", "Japan and France hold a drill"},
		{"prefix", "Baltic Ledger | NATO leaders meet", "Baltic Ledger", "", "NATO leaders meet"},
		{"unknown short pipe suffix", "Allies agree new defence plans at summit | Daily Example", "", "", "Allies agree new defence plans at summit"},
		{"unknown dash suffix", "Sweden clears last hurdle on NATO path - Reuters", "", "", "Sweden clears last hurdle on NATO path"},
		{"dash inside the headline", "NATO - China tensions rise after the summit", "", "", "NATO - China tensions rise after the summit"},
		{"colon kept", "Vilnius summit: what allies agreed", "Example", "", "Vilnius summit: what allies agreed"},
		{"site and section", "Allies meet in Vilnius | Europe | Baltic Ledger", "Baltic Ledger", "", "Allies meet in Vilnius"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, stripSiteName(tt.title, tt.site, tt.host)); diff != "" {
				t.Errorf("stripSiteName(%q) mismatch (-want +got):\n%s", tt.title, diff)
			}
		})
	}
}

func TestCleanUnits(t *testing.T) {
	prose := "Allied leaders agreed on new regional defence plans, the first of their kind since the end of the Cold War."
	tests := []struct {
		name      string
		units     []string
		title     string
		findTitle bool
		want      cleaned
		reason    string
	}{
		{
			name:      "title, dateline and repeated title",
			units:     []string{"Skip to main content", "Allies agree defence plans in Vilnius", "12 July 2023", "Allies agree defence plans in Vilnius.", "2 min read", prose},
			findTitle: true,
			want:      cleaned{title: "Allies agree defence plans in Vilnius", date: utcDate(2023, 7, 12), paras: []string{prose}},
		},
		{
			name:   "known title and byline",
			units:  []string{"Defence", "Allies agree defence plans in Vilnius", "By Anna Kask", prose},
			title:  "Allies agree defence plans in Vilnius",
			want:   cleaned{author: "Anna Kask", paras: []string{prose}},
			reason: "the kicker above the title goes",
		},
		{
			name:   "duplicate paragraphs",
			units:  []string{prose, prose},
			want:   cleaned{paras: []string{prose}},
			reason: "a paragraph repeated verbatim is kept once",
		},
		{
			name:   "date in a later sentence is text",
			units:  []string{prose, "Talks resumed on 9 August 2023 in Brussels, officials said.", prose + " More."},
			want:   cleaned{paras: []string{prose, "Talks resumed on 9 August 2023 in Brussels, officials said.", prose + " More."}},
			reason: "only datelines at the top are metadata",
		},
		{
			name:   "section header before most of the text is kept",
			units:  []string{prose, "Related", prose + " Second.", prose + " Third."},
			want:   cleaned{paras: []string{prose, prose + " Second.", prose + " Third."}},
			reason: "a header in the first half does not end the article",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanUnits(tt.units, tt.title, tt.findTitle)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(cleaned{})); diff != "" {
				t.Errorf("cleanUnits mismatch (-want +got): %s\n%s", tt.reason, diff)
			}
		})
	}
}
