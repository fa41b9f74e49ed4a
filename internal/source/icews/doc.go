// Package icews reads ICEWS coded event data in the Harvard Dataverse
// layout: tab-separated files (".tab") with a header row of 20 columns,
// Event ID, Event Date, Source Name, Source Sectors, Source Country, Event
// Text, CAMEO Code, Intensity, Target Name, Target Sectors, Target Country,
// Story ID, Sentence Number, Publisher, City, District, Province, Country,
// Latitude, Longitude. Columns are found by name (case-insensitively), so
// reordered or extra columns do not matter. "NA" is an empty field.
//
// # Mapping
//
// Each row becomes an [event.Event] with Origin "icews" and OriginID the
// Event ID. Actors keep ICEWS's name and sectors as given; their country is
// the ISO alpha-3 code of the country name (through the country table of
// source/acled/country) and their agent comes from the sectors by
// sectors.tsv, whose header explains the choices; actors without a country
// that are IGOs get an IGO code. The CAMEO code is restored to its written
// form where a spreadsheet dropped the leading zero: ICEWS never writes a
// bare root, so "10" is "010" (not the root DEMAND), and a three-digit code
// the CAMEO table lacks is a four-digit one ("213" is "0213"). Goldstein is
// ICEWS's Intensity as given (ICEWS's scale differs from GDELT's on a few
// codes), or the CAMEO table's value when Intensity is NA; the quad class
// (GDELT's convention) and the PLOVER type come from the CAMEO code. Story
// ID, Sentence Number, Publisher, Event Text and District go to Attrs.
//
// # Bad rows
//
// A row with the wrong number of fields, no Event ID, a date or intensity
// that does not parse, or a CAMEO code missing from the CAMEO table is
// reported once, as a [dataset.RowError] with its line, and skipped. A row
// whose coordinates do not parse or are out of range is reported too but
// kept: the event is emitted without geography (Location.HasGeo false).
// Bytes that are not UTF-8 are read as Windows-1252. A field wholly in
// double quotes is unquoted; tabs and newlines cannot be quoted.
//
// Readers are safe for concurrent use: a Format holds only read-only tables.
package icews
