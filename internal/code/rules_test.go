package code_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/code"
)

// TestRules checks the coding rules that refine a pattern's code or roles,
// with the real actor dictionary.
func TestRules(t *testing.T) {
	c := realCoder(t)
	pub := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, text string
		want       []string
		why        string
	}{
		{"said that", "Russia's FSB said that it had detained an American reporter.",
			[]string{"RUSSPY>USAMED:173"}, "a complementizer after a speech verb: the speaker acts"},
		{"martial law", "Ukraine's president declared martial law on Thursday.",
			[]string{"UKRGOV>UKR:1724"}, "martial law with no other target is imposed on the source's country"},
		{"kill leader", "Israel killed Hezbollah leader Hassan Nasrallah.",
			[]string{"ISR>LBNREB:186"}, "a leader killed is assassinated"},
		{"capture capital", "Syrian rebels captured Damascus on Sunday.",
			[]string{"SYRREB>SYR:192"}, "a capital captured is territory occupied"},
		{"seize ship", "Iran's Revolutionary Guards seized the MSC Aries, a container ship, on Saturday.",
			[]string{"IRNMIL>:181"}, "a ship seized is hijacked"},
		{"protest leader", "South Korean protesters rallied to demand the president's resignation.",
			[]string{"KOROPP>:1411", "KOROPP>:1041"}, "a rally for a leader's removal, and the demand"},
		{"brawl", "Indian and Chinese troops clashed with sticks and clubs on the border.",
			[]string{"INDMIL>CHNMIL:182", "CHNMIL>INDMIL:182"}, "a brawl without firearms is a physical assault"},
		{"victims of the place", "Hamas fighters stormed into southern Israel from Gaza, killing hundreds of civilians.",
			[]string{"PSEREB>ISR:190", "PSEREB>ISRCVL:202"}, "civilians killed take the country of the place attacked"},
		{"counted people protest", "Tens of thousands of Georgians protested outside parliament against the bill.",
			[]string{"GEOOPP>GEOLEG:1412"}, "counted demonstrators are the opposition, not the state"},
		{"chemical agent", "Russia used the choking agent chloropicrin against Ukrainian troops.",
			[]string{"RUS>UKRMIL:2041"}, "a choking agent is a chemical weapon"},
		{"inverted needs a quote", "Analysts say Budapest's slow handling of the file is about money.",
			nil, "no speaker after a verb that follows a word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Code(code.Doc{Body: tt.text, Published: pub})
			var got []string
			for _, e := range r.Events {
				got = append(got, e.Source.Code+">"+e.Target.Code+":"+e.Code)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.why, diff)
			}
		})
	}
}
