package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

func eventsCmd() *command {
	return &command{
		name:    "events",
		args:    "[flags]",
		summary: "list coded and imported events, newest first, with filters",
		help: `Events lists events — coded by georisk or imported from GDELT, ACLED, ICEWS and
POLECAT — newest first. Actors are CAMEO-style codes or prefixes (CHN matches
CHNGOV and CHNMIL) or names the actor dictionary knows: NATO, EU, China,
"Chinese military", Macron (his role today).
--dyad CHN-NATO matches events between the two in either direction;
--dyad CHN->NATO only those from the first to the second.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			origin := fs.String("origin", "", "only events of this origin: coded, gdelt, acled, icews, polecat")
			actor := fs.String("actor", "", "only events with this actor as source or target")
			dyad := fs.String("dyad", "", "only events between two actors: A-B (either way) or A->B")
			code := fs.String("code", "", "only events whose CAMEO code starts with this (11 = disapprove)")
			root := fs.String("root", "", "only events of this CAMEO root (two digits)")
			quad := fs.Int("quad", 0, "only events of this quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict")
			dates := dayRange(fs, "events")
			doc := fs.Int64("doc", 0, "only events coded from this document")
			lim := fs.Int("limit", 50, "most events to list")
			offset := fs.Int("offset", 0, "events to skip")
			asJSON := fs.Bool("json", false, "print JSON")
			asCSV := fs.Bool("csv", false, "print CSV with a header")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("events: unexpected argument %q", args[0])}
				}
				resolve := actorResolver(*actor != "" || *dyad != "")
				q := store.EventQuery{Origin: *origin, Actor: resolve(*actor), Code: *code, Root: *root, Quad: *quad,
					DocID: *doc, Limit: *lim, Offset: *offset}
				if *dyad != "" {
					a, b, directed := strings.Cut(*dyad, "->")
					if !directed {
						var ok bool
						if a, b, ok = strings.Cut(*dyad, "-"); !ok {
							return &UsageError{fmt.Sprintf("--dyad %q: want A-B or A->B", *dyad)}
						}
					}
					q.DyadA, q.DyadB, q.Directed = resolve(a), resolve(b), directed
				}
				if *quad < 0 || *quad > 4 {
					return &UsageError{"--quad: want 1 to 4"}
				}
				var err error
				if q.Since, q.Until, err = dates(); err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				evs, err := s.ListEvents(ctx, q)
				if err != nil {
					return err
				}
				switch {
				case *asJSON:
					out := make([]map[string]any, 0, len(evs))
					for _, e := range evs {
						out = append(out, eventJSON(e))
					}
					return writeJSON(env.Stdout, out)
				case *asCSV:
					return writeEventsCSV(env, evs)
				}
				for _, e := range evs {
					fmt.Fprintf(env.Stdout, "%s  %-7s  %-12s %-12s %-5s %-10s %6.1f  %s\n", e.Date.Format("2006-01-02"), e.Origin,
						trunc(first(e.Source.Code, e.Source.Name), 12), trunc(first(e.Target.Code, e.Target.Name), 12),
						e.Code, e.PLOVER, e.Goldstein, trunc(e.Location.Name, 40))
				}
				return nil
			}
		},
	}
}

// actorResolver returns a function that turns what a user typed (NATO,
// China, CHN, "Chinese military", Macron) into an actor code with the actor
// dictionary; unknown names are taken as codes. The dictionary is loaded only
// when needed.
func actorResolver(needed bool) func(string) string {
	var d *actor.Dict
	if needed {
		d, _ = actor.Load() // the embedded dictionaries are tested to load
	}
	return func(s string) string {
		s = strings.TrimSpace(s)
		if s == "" {
			return ""
		}
		if d != nil {
			if c, ok := d.Resolve(s); ok {
				return c
			}
		}
		return strings.ToUpper(s)
	}
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func eventJSON(e event.Event) map[string]any {
	m := map[string]any{
		"id": e.ID, "origin": e.Origin, "origin_id": e.OriginID, "date": e.Date.Format("2006-01-02"),
		"source": actorJSON(e.Source), "target": actorJSON(e.Target),
		"code": e.Code, "root": e.Root, "plover": e.PLOVER, "plover_mode": e.PLOVERMode,
		"goldstein": e.Goldstein, "quad": e.Quad, "url": e.URL,
		"mentions": e.Mentions, "sources": e.Sources, "articles": e.Articles, "fatalities": e.Fatalities, "tone": e.Tone,
		"location": map[string]any{"name": e.Location.Name, "country": e.Location.Country, "adm1": e.Location.ADM1},
	}
	if e.Location.HasGeo {
		loc := m["location"].(map[string]any)
		loc["lat"], loc["lon"] = e.Location.Lat, e.Location.Lon
	}
	if e.DocID != 0 {
		m["doc_id"] = e.DocID
	}
	if len(e.Attrs) > 0 {
		m["attrs"] = e.Attrs
	}
	return m
}

func actorJSON(a event.Actor) map[string]any {
	return map[string]any{"code": a.Code, "country": a.Country, "name": a.Name, "raw": a.Raw, "sectors": a.Sectors}
}

func writeEventsCSV(env *Env, evs []event.Event) error {
	w := csv.NewWriter(env.Stdout)
	w.Write([]string{"id", "origin", "origin_id", "date", "source_code", "source_name", "target_code", "target_name",
		"code", "root", "plover", "goldstein", "quad", "location", "location_country", "lat", "lon", "fatalities", "mentions", "url"})
	for _, e := range evs {
		lat, lon := "", ""
		if e.Location.HasGeo {
			lat, lon = strconv.FormatFloat(e.Location.Lat, 'f', -1, 64), strconv.FormatFloat(e.Location.Lon, 'f', -1, 64)
		}
		w.Write([]string{strconv.FormatInt(e.ID, 10), e.Origin, e.OriginID, e.Date.Format("2006-01-02"),
			e.Source.Code, e.Source.Name, e.Target.Code, e.Target.Name, e.Code, e.Root, e.PLOVER,
			strconv.FormatFloat(e.Goldstein, 'f', -1, 64), strconv.Itoa(e.Quad), e.Location.Name, e.Location.Country, lat, lon,
			strconv.Itoa(e.Fatalities), strconv.Itoa(e.Mentions), e.URL})
	}
	w.Flush()
	return w.Error()
}
