// Package source reads articles from files, directories, globs, stdin, web
// pages, feeds and OPML lists, in any of the formats georisk knows, detected
// by content.
//
// [Read] walks a list of inputs and reports each article it finds as an
// [Item]: the raw bytes it came from plus whatever metadata the container
// states (feed fields, JSON fields, SGML fields). Turning HTML into article
// text is not done here; package extract does that.
//
// # Inputs
//
// An input is a file, a directory (walked recursively in lexical order,
// skipping hidden files and directories), a glob such as data/*.html (used
// only when no file of that name exists), "-" for standard input, an
// http(s) URL of a page, a feed or an OPML list, or an OPML file whose
// outlines name feeds by URL.
//
// # Formats
//
// Formats are detected by content; the file extension only breaks ties.
// gzip streams are decompressed and sniffed again; zip archives are read
// entry by entry. Inside them (or on their own) georisk reads JSON Lines
// records, JSON Feed, RSS, Atom and RDF feeds, OPML lists, Reuters-21578 SGML
// files, HTML pages, Markdown and plain text.
//
// JSON Lines, SGML, gzip and zip are streamed record by record, so a large
// corpus is read in bounded memory. A single document (a page, a text file, a
// feed, one JSON line) is read whole and is refused beyond
// [Options.MaxItemBytes].
//
// Text that is not valid UTF-8 is decoded with the encoding the document
// declares (an HTML meta charset, an XML encoding, an HTTP charset), else as
// Windows-1252, and the item then carries a [Item.Warn] note.
//
// # Failures
//
// Bad input never stops a run: each input, record or archive entry that
// cannot be read is reported once as a [Failure] naming it and the reason,
// and reading goes on with the next.
//
// # Fetching
//
// URLs are fetched with a [Fetcher], which bounds time, size and redirects
// and refuses loopback, private, link-local and similar addresses unless told
// otherwise, checking the address actually dialled.
package source
