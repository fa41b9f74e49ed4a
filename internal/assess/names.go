package assess

import "strings"

// CountryName writes a country's display name as English needs it inside
// a sentence, with the article some names take: "the United States", "the
// United Kingdom", "the Netherlands", "the Philippines", "the Czech
// Republic"; "China" and "Japan" stay as they are. A name that already
// starts with "the" is left alone.
func CountryName(name string) string {
	n := strings.TrimSpace(name)
	if n == "" || strings.HasPrefix(strings.ToLower(n), "the ") {
		return n
	}
	if theNames[strings.ToLower(n)] {
		return "the " + n
	}
	for _, w := range strings.Fields(n) {
		if theWords[w] {
			return "the " + n
		}
	}
	return n
}

// Possessive writes "the United States'" or "China's".
func Possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// theNames take an article although no word of theirs says so.
var theNames = map[string]bool{"netherlands": true, "philippines": true, "bahamas": true, "gambia": true, "maldives": true,
	"comoros": true, "seychelles": true, "holy see": true, "vatican": true, "uae": true, "us": true, "usa": true, "uk": true,
	"eu": true, "congo": true}

// theWords make a name take an article: "United States", "Czech
// Republic", "Solomon Islands", "Russian Federation", "European Union".
var theWords = map[string]bool{"United": true, "Republic": true, "Kingdom": true, "States": true, "Islands": true,
	"Emirates": true, "Federation": true, "Union": true}

// fillHost puts a host's name into a template of the model: "{host}'s"
// becomes its possessive, "{host}" its name with its article; a sentence
// (sentence true) starts with a capital.
func fillHost(s, host string, sentence bool) string {
	name := CountryName(host)
	s = strings.ReplaceAll(s, "{host}'s", Possessive(name))
	s = strings.ReplaceAll(s, "{host}", name)
	if sentence && s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}
