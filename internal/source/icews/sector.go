package icews

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed sectors.tsv
var sectorsTSV string

// sectorRule gives an agent to the sectors it matches.
type sectorRule struct {
	name   string // lower case; without the "*" for a suffix rule
	suffix bool
	agent  string
}

func (r sectorRule) match(sector string) bool {
	if r.suffix {
		return len(sector) >= len(r.name) && strings.EqualFold(sector[len(sector)-len(r.name):], r.name)
	}
	return strings.EqualFold(sector, r.name)
}

func parseSectors(tsv string) ([]sectorRule, map[string]string, error) {
	var rules []sectorRule
	igos := map[string]string{}
	n := 0
	for l := range strings.Lines(tsv) {
		n++
		l = strings.TrimRight(l, "\r\n")
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 3 || f[1] == "" || f[2] == "" {
			return nil, nil, fmt.Errorf("sectors.tsv:%d: want kind, name and code", n)
		}
		switch f[0] {
		case "sector":
			r := sectorRule{name: strings.ToLower(f[1]), agent: f[2]}
			if strings.HasPrefix(r.name, "*") {
				r.name, r.suffix = r.name[1:], true
			}
			rules = append(rules, r)
		case "igo":
			igos[strings.ToLower(f[1])] = f[2]
		default:
			return nil, nil, fmt.Errorf("sectors.tsv:%d: unknown kind %q", n, f[0])
		}
	}
	return rules, igos, nil
}

// agentOf returns the agent of the first rule that one of the
// comma-separated sectors matches, or "".
func agentOf(rules []sectorRule, sectors string) string {
	var list []string
	for s := range strings.SplitSeq(sectors, ",") {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, s)
		}
	}
	for _, r := range rules {
		for _, s := range list {
			if r.match(s) {
				return r.agent
			}
		}
	}
	return ""
}
