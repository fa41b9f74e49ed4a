package screen

import "strings"

// CountryCode returns the ISO 3166 alpha-2 code of a country given by code
// or by a common English name, and "" when it does not know it.
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	return countryNames[strings.ToLower(s)]
}

var countryNames = map[string]string{
	"china": "CN", "people's republic of china": "CN", "prc": "CN", "hong kong": "HK", "macau": "MO", "macao": "MO",
	"taiwan": "TW", "russia": "RU", "russian federation": "RU", "iran": "IR", "iran (islamic republic of)": "IR",
	"north korea": "KP", "democratic people's republic of korea": "KP", "korea, north": "KP", "south korea": "KR",
	"republic of korea": "KR", "korea, south": "KR", "syria": "SY", "syrian arab republic": "SY", "cuba": "CU",
	"venezuela": "VE", "belarus": "BY", "myanmar": "MM", "burma": "MM", "united states": "US", "united states of america": "US",
	"usa": "US", "united kingdom": "GB", "uk": "GB", "iraq": "IQ", "afghanistan": "AF", "pakistan": "PK",
	"united arab emirates": "AE", "uae": "AE", "turkey": "TR", "türkiye": "TR", "lebanon": "LB", "libya": "LY", "yemen": "YE",
	"sudan": "SD", "south sudan": "SS", "somalia": "SO", "democratic republic of the congo": "CD", "congo, democratic republic of the": "CD",
	"central african republic": "CF", "mali": "ML", "ukraine": "UA", "germany": "DE", "france": "FR", "japan": "JP",
	"india": "IN", "singapore": "SG", "malaysia": "MY", "armenia": "AM", "kazakhstan": "KZ", "uzbekistan": "UZ",
	"kyrgyzstan": "KG", "tajikistan": "TJ", "georgia": "GE", "azerbaijan": "AZ", "israel": "IL", "egypt": "EG",
	"saudi arabia": "SA", "qatar": "QA", "kuwait": "KW", "jordan": "JO", "mexico": "MX", "colombia": "CO", "panama": "PA",
	"nicaragua": "NI", "canada": "CA", "netherlands": "NL", "switzerland": "CH", "italy": "IT", "spain": "ES",
	"cyprus": "CY", "greece": "GR", "bulgaria": "BG", "serbia": "RS", "thailand": "TH", "vietnam": "VN", "viet nam": "VN",
	"indonesia": "ID", "philippines": "PH", "eritrea": "ER", "ethiopia": "ET", "kenya": "KE", "nigeria": "NG",
	"zimbabwe": "ZW", "south africa": "ZA", "guinea": "GN", "liberia": "LR", "sierra leone": "SL", "haiti": "HT",
}
