package code

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvents(t *testing.T) {
	c := newFakeCoder(t)
	tests := []struct {
		name   string
		text   string
		want   []string // "SRC>TGT:CODE"
		reason string
	}{
		{"subject and object", "China denounced the United States on Tuesday.",
			[]string{"CHN>USA:111"}, "the actor left of the verb is the source, the one right of it the target"},
		{"preposition object", "Russia launched a missile attack on Kyiv overnight.",
			[]string{"RUS>UKR:195"}, "a target after on; a missile attack is aerial; a capital attacked is a place"},
		{"passive with by", "Japan was criticized by China over the release of treated water.",
			[]string{"CHN>JPN:111"}, "the passive swaps the roles; the agent follows by"},
		{"passive without agent", "Two Philippine vessels were attacked near the Second Thomas Shoal.",
			nil, "an event needs a source: an agentless passive says nobody did it"},
		{"negation", "Israel did not attack Iran on Friday.",
			nil, "a negated verb yields no event"},
		{"failed to", "Armenia and Azerbaijan failed to sign a peace treaty in 2023.",
			nil, "failed to negates"},
		{"modal", "China could invade Taiwan within years.",
			nil, "a hypothetical act is no event"},
		{"threat with complement", "The United States threatened to impose sanctions on Iran.",
			[]string{"USA>IRN:1312"}, "threaten + impose sanctions is a threat of sanctions, target from the complement"},
		{"warning, not an act", "China warned that any act that hurts its interests will be met with a resolute response.",
			[]string{"CHN>:130"}, "a warning is a threat; 'be met with' is not a meeting"},
		{"appeal with complement", "Ukraine urged Russia to release the prisoners.",
			[]string{"UKR>RUS:0253"}, "urge X to release prisoners is an appeal for release, X the target"},
		{"refusal with complement", "Russia refused to meet Ukraine in Istanbul.",
			[]string{"RUS>UKR:125"}, "refuse to meet is a rejection of talks"},
		{"intent with reciprocal complement", "Japan and the Philippines agreed to hold joint drills.",
			[]string{"JPN>PHL:0312", "PHL>JPN:0312"}, "agreeing to joint drills is intent to cooperate militarily, both ways"},
		{"vow of conflict is a threat", "Iran vowed to retaliate against Israel.",
			[]string{"IRN>ISR:130"}, "a promise of conflict is a threat"},
		{"future cooperation", "Joe Biden will visit Vietnam next week.",
			[]string{"USAGOV>VNM:036"}, "a visit in the future tense is an intent to meet"},
		{"future conflict", "North Korea will attack South Korea if provoked.",
			[]string{"PRK>KOR:1384"}, "an attack in the future tense is a threat"},
		{"reported speech", "Zelensky said Russia attacked Kyiv overnight.",
			[]string{"RUS>UKR:190"}, "the reported act keeps its own source; the bare statement is dropped"},
		{"speech only", "Antony Blinken said the talks were constructive.",
			nil, "a statement about no actor is no event"},
		{"statement with topic", "China's Foreign Ministry said on Saturday that Taiwan is part of China.",
			[]string{"CHNGOV>TWN:010"}, "a statement is coded when nothing more specific is, about the first other actor it names"},
		{"reported accusation", "Zelensky said Russia was responsible for the attack on the dam.",
			[]string{"UKRGOV>RUS:112"}, "saying that Y was responsible is accusing Y"},
		{"compound reciprocal", "Japan and France held their first joint fighter jet drill.",
			[]string{"JPN>FRA:062", "FRA>JPN:062"}, "a compound subject of a reciprocal event acts both ways"},
		{"compound source", "France and Germany criticized Hungary and Russia.",
			[]string{"FRA>RUS:111", "DEU>RUS:111"}, "each member of a compound subject is a source (Hungary is unknown)"},
		{"nominal with of and by", "The blockade of Gaza by Israel entered its third week.",
			[]string{"ISR>PSE:191"}, "a noun takes its target after of and its source after by"},
		{"nominal with possessive", "China's blockade of Taiwan's ports entered its second day.",
			[]string{"CHN>TWN:191"}, "a possessive is the source of a noun"},
		{"nominal talks between", "Talks between Serbia and Kosovo resumed in Brussels.",
			[]string{"SRB>XKX:046", "XKX>SRB:046"}, "talks between a compound go both ways"},
		{"coordinated verbs", "Beijing accused Washington of meddling and criticized Washington for its arms sales.",
			[]string{"CHNGOV>USAGOV:112", "CHNGOV>USAGOV:111"}, "the object of the first verb is not the subject of the second"},
		{"state protest", "China protested the visit to Taiwan.",
			[]string{"CHN>TWN:114"}, "a state's protest is an official complaint"},
		{"media attack", "Chinese media attacked NATO.",
			[]string{"CHNMED>IGOWSTNAT:111"}, "the media attack in words"},
		{"possessive modifier is no subject", "China's Belt and Road Initiative threatens to displace US companies.",
			nil, "China's qualifies the initiative; the initiative is no actor"},
		{"infinitive", "Leaders discussed ways to respond to China.",
			nil, "an infinitive ends the search for an object"},
		{"gerund after possessive", "Moscow criticized NATO's calling out Russia's conduct.",
			[]string{"RUSGOV>IGOWSTNAT:111", "IGOWSTNAT>RUS:111"}, "a possessive before a gerund is its subject"},
		{"capitalized word is a name", "Protesters in Tbilisi joined the March for Europe with Georgian police watching.",
			nil, "March capitalized inside a sentence is not the verb"},
		{"month is no march", "The Georgian protesters will march on Parliament in March.",
			[]string{"GEOOPP>:133"}, "a march in the future is a threat to protest; in March is a month"},
		{"sanctions", "The EU imposed new sanctions on Russia on Friday.",
			[]string{"IGOEUREEC>RUS:163"}, "impose sanctions on"},
		{"lift sanctions", "Washington eased sanctions on Venezuela's oil sector.",
			[]string{"USAGOV>:085"}, "ease sanctions (Venezuela unknown)"},
		{"arrest", "Russian authorities detained a Wall Street Journal reporter.",
			[]string{"RUS>:173"}, "detain"},
		{"expel diplomats", "Niger's junta expelled the French ambassador.",
			[]string{"NERMIL>FRA:161"}, "expelling an ambassador reduces relations; the actor inside the phrase is the target"},
		{"airstrike", "Israeli warplanes bombed Gaza on Sunday.",
			[]string{"ISR>PSE:195"}, "warplanes bombing is an aerial attack"},
		{"heart attack", "Israel's minister suffered a heart attack.",
			nil, "heart attack is no attack"},
		{"praise", "NATO praised Sweden for its accession.",
			[]string{"IGOWSTNAT>SWE:051"}, "praise"},
		{"meeting", "Xi Jinping met Joe Biden near San Francisco.",
			[]string{"CHNGOV>USAGOV:040", "USAGOV>CHNGOV:040"}, "a meeting goes both ways"},
		{"mediation", "Turkey mediated between Russia and Ukraine.",
			[]string{"TUR>RUS:045", "TUR>UKR:045"}, "mediate"},
		{"extradition", "Britain extradited the suspect to India.",
			[]string{"GBR>IND:063"}, "extradite"},
		{"aid", "Germany sent humanitarian aid to Gaza.",
			[]string{"DEU>PSE:073"}, "humanitarian aid"},
		{"arms", "The United States delivered Patriot missiles to Ukraine.",
			[]string{"USA>UKR:072"}, "military aid"},
		{"swap receive", "Ukraine received tanks from Germany.",
			[]string{"DEU>UKR:072"}, "receiving from swaps the roles"},
		{"investigate", "The EU opened an investigation into Chinese electric car subsidies.",
			[]string{"IGOEUREEC>CHN:090"}, "open an investigation into"},
		{"demand", "Ukraine demanded the withdrawal of Russian troops.",
			[]string{"UKR>RUS:1056"}, "demand + withdrawal is a demand for de-escalation"},
		{"veto", "Russia vetoed the resolution on Ukraine.",
			[]string{"RUS>UKR:129"}, "veto"},
		{"mobilize", "Azerbaijan deployed troops to the border with Armenia.",
			[]string{"AZE>ARM:154"}, "deploy troops"},
		{"cut ties", "Niger cut ties with Ukraine in August.",
			[]string{"NER>UKR:161"}, "break relations"},
		{"seize", "Iran seized a tanker in the Gulf of Oman.",
			[]string{"IRN>:181"}, "seizing a ship is a hijacking"},
		{"abduct", "Hamas took 240 hostages from Israel.",
			[]string{"PSEREB>ISR:181"}, "take hostages"},
		{"massacre", "Hamas massacred Israeli civilians on 7 October.",
			[]string{"PSEREB>ISR:202"}, "massacre"},
		{"ceasefire violation", "Azerbaijan accused Armenia of violating the ceasefire.",
			[]string{"AZE>ARM:1123"}, "accusation of violating a ceasefire is an accusation of aggression; the violation is not coded"},
		{"apology", "Canada apologized to India.",
			[]string{"CAN>IND:055"}, "apologize"},
		{"sign", "Armenia and Azerbaijan signed a border agreement.",
			[]string{"ARM>AZE:057", "AZE>ARM:057"}, "sign an agreement, reciprocal"},
		{"demonstrate", "Georgian protesters rallied against the foreign agents bill.",
			[]string{"GEOOPP>:1412"}, "a rally against a bill demands a policy change"},
		{"military posture", "China staged military drills around Taiwan.",
			[]string{"CHN>TWN:150"}, "military drills are a show of force"},
		{"threat of force", "Russia threatened to attack NATO supply lines.",
			[]string{"RUS>IGOWSTNAT:1384"}, "threaten to attack"},
		{"hunger strike", "Georgian protesters began a hunger strike.",
			[]string{"GEOOPP>:142"}, "hunger strike"},
		{"riot", "Protesters rioted in Dakar.",
			nil, "no actor, no event"},
		{"nuclear", "North Korea test-fired a ballistic missile.",
			[]string{"PRK>:150"}, "a missile test is a show of force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Code(Doc{Body: tt.text, Published: pub, DocID: 1})
			if diff := cmp.Diff(tt.want, brief(r)); diff != "" {
				t.Errorf("%s\n%q: events (-want +got):\n%s", tt.reason, tt.text, diff)
				for _, e := range r.Events {
					t.Logf("  %s %q %s", e.Code, e.Evidence.Trigger, e.Evidence.Pattern)
				}
				t.Logf("notes: %q", r.Notes)
			}
		})
	}
}

func TestCoreference(t *testing.T) {
	c := newFakeCoder(t)
	tests := []struct {
		name, text string
		want       []string
		reason     string
	}{
		{"he", "Xi Jinping met Joe Biden near San Francisco. He said the two countries must avoid conflict with China.",
			[]string{"CHNGOV>USAGOV:040", "USAGOV>CHNGOV:040", "USAGOV>CHN:010"}, "he is the last person named"},
		{"the alliance", "NATO leaders gathered in Vilnius. The alliance condemned Russia.",
			[]string{"IGOWSTNAT>RUS:111"}, "the alliance is the last IGO"},
		{"it", "Japan criticized China. It said Beijing had violated its airspace.",
			[]string{"JPN>CHN:111", "CHNGOV>JPN:150"}, "it is the last subject; violating airspace is a show of force"},
		{"carried target", "Wang Yi criticized NATO on Monday.\n\nChina's Foreign Ministry warned, “Any act that hurts China will be met with a resolute response.”",
			[]string{"CHNGOV>IGOWSTNAT:111", "CHNGOV>IGOWSTNAT:130"}, "a warning with no object takes the target of the source's previous event"},
		{"abstract object", "NATO proposed a liaison office in Tokyo. France blocked the move.",
			[]string{"IGOWSTNAT>:020", "FRA>IGOWSTNAT:120"}, "the move is the previous sentence's first actor's; in Tokyo is a place"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Code(Doc{Body: tt.text, Published: pub, DocID: 1})
			if diff := cmp.Diff(tt.want, brief(r)); diff != "" {
				t.Errorf("%s\n%q: events (-want +got):\n%s", tt.reason, tt.text, diff)
				for _, e := range r.Events {
					t.Logf("  %s %q %s src=%q tgt=%q", e.Code, e.Evidence.Trigger, e.Evidence.Pattern, e.Evidence.SourceText, e.Evidence.TargetText)
				}
			}
		})
	}
}

func TestEvidence(t *testing.T) {
	c := newFakeCoder(t)
	body := "Headline here.\n\nOn 12 March 2024, Beijing criticized Tokyo over the plan."
	r := c.Code(Doc{Body: body, Published: pub, DocID: 42})
	if len(r.Events) != 1 {
		t.Fatalf("got %d events, want 1: %v", len(r.Events), brief(r))
	}
	e := r.Events[0]
	sent := body[e.Evidence.Sentence.Start:e.Evidence.Sentence.End]
	if !strings.HasPrefix(sent, "On 12 March") || !strings.HasSuffix(sent, "plan.") {
		t.Errorf("sentence span = %q", sent)
	}
	if e.Origin != "coded" || e.OriginID != "42:1:0" || e.DocID != 42 {
		t.Errorf("origin = %q %q %d", e.Origin, e.OriginID, e.DocID)
	}
	if got := e.Date.Format("2006-01-02"); got != "2024-03-12" || e.Evidence.DateSource != "text" || e.Evidence.DateText == "" {
		t.Errorf("date = %s %q %q", got, e.Evidence.DateSource, e.Evidence.DateText)
	}
	if e.Code != "111" || e.Root != "11" || e.PLOVER == "" || e.Goldstein != -2 || e.Quad != 3 {
		t.Errorf("code fields = %+v", e)
	}
	if e.Evidence.Trigger != "criticized" || e.Evidence.Pattern != "criticize" || e.Evidence.SourceText != "Beijing" || e.Evidence.TargetText != "Tokyo" {
		t.Errorf("evidence = %+v", e.Evidence)
	}
	if e.Evidence.Confidence <= 0 || e.Evidence.Confidence > 1 {
		t.Errorf("confidence = %v", e.Evidence.Confidence)
	}
	if e.Source.Name != "Beijing" || e.Source.Country != "CHN" || e.Target.Code != "JPNGOV" {
		t.Errorf("actors = %+v %+v", e.Source, e.Target)
	}

	r = c.Code(Doc{Body: "Beijing criticized Tokyo.", Published: pub, DocID: 42})
	if e := r.Events[0]; !e.Date.Equal(pub) || e.Evidence.DateSource != "publication" {
		t.Errorf("undated event: %v %q", e.Date, e.Evidence.DateSource)
	}
}

func TestNotes(t *testing.T) {
	c := newFakeCoder(t)
	r := c.Code(Doc{Body: "Israel did not attack Iran.", Published: pub})
	if len(r.Events) != 0 || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "negated") {
		t.Errorf("negation: events %v, notes %q", brief(r), r.Notes)
	}
	r = c.Code(Doc{Body: "  \n ", Published: pub})
	if len(r.Notes) != 1 || r.Notes[0] != "empty document" {
		t.Errorf("empty: notes %q", r.Notes)
	}
}

func TestQuotes(t *testing.T) {
	c := newFakeCoder(t)
	tests := []struct {
		name, text  string
		wantText    []string
		wantSpeaker []string
	}{
		{"speaker before", "China's Foreign Ministry warned, “Any act that hurts China will be met with a resolute response.”",
			[]string{"Any act that hurts China will be met with a resolute response."}, []string{"CHNGOV"}},
		{"speaker after", "China's Foreign Ministry criticized Japan.\n\n\"We firmly oppose this decision,\" the ministry said.",
			[]string{"We firmly oppose this decision,"}, []string{"CHNGOV"}},
		{"inverted", "\"The talks were frank and useful,\" said Antony Blinken.",
			[]string{"The talks were frank and useful,"}, []string{"USAGOV"}},
		{"accusation", "Beijing accused NATO of “Cold War mentality and ideological bias” on Thursday.",
			[]string{"Cold War mentality and ideological bias"}, []string{"CHNGOV"}},
		{"apostrophes are not quotes", "China’s envoy and NATO’s chief met the allies’ ministers.",
			nil, nil},
		{"single quotes", "Zelensky called the plan ‘a gift to the aggressor’ on Monday.",
			[]string{"a gift to the aggressor"}, []string{"UKRGOV"}},
		{"scare quote is short", "Chinese media described the deal as an “interest” trade.",
			nil, nil},
		{"multi-sentence quote", "“We will respond. We will not yield,” Zelensky said.",
			[]string{"We will respond. We will not yield,"}, []string{"UKRGOV"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Code(Doc{Body: tt.text, Published: pub})
			var texts, speakers []string
			for _, q := range r.Quotes {
				texts = append(texts, q.Text)
				speakers = append(speakers, q.Speaker.Code)
				if tt.text[q.Span.Start:q.Span.End] != q.Text {
					t.Errorf("span %v is %q, not the text %q", q.Span, tt.text[q.Span.Start:q.Span.End], q.Text)
				}
				if q.Sentence.End <= q.Sentence.Start {
					t.Errorf("no sentence span: %+v", q)
				}
			}
			if diff := cmp.Diff(tt.wantText, texts); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSpeaker, speakers); diff != "" {
				t.Errorf("speakers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJudgments(t *testing.T) {
	c := newFakeCoder(t)
	type J struct{ Author, Term, Band, Subject, Claim string }
	tests := []struct {
		name, text string
		want       []J
		reason     string
	}{
		{"assess may", "Pamir assesses that China may use the divisions to press its claims.",
			[]J{{"Pamir", "may", "", "China", "China will use the divisions to press its claims."}}, "may counts after an assessment verb, with no band"},
		{"bare may", "China may use the divisions to press its claims.",
			nil, "may alone is no judgment"},
		{"certain", "China is certain to exploit the divisions.",
			[]J{{"", "is certain to", "", "China", "China will exploit the divisions."}}, "is certain to has no band"},
		{"certain adjective", "Certain countries objected to the plan.",
			nil, "certain as an adjective is no judgment"},
		{"probably will", "China prefers bilateral deals and probably will court other leaders.",
			[]J{{"", "probably", "55-80%", "China", "China prefers bilateral deals and will court other leaders."}}, "the subject of a coordinated verb is the clause's"},
		{"will likely", "Pamir observes that as China watches NATO, US companies will likely become targets.",
			[]J{{"Pamir", "likely", "55-80%", "US companies", "as China watches NATO, US companies will become targets."}}, "the subject follows the last comma"},
		{"almost certainly", "We assess that Russia will almost certainly continue its strikes.",
			[]J{{"We", "almost certainly", "95-99%", "Russia", "Russia will continue its strikes."}}, "the longest term wins"},
		{"unlikely", "Analysts say a ceasefire is unlikely before winter.",
			[]J{{"", "unlikely", "20-45%", "Analysts say a ceasefire", "Analysts say a ceasefire before winter."}}, "unlikely has its band"},
		{"it is likely that", "It is likely that Iran will respond within days.",
			[]J{{"", "likely", "55-80%", "Iran", "Iran will respond within days."}}, "it is likely that X: X is the subject and the claim"},
		{"very unlikely", "A deal is very unlikely this year.",
			[]J{{"", "very unlikely", "05-20%", "A deal", "A deal this year."}}, "very unlikely"},
		{"even chance", "There is a roughly even chance of a snap election.",
			[]J{{"", "roughly even chance", "45-55%", "a snap election", "a snap election."}}, "there is a chance of X: X is the claim"},
		{"remote", "We judge there is a remote chance of a nuclear test.",
			[]J{{"We", "remote chance", "01-05%", "a nuclear test", "a nuclear test."}}, "remote chance"},
		{"comparative", "Russia is more likely to escalate than before.",
			nil, "more likely is a comparison, not an estimate"},
		{"may the month", "Pamir expects talks in May 2024.",
			nil, "May is a month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Code(Doc{Body: tt.text, Published: pub})
			var got []J
			for _, j := range r.Judgments {
				got = append(got, J{j.Author, j.Term, j.Band, j.Subject, j.Claim})
				if tt.text[j.Span.Start:j.Span.End] == "" {
					t.Errorf("empty span")
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestConcurrent(t *testing.T) {
	c := newFakeCoder(t)
	want := brief(c.Code(Doc{Body: "China denounced NATO. Japan and France held joint drills.", Published: pub}))
	done := make(chan []string)
	for range 8 {
		go func() {
			var got []string
			for range 50 {
				got = brief(c.Code(Doc{Body: "China denounced NATO. Japan and France held joint drills.", Published: pub}))
			}
			done <- got
		}()
	}
	for range 8 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent result differs (-want +got):\n%s", diff)
		}
	}
}
