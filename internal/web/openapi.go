package web

import (
	"net/http"
	"strconv"
	"strings"
)

// apiDoc describes one endpoint for the OpenAPI document.
type apiDoc struct {
	summary string
	params  []param
	body    string // the request body schema name, "" for none
	result  string // the 200 response schema (a name under components, or "text")
	status  int    // the success status (default 200)
}

type param struct {
	name, in, typ, desc string
	required            bool
}

var (
	pLimit  = param{name: "limit", in: "query", typ: "integer", desc: "most results to return (at most 1000)"}
	pOffset = param{name: "offset", in: "query", typ: "integer", desc: "results to skip"}
	pSince  = param{name: "since", in: "query", typ: "date", desc: "first day, YYYY-MM-DD"}
	pUntil  = param{name: "until", in: "query", typ: "date", desc: "day after the last, YYYY-MM-DD"}
	pID     = param{name: "id", in: "path", typ: "integer", desc: "document id", required: true}
	pDyad   = param{name: "dyad", in: "query", typ: "string", desc: "A-B (either direction) or A->B; sides are codes (CHN, IGOWSTNAT) or names (China, NATO)"}
	pActor  = param{name: "actor", in: "query", typ: "string", desc: "an actor code prefix or name: CHN matches CHNGOV"}
	pBy     = param{name: "by", in: "query", typ: "string", desc: "bucket: day, week or month"}
	pOrigin = param{name: "origin", in: "query", typ: "string", desc: "coded, gdelt, acled, icews or polecat"}
	pCode   = param{name: "code", in: "query", typ: "string", desc: "CAMEO code prefix, 1–4 digits"}
)

var eventFilters = []param{pOrigin, pActor, pDyad, pCode,
	{name: "root", in: "query", typ: "string", desc: "CAMEO root, two digits"},
	{name: "quad", in: "query", typ: "integer", desc: "quad class 1–4 (GDELT's convention)"},
	pSince, pUntil, {name: "doc", in: "query", typ: "integer", desc: "events coded from this document"}, pLimit, pOffset}

var (
	healthDoc   = &apiDoc{summary: "Liveness and store check: 200 ok, or 503 when the store does not answer", result: "text"}
	metricsDoc  = &apiDoc{summary: "Prometheus metrics (text exposition format)", result: "text"}
	openAPIDoc  = &apiDoc{summary: "This document", result: "object"}
	listDocsDoc = &apiDoc{summary: "Documents, newest first, without bodies",
		params: []param{pLimit, pOffset, pSince, pUntil, {name: "source", in: "query", typ: "string", desc: "exact outlet name"}}, result: "Documents"}
	postDocDoc = &apiDoc{summary: "Ingest an article (text or HTML) or, with a work queue, a URL. Needs Authorization: Bearer TOKEN",
		body: "PostDocument", result: "PostResult", status: http.StatusCreated}
	getDocDoc     = &apiDoc{summary: "One document with its body", params: []param{pID}, result: "Document"}
	explainDoc    = &apiDoc{summary: "A document sentence by sentence with the actors, events, quotes and judgments found in each", params: []param{pID}, result: "Explained"}
	listEventsDoc = &apiDoc{summary: "Events, newest first, filtered",
		params: append(append([]param{}, eventFilters...), param{name: "sentences", in: "query", typ: "string", desc: "1 adds the text of each coded event's sentence"}), result: "Events"}
	searchDoc = &apiDoc{summary: "Full-text search over titles and bodies", params: []param{
		{name: "q", in: "query", typ: "string", desc: "words, \"phrases\", AND/OR/NOT, prefix*", required: true},
		pSince, pUntil, {name: "source", in: "query", typ: "string", desc: "exact outlet name"},
		{name: "actor", in: "query", typ: "string", desc: "only documents with an event of this actor"},
		{name: "code", in: "query", typ: "string", desc: "only documents with an event of this CAMEO code prefix"},
		{name: "limit", in: "query", typ: "integer", desc: "most hits (at most 200)"}}, result: "Hits"}
	actorDoc = &apiDoc{summary: "An actor: its counterparts with cooperation and conflict counts, latest events and quotes",
		params: []param{{name: "code", in: "path", typ: "string", desc: "actor code or name", required: true}}, result: "Actor"}
	seriesDoc = &apiDoc{summary: "Event counts of a dyad or actor per bucket (syndicated copies counted once)",
		params: []param{pDyad, pActor, pBy, pSince, pUntil, pOrigin}, result: "Series"}
	tensionDoc = &apiDoc{summary: "A dyad's tension index per bucket, with its inputs (z-scores against the range)",
		params: []param{pDyad, pBy, pSince, pUntil, pOrigin}, result: "Tension"}
	gprDoc = &apiDoc{summary: "The GPR-style index (after Caldara and Iacoviello) over the stored documents",
		params: []param{pBy, pSince, pUntil, {name: "country", in: "query", typ: "string", desc: "also this country's scope"}}, result: "GPR"}
	mapDoc = &apiDoc{summary: "Events by country (source, target or place) and by geolocated place, over the newest 20,000 matching events",
		params: eventFilters[:len(eventFilters)-2], result: "Map"}
	dyadsDoc  = &apiDoc{summary: "The dyads watched on the dashboard", result: "Dyads"}
	alertsDoc = &apiDoc{summary: "Alerts raised by the detectors on watched series, newest first, with their evidence",
		params: []param{{name: "rule", in: "query", typ: "string", desc: "the watch that raised it"},
			{name: "severity", in: "query", typ: "string", desc: "low, medium or high: this severity or higher"}, pSince, pUntil, pLimit}, result: "Alerts"}
	forecastsDoc = &apiDoc{summary: "The forecast ledger: judgments with resolvable questions and their outcomes",
		params: []param{{name: "author", in: "query", typ: "string", desc: "who judged"}, {name: "topic", in: "query", typ: "string", desc: "the risk or subject"},
			{name: "status", in: "query", typ: "string", desc: "open, resolved or all"}, pLimit, pOffset}, result: "Forecasts"}
	calibrationDoc = &apiDoc{summary: "Scores of the forecast ledger by author: Brier and log scores and the calibration table",
		params: []param{{name: "author", in: "query", typ: "string", desc: "who judged"}, {name: "topic", in: "query", typ: "string", desc: "the risk or subject"}}, result: "Scores"}
	pTopic        = param{name: "topic", in: "query", typ: "string", desc: "only briefs with this topic (case-insensitive)"}
	pSlug         = param{name: "slug", in: "path", typ: "string", desc: "the brief's slug", required: true}
	pProfile      = param{name: "name", in: "path", typ: "string", desc: "the profile's name (its file name without .yaml)", required: true}
	briefsDoc     = &apiDoc{summary: "Published briefs, newest first, without bodies", params: []param{pTopic, pLimit, pOffset}, result: "Briefs"}
	briefDoc      = &apiDoc{summary: "One published brief with its HTML body and Markdown", params: []param{pSlug}, result: "Brief"}
	briefsFeedDoc = &apiDoc{summary: "The published briefs as an Atom feed (RFC 4287)", params: []param{pTopic, pLimit}, result: "atom"}
	profilesDoc   = &apiDoc{summary: "The client profiles on offer for assessment", result: "Profiles"}
	assessmentDoc = &apiDoc{summary: "A client's assessment: exposure per risk with drivers, events, sentences and documents; key judgments with likelihood, confidence and evidence; screening",
		params: []param{pProfile, pSince, pUntil}, result: "Assessment"}
	claimsDoc = &apiDoc{summary: "The checkable claims of a document, each supported, contradicted or unverifiable against the reference tables", params: []param{pID}, result: "Claims"}
)

// schemas are the response and request bodies, kept short: field names and
// types, as the handlers write them.
var schemas = map[string]any{
	"Error":        obj(map[string]any{"error": str()}),
	"Document":     obj(map[string]any{"id": integer(), "title": str(), "url": str(), "source": str(), "lang": str(), "published": str(), "story_id": integer(), "copy_of": integer(), "body": str()}),
	"Documents":    arr(ref("Document")),
	"PostDocument": obj(map[string]any{"url": str(), "text": str(), "html": str(), "title": str(), "date": str(), "source": str()}),
	"PostResult":   obj(map[string]any{"id": integer(), "story_id": integer(), "status": str(), "queued": map[string]any{"type": "boolean"}}),
	"Actor":        obj(map[string]any{"code": str(), "name": str(), "scanned": integer(), "counterparts": arr(obj(map[string]any{"code": str(), "name": str(), "events": integer(), "cooperation": integer(), "conflict": integer(), "goldstein_mean": num()})), "recent": ref("Events"), "quotes": arr(ref("Quote"))}),
	"ActorRef":     obj(map[string]any{"code": str(), "name": str(), "country": str(), "raw": str()}),
	"Event": obj(map[string]any{"id": integer(), "origin": str(), "origin_id": str(), "date": str(), "source": ref("ActorRef"), "target": ref("ActorRef"),
		"code": str(), "code_name": str(), "root": str(), "plover": str(), "goldstein": num(), "quad": integer(), "quad_name": str(),
		"location": obj(map[string]any{"name": str(), "country": str(), "lat": num(), "lon": num()}), "url": str(), "doc_id": integer(),
		"fatalities": integer(), "sentence": str(),
		"evidence": obj(map[string]any{"sentence_start": integer(), "sentence_end": integer(), "trigger": str(), "source_text": str(), "target_text": str(), "pattern": str(), "confidence": num(), "date_text": str()})}),
	"Events": arr(ref("Event")),
	"Quote":  obj(map[string]any{"speaker": ref("ActorRef"), "speaker_text": str(), "text": str()}),
	"Explained": obj(map[string]any{"document": ref("Document"), "events": integer(), "quotes": integer(), "judgments": integer(),
		"sentences": arr(obj(map[string]any{"index": integer(), "start": integer(), "end": integer(), "text": str(),
			"actors": arr(obj(map[string]any{"Start": integer(), "End": integer(), "Code": str(), "Name": str()})),
			"events": ref("Events"), "quotes": arr(ref("Quote")),
			"judgments": arr(obj(map[string]any{"author": str(), "term": str(), "band": str(), "low": integer(), "high": integer(), "subject": str(), "claim": str()}))}))}),
	"Hits": arr(obj(map[string]any{"document": ref("Document"), "snippet": str(), "rank": num()})),
	"Series": arr(obj(map[string]any{"start": str(), "end": str(), "events": integer(), "rows": integer(), "quad": arr(integer()),
		"roots": map[string]any{"type": "object", "additionalProperties": integer()}, "goldstein_sum": num(), "goldstein_mean": num(),
		"conflict_share": num(), "stories": integer(), "sources": integer()})),
	"Tension": arr(obj(map[string]any{"start": str(), "end": str(), "events": integer(), "conflict": integer(), "total": integer(), "index": num(),
		"inputs": arr(obj(map[string]any{"name": str(), "value": num(), "defined": map[string]any{"type": "boolean"}, "z": num(), "weight": num()}))})),
	"GPR": arr(obj(map[string]any{"scope": str(), "start": str(), "end": str(), "stories": integer(), "matches": integer(), "share": num(),
		"threat_share": num(), "act_share": num(), "gpr": num(), "gpr_threats": num(), "gpr_acts": num(), "normalized": map[string]any{"type": "boolean"}})),
	"Map": obj(map[string]any{"scanned": integer(), "complete": map[string]any{"type": "boolean"},
		"countries": arr(obj(map[string]any{"code": str(), "name": str(), "events": integer(), "conflict": integer()})),
		"places":    arr(obj(map[string]any{"id": integer(), "name": str(), "country": str(), "lat": num(), "lon": num(), "events": integer(), "conflict": integer(), "sample": ref("Events")}))}),
	"Alerts": arr(obj(map[string]any{"id": integer(), "rule": str(), "series": str(), "start": str(), "end": str(), "detector": str(),
		"severity": str(), "direction": integer(), "value": num(), "baseline": num(), "score": num(), "summary": str(),
		"evidence": arr(obj(map[string]any{"event_id": integer(), "doc_id": integer(), "sent_start": integer(), "sent_end": integer(),
			"date": str(), "code": str(), "source": str(), "target": str(), "url": str(), "text": str(), "alert_id": integer()}))})),
	"Forecasts": arr(obj(map[string]any{"id": integer(), "author": str(), "topic": str(), "question": str(), "text": str(), "term": str(),
		"probability": num(), "made": str(), "horizon": str(), "doc_id": integer(), "resolved": map[string]any{"type": "boolean"},
		"outcome": map[string]any{"type": "boolean"}, "resolved_at": str()})),
	"Brief": obj(map[string]any{"slug": str(), "title": str(), "subject": str(), "date": str(), "summary": str(), "topics": arr(str()),
		"reading_minutes": integer(), "url": str(), "published": str(), "html": str(), "markdown": str()}),
	"Briefs":   arr(ref("Brief")),
	"Profiles": arr(obj(map[string]any{"name": str(), "client": str(), "file": str()})),
	"Assessment": obj(map[string]any{"client": str(), "profile": str(), "since": str(), "until": str(), "horizon": str(), "hosts": arr(str()), "events": integer(),
		"risks": arr(obj(map[string]any{"risk": str(), "name": str(), "exposure": integer(), "hazard": num(), "vulnerability": num(), "material": map[string]any{"type": "boolean"},
			"drivers": arr(obj(map[string]any{"rule": str(), "name": str(), "weight": num(), "evidence": arr(ref("Evidence"))}))})),
		"judgments": arr(obj(map[string]any{"risk": str(), "risk_name": str(), "text": str(), "term": str(), "probability": num(), "low": integer(), "high": integer(),
			"confidence": str(), "confidence_text": str(), "question": str(), "horizon": str(), "evidence": arr(ref("Evidence")), "assumptions": arr(str()), "indicators": arr(str())})),
		"screening": obj(map[string]any{"lists": arr(str()), "parties": arr(str()), "hits": arr(map[string]any{"type": "object"}), "note": str()})}),
	"Evidence": obj(map[string]any{"event_id": integer(), "date": str(), "source": str(), "target": str(), "code": str(), "sentence": str(), "doc_id": integer(),
		"title": str(), "outlet": str(), "url": str(), "grade": str(), "weight": num()}),
	"Claims": arr(obj(map[string]any{"text": str(), "table": str(), "what": str(), "value": num(), "when": str(), "status": str(), "reference": str(), "note": str(), "source": str(), "offset": integer()})),
	"Scores": arr(obj(map[string]any{"group": str(), "forecast": integer(), "resolved": integer(), "brier": num(), "log": num(), "calibration": arr(map[string]any{"type": "object"})})),
	"Dyads":  arr(obj(map[string]any{"key": str(), "label": str(), "a": arr(str()), "b": arr(str())})),
}

func obj(props map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": props}
}
func arr(items any) map[string]any   { return map[string]any{"type": "array", "items": items} }
func str() map[string]any            { return map[string]any{"type": "string"} }
func integer() map[string]any        { return map[string]any{"type": "integer"} }
func num() map[string]any            { return map[string]any{"type": "number"} }
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// openAPISpec builds the OpenAPI 3 document from the route table.
func (s *Server) openAPISpec() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes() {
		if rt.api == nil {
			continue
		}
		d := rt.api
		op := map[string]any{"summary": d.summary, "operationId": opID(rt.method, rt.path)}
		var ps []any
		for _, p := range d.params {
			schema := map[string]any{"type": p.typ}
			if p.typ == "date" {
				schema = map[string]any{"type": "string", "format": "date"}
			}
			ps = append(ps, map[string]any{"name": p.name, "in": p.in, "required": p.required || p.in == "path", "description": p.desc, "schema": schema})
		}
		if len(ps) > 0 {
			op["parameters"] = ps
		}
		if d.body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(d.body)}}}
		}
		status := d.status
		if status == 0 {
			status = http.StatusOK
		}
		var content map[string]any
		switch d.result {
		case "text":
			content = map[string]any{"text/plain": map[string]any{"schema": str()}}
		case "atom":
			content = map[string]any{"application/atom+xml": map[string]any{"schema": str()}}
		case "object":
			content = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
		default:
			content = map[string]any{"application/json": map[string]any{"schema": ref(d.result)}}
		}
		errResp := func(desc string) map[string]any {
			return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		}
		resp := map[string]any{strconv.Itoa(status): map[string]any{"description": http.StatusText(status), "content": content},
			"400": errResp("a malformed parameter, named in the message"),
			"503": errResp("the store is unavailable (locked, closed or unreachable)")}
		if strings.Contains(rt.path, "{") {
			resp["404"] = errResp("no such item")
		}
		if rt.write {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
			resp["401"] = errResp("missing or wrong API token")
			resp["413"] = errResp("the body is too large")
		} else if s.opt.ProtectReads && !rt.public && rt.path != "/healthz" {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
			resp["401"] = errResp("missing or wrong API token")
		}
		op["responses"] = resp
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "georisk API", "version": "1",
			"description": "Documents, events, search, actors, dyad series and tension, the GPR-style index and the event map of a georisk store. Dates are YYYY-MM-DD; actor codes are CAMEO-style (CHN, CHNGOV, IGOWSTNAT) and names (China, NATO) are accepted wherever a code is.",
			"license":     map[string]any{"name": "see the georisk repository"}},
		"paths": paths,
		"components": map[string]any{"schemas": schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func opID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.Split(path, "/") {
		part = strings.Trim(part, "{}.")
		part = strings.ReplaceAll(part, ".", "")
		if part == "" || part == "api" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPISpec())
	return nil
}
