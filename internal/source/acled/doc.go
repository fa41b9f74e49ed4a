// Package acled reads ACLED (Armed Conflict Location & Event Data) exports:
// CSV files with a header row, in any of the three layouts ACLED has
// published, and ACLED's deletion files.
//
// # Layouts
//
// The layout is told from the header's column names, compared
// case-insensitively, and columns are found by name, so reordered or extra
// columns do not matter:
//
//   - the current export (31 columns, event_id_cnty … disorder_type …
//     civilian_targeting … tags, timestamp), dates like "01 November 2024",
//     interaction codes written as labels ("State forces");
//   - the 2020 API export (data_id, iso, event_id_cnty, event_id_no_cnty, …,
//     timestamp, iso3), dates like "9-May-20" where the file went through a
//     spreadsheet;
//   - the 2016-era export (UPPERCASE columns GWNO, EVENT_ID_CNTY, …, NOTES,
//     FATALITIES; ALLY_ACTOR_1 for assoc_actor_1), dates like
//     "01-January-2015", no sub_event_type.
//
// # Mapping
//
// Each row becomes an [event.Event] with Origin "acled" and OriginID the
// event_id_cnty (or, for the rows of the 2020 API layout that lack one,
// "data_id:" and the row's data_id). Updated is the timestamp column (Unix
// seconds). Actors keep ACLED's name (Name), interaction code (Raw) and
// its label (Sectors), and get a CAMEO-style code from the country their name
// gives and an agent from acled_actors.tsv. The event type and sub-type map
// to a PLOVER type and mode and a CAMEO code by acled_plover.tsv, whose
// header explains each choice; Goldstein and quad class come from the CAMEO
// code. The location's country is the ISO alpha-3 code of the iso3 column,
// else of the numeric iso column, else of the country name. Fields without a
// column of their own go to Attrs under their current-layout names
// (event_type, sub_event_type, disorder_type, notes, source,
// civilian_targeting, tags, region, assoc_actor_1, …).
//
// # Bad rows
//
// A row with the wrong number of fields, no event_id_cnty, or a date,
// fatality count or timestamp that does not parse is reported once, as a
// [dataset.RowError] with the line the row starts on, and skipped. A row
// whose coordinates do not parse or are out of range is reported too but
// kept: the event is emitted without geography (Location.HasGeo false). Bytes
// that are not UTF-8 are read as Windows-1252. A quote left open costs the
// row it opens: the lines it swallowed are read again.
//
// Readers are safe for concurrent use: a Format holds only read-only tables.
package acled
