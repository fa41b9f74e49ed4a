package screen

import "testing"

func TestNamedParty(t *testing.T) {
	tests := []struct {
		name   string
		want   bool
		reason string
	}{
		{"Aviation Industry Corporation of China", true, "every word but the joining ones is capitalized"},
		{"中航工业", true, "Chinese characters name a party"},
		{"specialty metals traders", false, "a description of suppliers"},
		{"defence ministries of NATO members", false, "a description with an acronym in it"},
		{"Tianjin composite joint-venture partner", false, "a description that starts with a place"},
		{"acme trading co., ltd.", true, "a legal form names a firm whatever its case"},
		{"", false, "nothing to screen"},
	}
	for _, tt := range tests {
		if got := NamedParty(tt.name); got != tt.want {
			t.Errorf("NamedParty(%q) = %v, want %v: %s", tt.name, got, tt.want, tt.reason)
		}
	}
	if q := PartyQuery(" Huawei ", "China"); q.Name != "Huawei" || q.Country != "CN" || q.Type != Org {
		t.Errorf("PartyQuery: %+v", q)
	}
}
