package screen

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want, reason string
	}{
		{"Huawei Technologies Co., Ltd.", "huawei technology", "legal form dropped; technologies is a descriptive word (so the name is not all pinyin)"},
		{"华为技术有限公司", "huawei technology [华为技术] {hua wei ji shu}", "Chinese legal form dropped; pinyin joined; 技术 is technology"},
		{"華為技術有限公司", "huawei technology [华为技术] {hua wei ji shu}", "traditional characters are simplified"},
		{"重庆长安汽车股份有限公司", "chongqing changan automobile [重庆长安汽车] {chong qing chang an qi che}", "place-name readings: chongqing, chang'an"},
		{"厦门", "xiamen [厦门] {xia men}", "厦门 is xiamen, not shamen"},
		{"中国银行", "china bank [中国银行] {zhong guo yin hang}", "银行 reads yinhang, and is the word bank"},
		{"习近平", "xi jinping [习近平] {xi jin ping}\nhsi chinping (Wade–Giles)", "a person: surname and joined given name"},
		{"Xi Jinping", "xi jinping {xi jin ping}", "pinyin names are split into syllables"},
		{"ÉCOLE Supérieure S.A.", "ecole superieure", "accents and legal forms"},
		{"ZHONGXING TELECOMMUNICATION EQUIPMENT CORPORATION (ZTE)", "zhongxing communication equipment\nzte", "brackets hold another name"},
		{"Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof", "sinobright import export", "successor clauses dropped"},
		{"Group", "group", "a legal form alone is kept"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q (%s)", tt.in, got, tt.want, tt.reason)
		}
	}
}

func TestSplitPinyin(t *testing.T) {
	for in, want := range map[string]string{"jinping": "jin ping", "huawei": "hua wei", "zhongxing": "zhong xing", "xian": "xian"} {
		syl, ok := splitPinyin(in)
		if !ok || strings.Join(syl, " ") != want {
			t.Errorf("splitPinyin(%q) = %v, %v; want %q", in, syl, ok, want)
		}
	}
	for _, in := range []string{"technology", "bank", "smith"} {
		if syl, ok := splitPinyin(in); ok {
			t.Errorf("splitPinyin(%q) = %v, want not pinyin", in, syl)
		}
	}
}

func TestUSCC(t *testing.T) {
	const base = "91440300MA5D0000X" // 17 characters of our own
	c := USCCCheck(base)
	if c == 0 {
		t.Fatalf("USCCCheck(%q) = 0", base)
	}
	good := base + string(c)
	if !ValidUSCC(good) {
		t.Errorf("ValidUSCC(%q) = false", good)
	}
	bad := base + string(usccChars[(stringsIndex(usccChars, c)+1)%31])
	if ValidUSCC(bad) {
		t.Errorf("ValidUSCC(%q) = true with a wrong check character", bad)
	}
	for _, s := range []string{"", "123", "91440300MA5D0000XIO", "9144030OMA5D0000X1"} {
		if ValidUSCC(s) {
			t.Errorf("ValidUSCC(%q) = true", s)
		}
	}
}

func stringsIndex(s string, c byte) int { return strings.IndexByte(s, c) }

func TestJaroWinkler(t *testing.T) {
	if got := JaroWinkler("martha", "marhta"); got < 0.96 || got > 0.962 {
		t.Errorf("JaroWinkler(martha, marhta) = %.4f, want 0.961", got)
	}
	if got := JaroWinkler("abc", "xyz"); got != 0 {
		t.Errorf("JaroWinkler(abc, xyz) = %v", got)
	}
	if got := JaroWinkler("华为技术", "华为技朮"); got < 0.8 {
		t.Errorf("JaroWinkler on runes = %v", got)
	}
}
