package cameo

import "testing"

func TestLookup(t *testing.T) {
	tab := Load()
	if tab.Len() < 310 {
		t.Fatalf("table has %d codes, want the 312 of CAMEO 1.1b3 and more", tab.Len())
	}
	tests := []struct {
		code      string
		name      string
		goldstein float64
		quad      int
		plover    string
	}{
		{"190", "Use conventional military force", -10, 4, "ASSAULT"},
		{"111", "Criticize or denounce", -2, 3, "ACCUSE"},
		{"0311", "Express intent to cooperate economically", 5.2, 1, "AGREE"},
		{"042", "Make a visit", 1.9, 1, "CONSULT"},
		{"1213", "Reject judicial cooperation", -4, 3, "REJECT"},
	}
	for _, tt := range tests {
		c, ok := tab.Lookup(tt.code)
		if !ok {
			t.Errorf("Lookup(%s) found nothing", tt.code)
			continue
		}
		if tt.name != "" && c.Name != tt.name || c.Goldstein != tt.goldstein || c.Quad != tt.quad || tt.plover != "" && c.PLOVER != tt.plover {
			t.Errorf("Lookup(%s) = %+v", tt.code, c)
		}
	}
	if _, ok := tab.Lookup("999"); ok {
		t.Error("Lookup(999) found a code")
	}
	if c, ok := tab.Lookup("10"); !ok || c.Name != "DEMAND" {
		t.Errorf("Lookup(10) = %+v, %v; want the root DEMAND", c, ok)
	}
}

func TestQuadOf(t *testing.T) {
	for root, want := range map[string]int{"01": 1, "05": 1, "06": 2, "09": 2, "10": 3, "14": 3, "15": 4, "20": 4, "00": 0, "x": 0} {
		if got := QuadOf(root); got != want {
			t.Errorf("QuadOf(%s) = %d, want %d", root, got, want)
		}
	}
}
