package code

// Complements. CAMEO's appeal (02), intent (03), demand (10) and reject (12)
// roots repeat the same ladder of what is asked, promised, demanded or
// refused: to meet (026, 036, 106, 125), to mediate, to settle, diplomatic
// and material cooperation, aid, yielding of each kind. A head that takes a
// complement ("urged Russia to release", "refused to meet", "threatened to
// impose sanctions") absorbs the complement's event and takes the code of
// the rung it names. Threats (13) have their own ladder over the conflict
// roots; a promise of conflict ("vowed to retaliate") is a threat, as CAMEO
// codes conflict in the future tense.

// rung is what a complement event is about.
type rung uint8

const (
	rNone rung = iota
	rMeet
	rMediate
	rSettle
	rDiplo
	rMatCoop // sub: 1 economic, 2 military, 3 judicial, 4 intelligence
	rAid     // sub: 1 economic, 2 military, 3 humanitarian, 4 protection
	rYield
	rEaseAdmin
	rEaseDissent
	rReform // sub: 1 leadership, 2 policy, 3 rights, 4 institutions
	rRelease
	rEaseSanctions
	rIntl
	rDeescalate
	rConflict
)

// classify returns the rung of a complement code and its sub-rung (0 when
// unspecified).
func classify(code string) (rung, int) {
	if r, ok := ladderRung[code]; ok {
		return rung(r[0]), r[1] // an appeal, intent, demand or refusal of a rung
	}
	switch code {
	case "040", "041", "042", "043", "044", "046":
		return rMeet, 0
	case "045":
		return rMediate, 0
	case "057":
		return rSettle, 0
	case "050", "051", "052", "053", "054", "055", "056":
		return rDiplo, 0
	case "060":
		return rMatCoop, 0
	case "061", "062", "063", "064":
		return rMatCoop, int(code[2] - '0')
	case "070", "075":
		return rAid, 0
	case "071", "072", "073", "074":
		return rAid, int(code[2] - '0')
	case "080":
		return rYield, 0
	case "081", "0811", "0812", "0813", "0814":
		return rEaseAdmin, 0
	case "082":
		return rEaseDissent, 0
	case "083":
		return rReform, 0
	case "0831", "0832", "0833", "0834":
		return rReform, int(code[3] - '0')
	case "084", "0841", "0842":
		return rRelease, 0
	case "085":
		return rEaseSanctions, 0
	case "086", "0861", "0862", "0863":
		return rIntl, 0
	case "087", "0871", "0872", "0873", "0874":
		return rDeescalate, 0
	}
	if len(code) >= 2 && code[:2] >= "13" && code[:2] <= "20" {
		return rConflict, 0
	}
	return rNone, 0
}

// ladders gives, for each head root, the code of each rung: the 3-digit
// code, and the 4-digit prefix for sub-rungs ("" when there are none).
var ladders = map[string][rConflict][2]string{
	"02": {
		rMeet: {"026", ""}, rMediate: {"028", ""}, rSettle: {"027", ""}, rDiplo: {"022", ""},
		rMatCoop: {"021", "021"}, rAid: {"023", "023"}, rYield: {"025", ""},
		rEaseAdmin: {"0251", ""}, rEaseDissent: {"0252", ""}, rReform: {"024", "024"},
		rRelease: {"0253", ""}, rEaseSanctions: {"0254", ""}, rIntl: {"0255", ""}, rDeescalate: {"0256", ""},
	},
	"03": {
		rMeet: {"036", ""}, rMediate: {"039", ""}, rSettle: {"037", ""}, rDiplo: {"032", ""},
		rMatCoop: {"031", "031"}, rAid: {"033", "033"}, rYield: {"035", ""},
		rEaseAdmin: {"0351", ""}, rEaseDissent: {"0352", ""}, rReform: {"034", "034"},
		rRelease: {"0353", ""}, rEaseSanctions: {"0354", ""}, rIntl: {"0355", ""}, rDeescalate: {"0356", ""},
	},
	"10": {
		rMeet: {"106", ""}, rMediate: {"108", ""}, rSettle: {"107", ""}, rDiplo: {"102", ""},
		rMatCoop: {"101", "101"}, rAid: {"103", "103"}, rYield: {"105", ""},
		rEaseAdmin: {"1051", ""}, rEaseDissent: {"1052", ""}, rReform: {"104", "104"},
		rRelease: {"1053", ""}, rEaseSanctions: {"1054", ""}, rIntl: {"1055", ""}, rDeescalate: {"1056", ""},
	},
	"12": {
		rMeet: {"125", ""}, rMediate: {"126", ""}, rSettle: {"127", ""}, rDiplo: {"120", ""},
		rMatCoop: {"121", "121"}, rAid: {"122", "122"}, rYield: {"124", ""},
		rEaseAdmin: {"1241", ""}, rEaseDissent: {"1242", ""}, rReform: {"123", "123"},
		rRelease: {"1243", ""}, rEaseSanctions: {"1244", ""}, rIntl: {"1245", ""}, rDeescalate: {"1246", ""},
	},
}

// ladderRung maps the codes of the ladders back to their rungs, so that
// "turned down a request for a call" refuses what was requested.
var ladderRung = func() map[string][2]int {
	out := map[string][2]int{}
	for _, lad := range ladders {
		for r, c := range lad {
			if c[0] == "" {
				continue
			}
			out[c[0]] = [2]int{int(r), 0}
			if c[1] != "" {
				for sub := 1; sub <= 4; sub++ {
					out[c[1]+string(rune('0'+sub))] = [2]int{int(r), sub}
				}
			}
		}
	}
	return out
}()

// accuseCode returns the accusation (11) of having done a complement
// event: "accused Russia of shelling" is an accusation of aggression.
func accuseCode(comp string) string {
	switch comp {
	case "201", "202", "203":
		return "1124"
	case "176":
		return "1125"
	}
	switch comp[:2] {
	case "15", "18", "19", "20":
		return "1123"
	case "17":
		return "1122"
	}
	return ""
}

// threatCode returns the threat (13) of carrying out a conflict event, or
// "" when the event is not one CAMEO has a threat for.
func threatCode(comp string) string {
	if comp[:2] == "13" {
		return comp // a promise of a threat is the threat
	}
	switch comp {
	case "160", "176":
		return "131"
	case "161":
		return "1313"
	case "162", "1621", "1622", "1623":
		return "1311"
	case "163":
		return "1312"
	case "164":
		return "134"
	case "165":
		return "135"
	case "166", "1661", "1662", "1663":
		return "136"
	case "170", "173", "174", "175":
		return "137"
	case "172":
		return "132"
	case "1721", "1722", "1723", "1724":
		return "132" + comp[3:]
	case "191":
		return "1381"
	case "192":
		return "1382"
	}
	switch comp[:2] {
	case "14":
		return "133"
	case "15", "17":
		return "138"
	case "18":
		return "1383"
	case "19":
		return "1384"
	case "20":
		return "1385"
	}
	return ""
}

// composeCode returns the code of head taking comp as its complement, or ""
// to keep the head's own code. end is set when the complement is asked to
// stop ("called for an end to the fighting"): a call to end conflict is a
// call to de-escalate.
func composeCode(head, comp string, end bool) string {
	if len(head) < 3 || len(comp) < 3 {
		return ""
	}
	hr := head[:2]
	r, sub := classify(comp)
	if end && r == rConflict && comp[:2] >= "15" {
		r, sub = rDeescalate, 0
	}
	switch hr {
	case "11":
		if head == "112" && r == rConflict {
			return accuseCode(comp)
		}
		return ""
	case "13":
		if r == rConflict {
			return threatCode(comp)
		}
		return ""
	case "03":
		if r == rConflict {
			return threatCode(comp)
		}
	}
	lad, ok := ladders[hr]
	if !ok || r == rNone || r == rConflict {
		return ""
	}
	c := lad[r]
	if c[0] == "" {
		return ""
	}
	if sub > 0 && c[1] != "" {
		return c[1] + string(rune('0'+sub))
	}
	return c[0]
}

// futureCode recodes an event reported in the future tense ("will meet",
// "would impose sanctions"): cooperation to come is an intent (03), conflict
// to come a threat (13), as CAMEO prescribes. It returns code unchanged for
// verbal events.
func futureCode(code string) string {
	switch r := code[:2]; {
	case r >= "04" && r <= "09":
		if c := composeCode("030", code, false); c != "" {
			return c
		}
		return "030"
	case r >= "14" && r <= "20":
		if c := threatCode(code); c != "" {
			return c
		}
		return "130"
	}
	return code
}
