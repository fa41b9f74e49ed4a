// Package actor holds georisk's actor dictionaries (countries, IGOs, agents,
// people with dated roles) and recognizes actors in sentences.
//
// [Load] reads the dictionaries embedded from data/ (and any extra files);
// [Dict.Find] finds the actors of a sentence; [Dict.Resolve] turns what a
// user types ("NATO", "Chinese military", "Macron") into a code;
// [Dict.Name] shows a code as a name; [Dict.Members] lists the members of a
// group on a day. A Dict is read-only and safe for concurrent use.
//
// # Codes
//
// Codes follow CAMEO as the Phoenix dictionaries write them: a country's
// ISO 3166 alpha-3 code ("CHN"), then agent codes of three letters
// ("CHNGOV", "CHNMIL"); IGOs are IGO + region or sector + organisation
// ("IGOWSTNAT" NATO, "IGOEUREEC" EU, "IGOUNO" UN; data/igos.txt lists them,
// with the ones georisk had to define: G20 IGOBUSGTW, Quad IGOASAQUD, AUKUS
// IGOWSTAUK, SCO IGOCASSCO, BRICS IGOBUSBRC). An agent with no country is
// coded alone: "state media" is "MED". An IGO with GOV is the IGO itself
// ("NATO's secretary general" is IGOWSTNAT); with other agents it is
// composed like a country ("NATO forces" is IGOWSTNATMIL).
//
// # Matching
//
// Find tokenizes the sentence (words, initialisms such as "U.S.", and
// possessives cut off as a flag), looks each word up in a hash table of the
// dictionaries' words, and walks a trie of phrases over word ids; the
// leftmost, then longest, phrase wins and matches do not overlap. It does
// not allocate when dst has room. Then phrases combine:
//
//   - COUNTRY AGENT…: "Chinese media" (CHNMED), "China's Foreign Ministry",
//     "Ukraine President", "the Philippine coast guard" (PHLMIL); a capital
//     or seat of power stands for its country here ("Beijing's military" is
//     CHNMIL). With several agents in a row the first one gives the code
//     ("defence ministry spokesman" is the ministry's).
//   - AGENT of [the] COUNTRY: "the Ministry of Foreign Affairs of the
//     People's Republic of China".
//   - diplomatic posts take "to/in/at [the] PLACE": "China's Mission to the
//     EU" is one CHNGOV actor, not also the EU.
//   - a title or country before a person merges into the person: "French
//     President Emmanuel Macron" is one match, coded by Macron's role.
//
// Case matters where it should: dictionary words in lower case match any
// case, capitalised ones ("Turkey", "US") match as written or in capitals
// when three letters or more ("TURKEY", but not "us" nor "Us"). A leading
// "the" is optional and never part of a match; End stops before a
// possessive "'s" or "’s". Non-actor phrases that contain an actor's name
// ("South China Sea", "Taiwan Strait", "Chinese New Year", "French fries")
// are matched like others and dropped. A name followed by "-based",
// "-born", "-listed", "-made" and the like is not an actor
// ("London-based"), nor is one right before "$" ("US$").
//
// # People
//
// People are coded by the role they held on the date passed to Find (its
// calendar day where it is; a zero date means today): Macron is FRAGOV from
// 2017-05-14, Stoltenberg IGOWSTNAT until 2024-10-01 and Rutte from then.
// Spans are half-open: on 2025-01-20 Trump is USAGOV and Biden, whose span
// ends that day, is not. A person with no role that day is coded as a civilian
// of their country (Trump in 2023 is USACVL), as CAMEO has no "former
// official" code in use; a person with no country then has no code. A
// surname listed alone ("Macron") matches alone; when two people share it
// ("Sharif", "Duterte") the one holding a role that day is chosen; if both
// hold roles with different codes, or neither does and their countries
// differ, the name is ambiguous and not matched. A lone surname right after another
// capitalised word ("Gerhard Stoltenberg") is taken for someone else's and
// skipped.
//
// # Choices
//
//   - A capital as a metonym is the government: "Beijing" is CHNGOV, "the
//     Kremlin" RUSGOV, "Washington" USAGOV, even where the text only means
//     the city. Brussels is the EU (IGOEUREEC): in international news it
//     names the EU far more often than Belgium or NATO.
//   - Every ministry is GOV, defence ministries included ("Japan's Defense
//     Ministry" is JPNGOV), and so are their ministers. The Pentagon, named
//     as such, is USAMIL.
//   - Coast guards are MIL, as in the Phoenix dictionaries ("the Philippine
//     coast guard" is PHLMIL, the China Coast Guard CHNMIL): in the maritime
//     disputes georisk follows they act as armed services.
//   - Protesters and demonstrators are OPP, as in the Phoenix dictionaries.
//     Insurgents, militants and separatists are REB; militias are UAF.
//   - These conventions are those of the coder's development set
//     (internal/code/eval/testdata/devset/README.md): change them together.
//   - Demonyms code the country: "Filipinos" is PHL.
//   - "Korea" alone is South Korea; "Congolese" is the DR Congo.
//
// # Dictionary format
//
// Dictionaries are UTF-8 text, one entry a line: a keyword, maybe a code,
// then fields separated by "|"; lists inside a field are separated by ";".
// "#" starts a comment (at the start of a line or after a space). Syntax
// errors and unknown codes are errors naming the file and line.
//
//	code GOV | government                              a CAMEO agent code and its label
//	country CHN | China; PRC | adj: Chinese | demonym: Chinese | capital: Beijing | seat: Zhongnanhai | nomatch: …
//	igo IGOWSTNAT | NATO; North Atlantic Treaty Organization | seat: …
//	member IGOWSTNAT | FIN | 2023-04-04..              members from a day (half-open spans)
//	agent GOV | foreign ministry; embassy | bound post   agent words (flags: bound, post)
//	actor CHNMIL | People's Liberation Army; PLA       an institution with a fixed code
//	group PSEREB | Hamas                               a non-state group
//	person FRA | Emmanuel Macron; Macron | FRAGOV 2017-05-14.. President | FRAGOV 2014-08-26..2016-08-30 Minister of the Economy
//	nonactor | South China Sea; Taiwan Strait           phrases that are no actor
//
// The first name of a country, IGO, actor or person is its display name.
// Dates are YYYY-MM-DD, or YYYY-MM where only the month is known (read as
// its first day); spans are FROM..TO, FROM.. or ..TO, with TO the first day
// not included. Agent words marked "bound" only count next to a country or
// a person ("president", "people", "companies"); "post" marks diplomatic
// posts. data/README.md describes the embedded files.
//
// Extra files may also be PETRARCH/Phoenix actor and agent dictionaries,
// recognised by their first line: NAME_ lines with "_" between words,
// +SYNONYM lines, [CODE] and dated [CODE YYMMDD-YYMMDD], [CODE >YYMMDD]
// (from that day), [CODE <YYMMDD] (before it) lines, and agents as
// WORD_ [~GOV]. PETRARCH names are upper case: they match words that start
// with a capital, or in capitals when three letters or shorter. Their
// PETRARCH end dates are inclusive; years 00–49 are 2000–2049. An agent
// code must be declared (data/codes.txt has CAMEO's); in an actor code the
// first agent after the country must be too, and what follows (party and
// group codes such as TURGOVAKP) is kept as it is. PETRARCH's word stems
// (names without the final "_") match whole words only.
//
// The country names come from internal/source/acled/country's table, copied
// to data/iso3166.tsv by go generate (a test checks the copy); data/
// countries.txt adds display names, aliases, adjectives, demonyms, capitals
// and seats of power.
package actor
