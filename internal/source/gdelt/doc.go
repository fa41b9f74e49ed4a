// Package gdelt reads the files of the GDELT Project and lists the files of
// its live 15-minute feed.
//
// # Formats
//
// Four [dataset.Format] values describe GDELT's tab-separated files, none of
// which has a header:
//
//   - [Events]: GDELT 2.0 event exports (61 columns), read into event.Event.
//   - [Mentions]: GDELT 2.0 mentions (16 columns), read into event.Mention.
//   - [GKG]: Global Knowledge Graph 2.1 files (27 columns), read into
//     event.ArticleMeta.
//   - [V1]: GDELT 1.0 events, whose rows have 57 columns (the historical
//     backfile) or 58 (the daily files, which add SOURCEURL); the layout is
//     chosen for each row, so files that mix them are read whole.
//
// Readers stream: a file is read line by line through a bufio.Reader, lines
// of any length up to [MaxLine] are accepted (GKG rows run to hundreds of
// kilobytes), and memory does not grow with the file. Blank lines are
// skipped. Bytes that are not valid UTF-8 are decoded as Windows-1252, one
// byte at a time, so that a stray Latin-1 byte costs a character, not the
// row.
//
// # Bad rows
//
// Each row that cannot be read is reported once through the fail callback
// as a *dataset.RowError naming the file, the line and the reason, and
// reading goes on with the next line. A row is bad when it has the wrong
// number of columns, its id or a date (SQLDATE, DATEADDED, MentionTimeDate,
// the GKG DATE) does not parse, a number does not parse, or its CAMEO event
// code is unknown. Coordinates are treated more gently: latitude and
// longitude that do not parse, are not finite or are out of range only leave
// the location without geo (Location.HasGeo false); the row is kept and
// nothing is reported, since the place name and country still hold.
//
// # Mapping
//
// Events map to event.Event as follows. OriginID is GLOBALEVENTID; Date is
// SQLDATE at UTC midnight; Updated is DATEADDED (YYYYMMDDHHMMSS in 2.0,
// YYYYMMDD in 1.0). Code keeps the CAMEO code as a string with its leading
// zero ("010"); a code whose leading zero was lost is restored when
// EventRootCode shows it. Root, PLOVER and PLOVERMode come from the CAMEO
// table of package cameo; Goldstein, Quad, Mentions, Sources, Articles and
// Tone are GDELT's own values (where GoldsteinScale or QuadClass is empty,
// the table's). The location is ActionGeo's: its FIPS 10-4
// country code is converted to ISO 3166 alpha-3 with the embedded table
// fips_iso3.tsv (codes the table lacks leave Country empty), ADM1 is
// ActionGeo_ADM1Code unless that is only the country, and Precision is
// ActionGeo_Type. Attrs keeps IsRootEvent, EventBaseCode,
// ActionGeo_CountryCode (the raw FIPS code), ActionGeo_FeatureID and the
// actors' Actor1Geo_FullName and Actor2Geo_FullName, each when not empty.
//
// # Actors
//
// Actor.Raw is Actor1Code as given and Actor.Name is Actor1Name. Actor.Country
// is, in order of preference:
//
//  1. for a known IGO (Actor1KnownGroupCode in the table below), its
//     normalized code;
//  2. for another group whose type is IGO or NGO, "IGO" or "NGO" followed by
//     Actor1CountryCode (GDELT gives a region there, such as "AFR") and the
//     group code, the way CAMEO writes IGOs. When GDELT left
//     Actor1KnownGroupCode empty, the group is the three letters that follow
//     that prefix in the raw code ("IGOAFRAFU", the African Union, gives
//     "AFU");
//  3. Actor1CountryCode (CAMEO's three letters, ISO 3166 alpha-3 for
//     countries; a CAMEO region such as "EUR" is kept as given);
//  4. Actor1KnownGroupCode.
//
// The known IGOs are:
//
//	NAT       → IGOWSTNAT  NATO
//	EEC, EUR  → IGOEUREEC  European Union
//	UNO       → IGOUNO     United Nations (and its agencies: UNHCR, the World Bank…)
//	ARL       → IGOMEAARL  Arab League
//	ASN       → IGOSEAASN  ASEAN
//	SAD       → IGOSAFSAD  Southern African Development Community
//
// Actor.Code is Country followed by the type codes Actor1Type1Code to
// Actor1Type3Code that are set ("CHN"+"GOV" → "CHNGOV"), leaving out the IGO
// or NGO type that the country part already says ("IGOEUREEC", not
// "IGOEUREECIGO"). Code is empty when Country is: a bare "GOV" would read as
// a country code. Actor.Sectors is the type codes as given, joined by ",".
//
// # Mentions and the GKG
//
// Mentions map to event.Mention: EventID is GLOBALEVENTID, Time is
// MentionTimeDate, URL is MentionIdentifier (a URL for type 1, a citation or
// DOI otherwise) and CharOffset is ActionCharOffset. GKG records map to
// event.ArticleMeta. Themes are the unique names of V2Themes in order of
// first appearance, followed by those only V1 Themes has (V1 adds the
// parents of V2's themes: TAX_FNCACT for TAX_FNCACT_MAYOR). Persons and
// organizations are the unique names of the V2 fields, or of the V1 fields
// (in lower case) when the V2 ones are empty. Locations come from
// V2Locations (or V1 Locations), each place once, with their country
// converted to ISO 3166 alpha-3; malformed entries are skipped. Tone is the
// first value of V2Tone. Only records whose SourceCollectionIdentifier is 1
// (the open web) have a URL; the others are kept with URL "" and their
// DocumentIdentifier in Attrs. Attrs also holds the page title GDELT gives
// in Extras (PAGE_TITLE).
//
// # Live feed
//
// [Feed] lists the 15-minute files GDELT 2.0 published within a window,
// from lastupdate.txt for the last update and from masterfilelist.txt for
// longer windows, and reads one of them (a zip archive) with the format of
// its kind. [ParseName] parses the files' names.
//
// The readers and Formats are safe for concurrent use; each Read keeps its
// own state.
package gdelt
