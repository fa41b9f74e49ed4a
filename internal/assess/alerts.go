package assess

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// AlertSource lists the stored alerts (store.Alerts is one).
type AlertSource interface {
	ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error)
}

// tally accumulates the hazard of each risk by driver and by host.
type tally struct {
	hazard   map[string]float64
	drivers  map[string]map[string]*Driver // risk → rule → driver
	hostPart map[string]map[string]float64 // risk → host → hazard
}

func newTally() *tally {
	return &tally{hazard: map[string]float64{}, drivers: map[string]map[string]*Driver{}, hostPart: map[string]map[string]float64{}}
}

func (t *tally) driver(risk, rule, name string) *Driver {
	if t.drivers[risk] == nil {
		t.drivers[risk] = map[string]*Driver{}
		t.hostPart[risk] = map[string]float64{}
	}
	d := t.drivers[risk][rule]
	if d == nil {
		d = &Driver{Rule: rule, Name: name}
		t.drivers[risk][rule] = d
	}
	return d
}

// add adds w to a risk's hazard through a driver, with ev as its evidence.
func (t *tally) add(risk, rule, name string, w float64, ev Evidence) {
	d := t.driver(risk, rule, name)
	d.Weight += w
	ev.Weight = w
	d.Evidence = append(d.Evidence, ev)
	t.hazard[risk] += w
	t.hostPart[risk][ev.host] += w
}

// addBare adds w to a risk's hazard through a driver without events.
func (t *tally) addBare(risk, rule, name, host string, w float64) *Driver {
	d := t.driver(risk, rule, name)
	d.Weight += w
	t.hazard[risk] += w
	if host != "" {
		t.hostPart[risk][host] += w
	}
	return d
}

// addAlerts maps the window's stored alerts that rose on a series between
// a host and the client's side to the model's alert risks. An alert
// concerns the client when one of its evidence events has a host on one
// side and the client's side on the other, or, without such evidence,
// when its series names a host and a code of the client's side ("CHN->
// IGOWSTNAT conflict").
func addAlerts(ctx context.Context, opt Options, side *sideSet, docs *docCache, t *tally) error {
	m := opt.Model
	als, err := opt.Alerts.ListAlerts(ctx, store.AlertQuery{Since: opt.Since, Until: opt.Until, Limit: 1000})
	if err != nil {
		return fmt.Errorf("reading the stored alerts: %w", err)
	}
	for _, al := range als {
		sev := m.Alerts.Severity[al.Severity]
		if al.Direction <= 0 || sev <= 0 {
			continue
		}
		var evs []Evidence
		host, rel := "", 0.0
		for _, x := range al.Evidence {
			if x.Source == "" && x.Target == "" {
				continue
			}
			e := event.Event{ID: x.EventID, Date: x.Date, DocID: x.DocID, Code: x.Code, URL: x.URL,
				Source: event.Actor{Code: x.Source}, Target: event.Actor{Code: x.Target},
				Evidence: event.Evidence{Sentence: event.Span{Start: x.SentStart, End: x.SentEnd}}}
			if e.Date.IsZero() {
				e.Date = al.Start
			}
			hs, ok := side.hostSide(&e)
			if !ok || !hs.otherHome {
				continue
			}
			ev, err := evidenceOf(ctx, docs, &e, opt.Sources)
			if err != nil {
				return err
			}
			if ev.Sentence == "" {
				ev.Sentence = x.Text
			}
			ev.host = hs.host
			ev.targeted = side.targeted(&e, hs, strings.ToLower(ev.Sentence))
			evs = append(evs, ev)
			if hs.other > rel {
				host, rel = hs.host, hs.other
			}
		}
		if len(evs) == 0 {
			if host, rel = side.labelConcerns(al.Series); host == "" {
				continue
			}
		}
		rule := fmt.Sprintf("alert-%d", al.ID)
		name := fmt.Sprintf("alert %d (%s severity, %s, week of %s): %s", al.ID, al.Severity, al.Rule, Date(al.Start), al.Summary)
		all := evs
		for risk, w := range m.Alerts.Risks {
			total := w * sev * rel
			evs := m.evidenceFor(risk, all)
			if len(evs) == 0 && len(all) > 0 {
				continue // the alert's events concern the client only indirectly
			}
			if len(evs) == 0 {
				t.addBare(risk, rule, name, host, total)
				continue
			}
			for _, ev := range evs {
				t.add(risk, rule, name, total/float64(len(evs)), ev)
			}
		}
	}
	return nil
}

// labelConcerns finds a host and the client's side among the codes of a
// series label, and returns the host with the relevance of the side.
func (s *sideSet) labelConcerns(label string) (string, float64) {
	host, rel := "", 0.0
	for _, tok := range strings.FieldsFunc(label, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		tok = strings.ToUpper(tok)
		a := event.Actor{Code: tok}
		if c := countryOf(a); s.host[c] && host == "" {
			host = c
			continue
		}
		rel = max(rel, s.weight(a))
	}
	if host == "" || rel == 0 {
		return "", 0
	}
	return host, rel
}
