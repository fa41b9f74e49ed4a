package text

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sentenceTexts returns the text of each sentence of s.
func sentenceTexts(s string) []string {
	var out []string
	for _, x := range Sentences(s, nil) {
		out = append(out, s[x.Start:x.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		text   string
		want   []string
	}{
		{
			name:   "empty",
			reason: "no text, no sentences",
			text:   "",
			want:   nil,
		},
		{
			name:   "only space",
			reason: "space, line breaks and no-break spaces hold no sentence",
			text:   " \n\t\u00a0\r\n \u3000",
			want:   nil,
		},
		{
			name:   "plain",
			reason: "a period before a capital ends a sentence",
			text:   "NATO leaders met in Vilnius on 11 July 2023. Sweden's bid was unblocked.",
			want:   []string{"NATO leaders met in Vilnius on 11 July 2023.", "Sweden's bid was unblocked."},
		},
		{
			name:   "U.S. before a name",
			reason: "U.S. followed by a word that does not open sentences is part of a name",
			text:   "The U.S. Navy sailed a destroyer past the Paracel Islands. China protested.",
			want:   []string{"The U.S. Navy sailed a destroyer past the Paracel Islands.", "China protested."},
		},
		{
			name:   "U.S. ends a sentence",
			reason: `"The" after U.S. opens a new sentence`,
			text:   "The rules cover chips designed in the U.S. The Commerce Department published them on 17 October 2023.",
			want: []string{
				"The rules cover chips designed in the U.S.",
				"The Commerce Department published them on 17 October 2023.",
			},
		},
		{
			name:   "U.K. and U.N.",
			reason: "dotted abbreviations inside a sentence",
			text:   "The U.K. and the U.N. Security Council welcomed the grain deal. Russia left it a week later.",
			want: []string{
				"The U.K. and the U.N. Security Council welcomed the grain deal.",
				"Russia left it a week later.",
			},
		},
		{
			name:   "Dept.",
			reason: "Dept. before a lower-case word or a name does not end the sentence",
			text:   "The Commerce Dept. said it would close loopholes. A Commerce Dept. Official spoke too.",
			want: []string{
				"The Commerce Dept. said it would close loopholes.",
				"A Commerce Dept. Official spoke too.",
			},
		},
		{
			name:   "military ranks",
			reason: "Gen., Lt., Col. and an initial come before names",
			text:   "Gen. Charles Q. Brown met Lt. Col. Aiko Sato in Tokyo. The talks lasted two hours.",
			want:   []string{"Gen. Charles Q. Brown met Lt. Col. Aiko Sato in Tokyo.", "The talks lasted two hours."},
		},
		{
			name:   "political titles",
			reason: "Sen., Rep. and Gov. come before names",
			text:   "Sen. Marco Rubio and Rep. Mike Gallagher urged tighter controls, and Gov. Gavin Newsom visited Beijing. The embassy said nothing.",
			want: []string{
				"Sen. Marco Rubio and Rep. Mike Gallagher urged tighter controls, and Gov. Gavin Newsom visited Beijing.",
				"The embassy said nothing.",
			},
		},
		{
			name:   "courtesy titles",
			reason: "Mr., Mrs., Dr. and Prof. never end a sentence",
			text:   "Mr. Stoltenberg told Dr. Lee and Prof. Ito that Mrs. Kallas would attend.",
			want:   []string{"Mr. Stoltenberg told Dr. Lee and Prof. Ito that Mrs. Kallas would attend."},
		},
		{
			name:   "St.",
			reason: "St. before a place name",
			text:   "The delegation flew to St. Petersburg for the forum. Nothing was signed.",
			want:   []string{"The delegation flew to St. Petersburg for the forum.", "Nothing was signed."},
		},
		{
			name:   "No. 10",
			reason: "No. before a number",
			text:   "A spokesman for No. 10 declined to comment. No. The minister did not resign.",
			want:   []string{"A spokesman for No. 10 declined to comment.", "No.", "The minister did not resign."},
		},
		{
			name:   "abbreviated months",
			reason: "Oct. and Sept. before a day or a year",
			text:   "The rules of Oct. 17 were revised in Sept. 2024 after talks. Exporters complained.",
			want:   []string{"The rules of Oct. 17 were revised in Sept. 2024 after talks.", "Exporters complained."},
		},
		{
			name:   "abbreviated month ends a sentence",
			reason: "Jan. before a sentence opener ends the sentence",
			text:   "The drill was postponed until Jan. The navies then sailed in March.",
			want:   []string{"The drill was postponed until Jan.", "The navies then sailed in March."},
		},
		{
			name:   "company words inside a name",
			reason: "Corp. before a lower-case word and Co. Ltd. run on",
			text:   "Nvidia Corp. said the rules would cut sales. Shares of Taiwan Semiconductor Manufacturing Co. Ltd. fell 2%.",
			want: []string{
				"Nvidia Corp. said the rules would cut sales.",
				"Shares of Taiwan Semiconductor Manufacturing Co. Ltd. fell 2%.",
			},
		},
		{
			name:   "company word ends a sentence",
			reason: "Corp. before a capital that does not continue the name ends the sentence",
			text:   "The chips are designed by Nvidia Corp. Beijing called the rules bullying. Micron Technology Inc. Chief Executive Sanjay Mehrotra was in Beijing.",
			want: []string{
				"The chips are designed by Nvidia Corp.",
				"Beijing called the rules bullying.",
				"Micron Technology Inc. Chief Executive Sanjay Mehrotra was in Beijing.",
			},
		},
		{
			name:   "vs.",
			reason: "vs. never ends a sentence",
			text:   "The vote was 28 vs. 3 in favour. Hungary abstained.",
			want:   []string{"The vote was 28 vs. 3 in favour.", "Hungary abstained."},
		},
		{
			name:   "e.g. and i.e.",
			reason: "e.g. and i.e. never end a sentence",
			text:   "Allies pledged kit, e.g. Leopard tanks, i.e. what Kyiv had asked for. The list was long.",
			want:   []string{"Allies pledged kit, e.g. Leopard tanks, i.e. what Kyiv had asked for.", "The list was long."},
		},
		{
			name:   "etc. before a lower-case word",
			reason: "etc. followed by a lower-case word does not end the sentence",
			text:   "They discussed drones, shells, air defence etc. and agreed on a fund.",
			want:   []string{"They discussed drones, shells, air defence etc. and agreed on a fund."},
		},
		{
			name:   "etc. before a capital",
			reason: "etc. followed by a capital ends the sentence, like any word",
			text:   "They discussed drones, shells, air defence, etc. Finland offered more.",
			want:   []string{"They discussed drones, shells, air defence, etc.", "Finland offered more."},
		},
		{
			name:   "a.m. and p.m.",
			reason: "a.m. before a lower-case word runs on; p.m. before an opener ends the sentence",
			text:   "The summit opened at 9 a.m. on Tuesday and closed at 6 p.m. The communique came later.",
			want:   []string{"The summit opened at 9 a.m. on Tuesday and closed at 6 p.m.", "The communique came later."},
		},
		{
			name:   "initials",
			reason: "a single capital with a period is an initial",
			text:   "President Joseph R. Biden hosted Japan and South Korea at Camp David in August 2023. They agreed to meet every year.",
			want: []string{
				"President Joseph R. Biden hosted Japan and South Korea at Camp David in August 2023.",
				"They agreed to meet every year.",
			},
		},
		{
			name:   "decimal numbers",
			reason: "a period between digits is a decimal point",
			text:   "China's economy grew 5.2 percent in 2023, officials said. Analysts had expected 5.0 percent.",
			want:   []string{"China's economy grew 5.2 percent in 2023, officials said.", "Analysts had expected 5.0 percent."},
		},
		{
			name:   "numbers ending sentences",
			reason: "a period after a number followed by a capital ends the sentence",
			text:   "Turkey's parliament approved Sweden's bid by 287 votes to 55. Hungary followed in February.",
			want:   []string{"Turkey's parliament approved Sweden's bid by 287 votes to 55.", "Hungary followed in February."},
		},
		{
			name:   "closing curly quote",
			reason: "a sentence ending inside closing quotes ends after them",
			text:   "Beijing called the resupply “a serious provocation that demands a firm response.” Manila rejected the claim.",
			want: []string{
				"Beijing called the resupply “a serious provocation that demands a firm response.”",
				"Manila rejected the claim.",
			},
		},
		{
			name:   "closing straight quote",
			reason: "the sentence ends after the quote, before Then",
			text:   `Marcos said, "We will not be intimidated." Then he flew to Tokyo.`,
			want:   []string{`Marcos said, "We will not be intimidated."`, "Then he flew to Tokyo."},
		},
		{
			name:   "quoted question before he said",
			reason: "a question inside quotes followed by a lower-case word does not end the sentence",
			text:   `"Why would we back down?" the admiral asked reporters. Nobody answered.`,
			want:   []string{`"Why would we back down?" the admiral asked reporters.`, "Nobody answered."},
		},
		{
			name:   "quoted exclamation before a verb",
			reason: "an exclamation inside quotes followed by a lower-case word does not end the sentence",
			text:   `“Not one inch!” shouted the crowd outside the embassy in Manila.`,
			want:   []string{`“Not one inch!” shouted the crowd outside the embassy in Manila.`},
		},
		{
			name:   "question and exclamation",
			reason: "? and ! end sentences",
			text:   "Will Beijing retaliate? Analysts think so! The ministry has hinted at curbs on gallium.",
			want:   []string{"Will Beijing retaliate?", "Analysts think so!", "The ministry has hinted at curbs on gallium."},
		},
		{
			name:   "ALL-CAPS headline",
			reason: "a headline line above its story is a sentence of its own",
			text:   "NATO LEADERS AGREE ON UKRAINE PATH AT VILNIUS SUMMIT\nVILNIUS, July 11 (Reuters) - NATO leaders said on Tuesday that Ukraine's future lies in the alliance.",
			want: []string{
				"NATO LEADERS AGREE ON UKRAINE PATH AT VILNIUS SUMMIT",
				"VILNIUS, July 11 (Reuters) - NATO leaders said on Tuesday that Ukraine's future lies in the alliance.",
			},
		},
		{
			name:   "capitals inside a wrapped sentence",
			reason: "a line in capitals that does not begin a sentence is not a headline",
			text:   "The talks were held in\nVILNIUS AND WARSAW\nlast week.",
			want:   []string{"The talks were held in\nVILNIUS AND WARSAW\nlast week."},
		},
		{
			name:   "Reuters hard wrap",
			reason: "single line breaks inside a wrapped paragraph join; an indented line starts a paragraph",
			text: "    Japan and France began their first joint fighter drill on July\n" +
				"26, with Rafale jets flying alongside Japanese F-15s over the\n" +
				"Pacific, the Japanese air force said.\n" +
				"    The drill, which ran until July 29, came as both countries\n" +
				"voiced concern about China's military activity\n" +
				"    Paris sent two Rafales and a tanker.\n",
			want: []string{
				"Japan and France began their first joint fighter drill on July\n26, with Rafale jets flying alongside Japanese F-15s over the\nPacific, the Japanese air force said.",
				"The drill, which ran until July 29, came as both countries\nvoiced concern about China's military activity",
				"Paris sent two Rafales and a tanker.",
			},
		},
		{
			name:   "wrapped line ending in an abbreviation",
			reason: "a line break after U.S. is a space, and U.S. before a name does not end the sentence",
			text:   "A spokesman for the U.S.\nEmbassy in Manila said the convoy was lawful.",
			want:   []string{"A spokesman for the U.S.\nEmbassy in Manila said the convoy was lawful."},
		},
		{
			name:   "wrapped line ending in a period",
			reason: "a line ending with a full stop ends the sentence",
			text:   "Chinese coast guard ships fired water cannon at a Philippine\nsupply boat near Second Thomas Shoal.\nManila summoned the Chinese envoy.",
			want: []string{
				"Chinese coast guard ships fired water cannon at a Philippine\nsupply boat near Second Thomas Shoal.",
				"Manila summoned the Chinese envoy.",
			},
		},
		{
			name:   "heading before a blank line",
			reason: "a blank line always ends a sentence",
			text:   "Export controls\n\nThe Commerce Department tightened its rules on AI chips.",
			want:   []string{"Export controls", "The Commerce Department tightened its rules on AI chips."},
		},
		{
			name:   "blank line with CRLF and spaces",
			reason: "a line holding only space is blank",
			text:   "Second Thomas Shoal\r\n  \r\nThe BRP Sierra Madre was grounded there in 1999",
			want:   []string{"Second Thomas Shoal", "The BRP Sierra Madre was grounded there in 1999"},
		},
		{
			name:   "list items",
			reason: "each list item is a sentence even without final punctuation",
			text:   "The communique says:\n- Ukraine's future is in NATO\n- Allies will spend 2% of GDP on defence\n• Sweden will join",
			want: []string{
				"The communique says:",
				"- Ukraine's future is in NATO",
				"- Allies will spend 2% of GDP on defence",
				"• Sweden will join",
			},
		},
		{
			name:   "wrapped dash is not a list",
			reason: "a wrapped line starting with a dash and a lower-case word continues the sentence",
			text:   "The deal covers grain\n- and fertiliser - shipped from Odesa.",
			want:   []string{"The deal covers grain\n- and fertiliser - shipped from Odesa."},
		},
		{
			name:   "table rows",
			reason: "lines with wide gaps are table rows, each a sentence",
			text:   "Exports in 2023:\nJapan      1,204\nFrance       877\n",
			want:   []string{"Exports in 2023:\nJapan      1,204", "France       877"},
		},
		{
			name:   "ASCII ellipsis",
			reason: "... before a capital ends the sentence",
			text:   "The envoy paused... Then he walked out of the meeting.",
			want:   []string{"The envoy paused...", "Then he walked out of the meeting."},
		},
		{
			name:   "ellipsis of omission",
			reason: "an ellipsis before a lower-case word does not end the sentence",
			text:   `"We will … defend every inch," the defence minister said.`,
			want:   []string{`"We will … defend every inch," the defence minister said.`},
		},
		{
			name:   "Unicode ellipsis",
			reason: "… before a capital ends the sentence",
			text:   "Talks on the grain corridor stalled again… Diplomats blamed Moscow.",
			want:   []string{"Talks on the grain corridor stalled again…", "Diplomats blamed Moscow."},
		},
		{
			name:   "sentence in parentheses",
			reason: "a sentence ending in ) ends after the bracket",
			text:   "(The ministry did not answer a request for comment.) The shoal remains contested.",
			want:   []string{"(The ministry did not answer a request for comment.)", "The shoal remains contested."},
		},
		{
			name:   "sentence ending in ]",
			reason: "closing brackets after the period belong to the sentence",
			text:   `The note cited "the 2016 award [of the tribunal.]" Beijing rejects it.`,
			want:   []string{`The note cited "the 2016 award [of the tribunal.]"`, "Beijing rejects it."},
		},
		{
			name:   "US state abbreviation",
			reason: "Mich. before an opening bracket and a number does not end the sentence",
			text:   "The plant in Flint, Mich. (about 2,500 workers) will make drones.",
			want:   []string{"The plant in Flint, Mich. (about 2,500 workers) will make drones."},
		},
		{
			name:   "hyphenated abbreviation",
			reason: "a period inside a word does not end the sentence",
			text:   "Manila elected a pro-U.S. president in 2022 and joined U.S.-led drills.",
			want:   []string{"Manila elected a pro-U.S. president in 2022 and joined U.S.-led drills."},
		},
		{
			name:   "Chinese",
			reason: "。！？ end sentences without a following space",
			text:   "中国海警船使用了水炮。菲律宾提出抗议！这是第几次？",
			want:   []string{"中国海警船使用了水炮。", "菲律宾提出抗议！", "这是第几次？"},
		},
		{
			name:   "Japanese with closing bracket",
			reason: "a quotation closed by 」 and followed by と述べた is part of the sentence",
			text:   "防衛省は「訓練は成功した。」と述べた。日仏の訓練は四日間続いた。",
			want:   []string{"防衛省は「訓練は成功した。」と述べた。", "日仏の訓練は四日間続いた。"},
		},
		{
			name:   "Arabic question mark",
			reason: "؟ ends a sentence",
			text:   "هل ستتصاعد الأزمة؟ لا أحد يعرف.",
			want:   []string{"هل ستتصاعد الأزمة؟", "لا أحد يعرف."},
		},
		{
			name:   "Devanagari danda",
			reason: "। ends a sentence",
			text:   "भारत ने बयान जारी किया। चीन ने जवाब दिया।",
			want:   []string{"भारत ने बयान जारी किया।", "चीन ने जवाब दिया।"},
		},
		{
			name:   "invalid UTF-8",
			reason: "junk bytes are text like any other",
			text:   "\xff\xfe The boat sank. \xc3",
			want:   []string{"\xff\xfe The boat sank.", "\xc3"},
		},
		{
			name:   "no-break spaces",
			reason: "U+00A0 and U+3000 are trimmed like spaces",
			text:   "\u00a0The talks ended.\u00a0 More followed.\u3000",
			want:   []string{"The talks ended.", "More followed."},
		},
		{
			name:   "paragraph separator",
			reason: "U+2029 ends a sentence",
			text:   "Second Thomas Shoal\u2029The resupply went ahead",
			want:   []string{"Second Thomas Shoal", "The resupply went ahead"},
		},
		{
			name:   "lower-case after question",
			reason: "a question mark before a lower-case word is read as mid-sentence",
			text:   "Who gains? nobody, the report concludes.",
			want:   []string{"Who gains? nobody, the report concludes."},
		},
		{
			name:   "Sept. 11 and Article 5",
			reason: "Sept. before a day runs on; an ordinary word before Article ends the sentence",
			text:   "The attacks of Sept. 11 drew in NATO. Article 5 was invoked for the first time.",
			want:   []string{"The attacks of Sept. 11 drew in NATO.", "Article 5 was invoked for the first time."},
		},
		{
			name:   "terminal at end without space",
			reason: "the end of the text ends the last sentence",
			text:   "Sweden joined NATO on 7 March 2024.",
			want:   []string{"Sweden joined NATO on 7 March 2024."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\nSentences(%q) mismatch (-want +got):\n%s", tt.reason, tt.text, diff)
			}
			checkSentences(t, tt.text, Sentences(tt.text, nil))
		})
	}
}

func TestSentencesAppends(t *testing.T) {
	dst := make([]Sentence, 1, 8)
	dst[0] = Sentence{-1, -1}
	got := Sentences("One. Two.", dst)
	want := []Sentence{{-1, -1}, {0, 4}, {5, 9}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sentences must append to dst (-want +got):\n%s", diff)
	}
}

func TestSentencesLong(t *testing.T) {
	words := strings.Repeat("alliance ", 100000/9+1)[:100000]
	usa := strings.Repeat("U.S. ", 1<<20/5)
	junk := strings.Repeat("\xe4\xb8\xad", 5000) // 中 with no terminator
	tests := []struct {
		name   string
		reason string
		text   string
	}{
		{"no punctuation", "100,000 bytes of words are cut at word boundaries", words},
		{"repeated U.S.", "1 MB of U.S. never ends a sentence by the rules but is cut at MaxSentence", usa},
		{"no spaces", "a run without space is cut at character boundaries", junk},
		{"one long word", "a word longer than MaxSentence", strings.Repeat("x", 5*MaxSentence+7)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.text, nil)
			checkSentences(t, tt.text, got)
			if min := len(strings.TrimSpace(tt.text)) / MaxSentence; len(got) < min {
				t.Errorf("%s: got %d sentences, want at least %d", tt.reason, len(got), min)
			}
			for _, s := range got {
				if s.End-s.Start > MaxSentence {
					t.Fatalf("%s: sentence %v is %d bytes, longer than MaxSentence", tt.reason, s, s.End-s.Start)
				}
			}
		})
	}
	ss := Sentences(junk, nil)
	for k, s := range ss {
		if !strings.HasPrefix(junk[s.Start:], "\xe4") || k < len(ss)-1 && s.End-s.Start < MaxSentence-2 {
			t.Fatalf("sentence %v of CJK junk does not start on a character or is too short", s)
		}
	}
}

// checkSentences checks what every result of Sentences must satisfy: the
// sentences are in order, do not overlap, are trimmed, are at most
// MaxSentence bytes long, and cover every non-space byte of text.
func checkSentences(t testing.TB, text string, got []Sentence) {
	t.Helper()
	prev := 0
	for k, s := range got {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("sentence %d %v is out of order, empty or out of range (previous end %d, len %d)", k, s, prev, len(text))
		}
		if s.End-s.Start > MaxSentence {
			t.Fatalf("sentence %d %v is longer than MaxSentence", k, s)
		}
		if gap := text[prev:s.Start]; !allSpace(gap) {
			t.Fatalf("text %q before sentence %d %v is not space", gap, k, s)
		}
		if spaceLen(text, s.Start) > 0 {
			t.Fatalf("sentence %d %v starts with space: %q", k, s, text[s.Start:s.End])
		}
		if !endsInText(text, s) {
			t.Fatalf("sentence %d %v ends with space: %q", k, s, text[s.Start:s.End])
		}
		prev = s.End
	}
	if rest := text[prev:]; !allSpace(rest) {
		t.Fatalf("text %q after the last sentence is not space", rest)
	}
}

// allSpace reports whether s holds only what Sentences counts as space.
func allSpace(s string) bool {
	for i := 0; i < len(s); {
		n := spaceLen(s, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// endsInText reports whether sentence s of text ends with a non-space
// character, reading the characters from its start as Sentences does.
func endsInText(text string, s Sentence) bool {
	last := s.Start
	for i := s.Start; i < s.End; {
		if n := spaceLen(text, i); n > 0 {
			i += n
			continue
		}
		i++
		last = i
	}
	return last == s.End
}
