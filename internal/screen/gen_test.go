package screen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// genEntries makes n list entries of made-up parties, reproducibly: Chinese
// companies in pinyin (some with characters), Chinese people, and
// companies and people with European-style names.
func genEntries(n int, seed uint64) []Entry {
	r := rand.New(rand.NewPCG(seed, 7))
	syl := []string{"hua", "xin", "zhong", "guo", "tian", "long", "feng", "da", "jin", "hai", "kang", "sheng", "tai", "yuan",
		"bo", "chen", "rui", "hong", "an", "ming", "xing", "yu", "li", "wei", "jia", "heng", "tong", "de", "fu", "qiang", "bao"}
	han := []rune("华信中国天龙丰大金海康盛泰源博辰瑞宏安明星宇立伟佳恒通德福强宝")
	places := []string{"Shenzhen", "Beijing", "Shanghai", "Guangzhou", "Hangzhou", "Tianjin", "Wuhan", "Chengdu", "Hong Kong", "Xiamen", "Nanjing"}
	descs := []string{"Technology", "Electronics", "Trading", "Import and Export", "International", "Industrial", "Investment",
		"Semiconductor", "Logistics", "Machinery", "Shipping", "Materials", "Software", "Aviation"}
	legal := []string{"Co., Ltd.", "Limited", "Group Co., Ltd.", "Holdings Limited", "Corporation", "Inc.", "LLC", "JSC"}
	west := []string{"Atlas", "Nova", "Orion", "Delta", "Vector", "Apex", "Zenith", "Helix", "Arcadia", "Meridian", "Falcon", "Borealis",
		"Cobalt", "Granite", "Sierra", "Polar", "Quantum", "Summit", "Titan", "Vanguard", "Kestrel", "Lumen", "Nimbus", "Pioneer"}
	first := []string{"Ivan", "Sergei", "Ahmad", "Mohammed", "Ali", "Hassan", "Dmitri", "Oleg", "Viktor", "Reza", "Omar", "Yusuf", "Pavel", "Nikolai"}
	last := []string{"Petrov", "Ivanov", "Karimi", "Hosseini", "Haddad", "Sokolov", "Volkov", "Rahimi", "Nasser", "Kuznetsov", "Tehrani", "Saleh"}
	sur := []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	out := make([]Entry, n)
	for i := range out {
		e := Entry{List: "gen", ID: fmt.Sprintf("G%06d", i)}
		switch k := r.IntN(10); {
		case k < 5: // Chinese company
			ns := 2 + r.IntN(2)
			var py []string
			var hz []rune
			for range ns {
				j := r.IntN(len(syl))
				py = append(py, syl[j])
				hz = append(hz, han[j%len(han)])
			}
			core := strings.Join(py, "")
			core = strings.ToUpper(core[:1]) + core[1:]
			e.Type, e.Name = Org, strings.Join([]string{pick(places), core, pick(descs), pick(legal)}, " ")
			if r.IntN(3) == 0 {
				e.Aliases = []string{string(hz) + "科技有限公司"}
			}
			e.Countries = []string{"CN"}
		case k < 7: // Chinese person
			ns := 1 + r.IntN(2)
			var given string
			for range ns {
				given += pick(syl)
			}
			e.Type, e.Name = Person, strings.ToUpper(pick(sur))+" "+strings.ToUpper(given[:1])+given[1:]
			e.DOBs = []string{fmt.Sprint(1940 + r.IntN(60))}
		case k < 9: // other company
			e.Type, e.Name = Org, pick(west)+" "+pick(west)+" "+pick(descs)+" "+pick(legal)
			e.Countries = []string{pick([]string{"RU", "IR", "AE", "TR", "BY"})}
		default: // other person
			e.Type, e.Name = Person, pick(first)+" "+pick(last)
		}
		out[i] = e
	}
	return out
}
