// Package polecat reads POLECAT event data (the PLOVER-coded successor of
// ICEWS, published weekly and yearly on Harvard Dataverse as
// ngecEvents.*.txt): tab-separated files with a header row.
//
// # Layout
//
// The reader is written against the 40-column layout of the Dataverse files
// of 2018–2024: Event ID, Event Date, Event Type, Event Mode, Intensity, Quad
// Code, Contexts, Actor Name, Actor Country, Actor COW, Primary Actor Sector,
// Actor Sectors, Actor Title, Actor Name Raw, Wikipedia Actor ID, Recipient
// Name, Recipient Country, Recipient COW, Primary Recipient Sector, Recipient
// Sectors, Recipient Title, Recipient Name Raw, Wikipedia Recipient ID,
// Placename, City, District, Province, Country, Latitude, Longitude,
// GeoNames ID, Raw Placename, Feature Type, Source, Publication Date, Story
// People, Story Organizations, Story Locations, Language, Version. Columns
// are found by name (case-insensitively), so the later files' differences —
// "Event Intensity" for Intensity, added Story ID, Headline, Event Text and
// Feed columns, a different order — do not matter. Only Event ID, Event Date
// and Event Type are required. "None" (and "NA", "nan") is an empty field.
// Several values in one field are ";"-separated ("USA; CHN"): the first is
// used.
//
// # Mapping
//
// Each row becomes an [event.Event] with Origin "polecat" and OriginID the
// Event ID. The PLOVER type is the Event Type, upper-cased, with the names of
// PLOVER 0.6 and before read as today's (DEMAND is REQUEST, DISAPPROVE and
// INVESTIGATE are ACCUSE, FIGHT is ASSAULT); the mode is the Event Mode,
// lower-cased. POLECAT has no CAMEO codes and none is invented: Code and Root
// stay empty. Goldstein is POLECAT's Intensity when given, else the PLOVER
// score of the mode, else of the type (plover.tsv); the quad class is the
// Quad Code ("MATERIAL CONFLICT" is 4, GDELT's numbering), else the type's.
// Actors keep their names, sectors (Sectors) and Wikipedia ID (Raw); their
// country is POLECAT's ISO alpha-3 code and their agent the primary sector,
// a PLOVER sector code, written as CAMEO writes it (PLOVER's JRN, journalists,
// is CAMEO's MED; PLOVER's MED, health, is CAMEO's HLH; the others are the
// same). The location is the Placename (else City, District, Province), with
// the Province as ADM1 and the Feature Type (a GeoNames feature code) as
// Precision. Contexts, Source, Story ID, Event Text, Headline, Language,
// Publication Date, Version, Actor Title, Recipient Title and GeoNames ID go
// to Attrs.
//
// # Bad rows
//
// A row with the wrong number of fields, no Event ID, a date or intensity
// that does not parse, or an event type that is not PLOVER's is reported
// once, as a [dataset.RowError] with its line, and skipped. A row whose
// coordinates do not parse or are out of range is reported too but kept: the
// event is emitted without geography (Location.HasGeo false). Bytes that are
// not UTF-8 are read as Windows-1252.
//
// Readers are safe for concurrent use: a Format holds only read-only tables.
package polecat
