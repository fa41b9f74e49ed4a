package event

import "time"

// Origins of events: coded by georisk from documents, or imported from a
// dataset.
const (
	OriginCoded   = "coded"
	OriginGDELT   = "gdelt"
	OriginACLED   = "acled"
	OriginICEWS   = "icews"
	OriginPOLECAT = "polecat"
)

// Actor is one side of an event.
type Actor struct {
	// Code is georisk's normalized CAMEO-style code: a country (ISO 3166
	// alpha-3) or IGO code followed by agent codes, e.g. "CHNGOV",
	// "IGOWSTNAT". "" when the actor could not be normalized.
	Code string
	// Country is the country or IGO part of Code ("CHN", "IGOWSTNAT").
	Country string
	// Name is the actor as the source names it: "CHINA", "Police Forces
	// of Nigeria (2015-)", "Xi Jinping".
	Name string
	// Raw is the dataset's own code for the actor, kept as given (GDELT's
	// Actor1Code, an ACLED interaction code, a POLECAT actor code).
	Raw string
	// Sectors are the dataset's sector or type labels, as given (ICEWS
	// "Government,Executive", ACLED "State Forces").
	Sectors string
}

// Location is where an event happened, as precisely as the source says.
type Location struct {
	Name    string
	Country string // ISO 3166 alpha-3 when known
	ADM1    string // first-level administrative division, as the source codes or names it
	Lat     float64
	Lon     float64
	HasGeo  bool // Lat and Lon are meaningful (0,0 is a real place)
	// Precision is the source's geographic precision code, kept as given
	// (GDELT ActionGeo_Type, ACLED geo_precision).
	Precision string
}

// Event is one who-did-what-to-whom-when, whether georisk coded it from a
// document or imported it from a dataset.
type Event struct {
	ID int64 // assigned by the store

	Origin   string // see the Origin constants
	OriginID string // the dataset's own id (GLOBALEVENTID, event_id_cnty, Event ID); for coded events, doc:sentence:n

	Date time.Time // when the event happened (UTC midnight for day precision)

	Source, Target Actor

	Code       string // CAMEO event code as a string ("0231"); "" when the dataset has none
	Root       string // CAMEO root ("02")
	PLOVER     string // PLOVER event type ("ASSAULT"), "" when unmapped
	PLOVERMode string
	Goldstein  float64
	// Quad is the quad class in GDELT's convention: 1 verbal cooperation
	// (roots 01–05), 2 material cooperation (06–09), 3 verbal conflict
	// (10–14), 4 material conflict (15–20); 0 when unknown.
	Quad int

	Location Location

	URL        string // the report the dataset cites (GDELT SOURCEURL), if any
	Mentions   int    // GDELT NumMentions
	Sources    int    // GDELT NumSources
	Articles   int    // GDELT NumArticles
	Fatalities int    // ACLED fatalities
	Tone       float64

	// DocID is the stored document a coded event came from; 0 for
	// imported events.
	DocID int64

	// Updated is the dataset's revision time of the row (ACLED timestamp,
	// GDELT DATEADDED); a row with a later Updated replaces an earlier one.
	Updated time.Time

	// Attrs keeps dataset fields that have no column of their own, by
	// their dataset names: ACLED event_type, sub_event_type, notes; ICEWS
	// Story ID, Sentence Number; GDELT IsRootEvent.
	Attrs map[string]string

	// Evidence says where in its document a coded event was found and why;
	// it is empty for imported events.
	Evidence Evidence
}

// Span is a range of byte offsets [Start, End) into a document body.
type Span struct {
	Start, End int
}

// Evidence ties a coded event to its text: the sentence, the words that
// triggered it and named its actors, the pattern that fired, how sure the
// coder is, and where the date came from.
type Evidence struct {
	Sentence   Span
	Trigger    string // the verb or noun phrase that fired ("denounced")
	SourceText string // the words naming the source actor ("China's Mission to the EU")
	TargetText string
	Pattern    string  // the id of the pattern that fired
	Confidence float64 // 0–1
	// DateSource is "text" when the date was read from the sentence
	// ("on 12 July"), "publication" when the event took the document's
	// publication date for want of one.
	DateSource string
	DateText   string // the phrase the date was read from
}

// Quote is a direct quotation in a document, with its speaker.
type Quote struct {
	ID          int64
	DocID       int64
	Speaker     Actor  // the speaker as an actor (Code "CHNGOV"), when recognised
	SpeakerText string // the words naming the speaker ("China's Mission")
	Text        string // the quoted words, without the quote marks
	Span        Span   // of the quoted words in the body
	Sentence    Span
	Date        time.Time
}

// Judgment is an estimative statement found in a document: "Pamir assesses
// that China may…", "will likely become targets…".
type Judgment struct {
	ID     int64
	DocID  int64
	Author string // who judges ("Pamir"), "" when the text does not say
	Term   string // the estimative word or phrase as written ("likely", "is certain to")
	// Band is the ICD 203 probability range of the term ("55-80%"); empty
	// for terms with none ("may", "could", "certain"). Low and High are
	// its bounds in percent (0 when Band is empty).
	Band      string
	Low, High int
	Subject   string // what the judgment is about ("China", "US companies…")
	Claim     string // the judged proposition, the sentence without the hedge
	Span      Span   // of the sentence
	Date      time.Time
}

// Key is the event's identity across imports: origin and the dataset's id.
func (e *Event) Key() string { return e.Origin + ":" + e.OriginID }

// Mention links an event to an article that reports it (GDELT mentions).
type Mention struct {
	Origin     string // "gdelt"
	EventID    string // the event's OriginID
	Time       time.Time
	SourceName string // the outlet's domain or name
	URL        string // MentionIdentifier
	Type       int    // GDELT MentionType: 1 web, 2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual
	Confidence int    // 10–100
	Tone       float64
	DocLen     int
	CharOffset int // offset of the event's sentence in the article (Actor1CharOffset or ActionCharOffset)
}

// ArticleMeta is what a knowledge graph (GDELT GKG) says about an article,
// stored by URL so that it meets the article if georisk ingests it too.
type ArticleMeta struct {
	Origin        string // "gdelt"
	RecordID      string // GKGRECORDID
	Date          time.Time
	URL           string // DocumentIdentifier
	SourceName    string
	Themes        []string
	Persons       []string
	Organizations []string
	Locations     []Location
	Tone          float64 // the first field of V2Tone
	Attrs         map[string]string
}
