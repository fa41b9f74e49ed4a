package code

import "strings"

// Word classes: what the role rules need to know about function words. A
// word may be in several.
const (
	wcPrep      uint32 = 1 << iota // a preposition: an actor after it is not a subject
	wcDet                          // determiners and possessive pronouns
	wcNeg                          // negation: not, never, didn't
	wcBe                           // forms of "be": passive voice
	wcGet                          // forms of "get": passive voice
	wcFuture                       // will, would, shall
	wcModal                        // may, might, could: a hypothetical act
	wcClause                       // words that open a new clause: that, which, but
	wcPronoun                      // it, he, she… (coreference)
	wcCorefNoun                    // the alliance, the ministry… (coreference)
	wcAbstract                     // the move, the proposal…: an object that stands for its author
	wcAgentNoun                    // China's [military]: the possessor acts
	wcAnd                          // and, or: compound actors
	wcAssess                       // assess, judge…: an estimative judgment's author
	wcEstim                        // starts an estimative term
	wcTo                           // to
	wcBy                           // by
	wcThat                         // that
	wcEnd                          // end, halt, stop: "called for an end to the fighting"
	wcNounPrep                     // prepositions that introduce a noun trigger's target
	wcAux                          // auxiliaries skipped when looking for the subject of a judgment
	wcFail                         // fail, failed: "failed to reach" negates
	wcLoc                          // in, at, near…: an actor after it is a place
	wcArticle                      // the, a, an, its: a verb after it is a noun ("the visit")
	wcBack                         // since, after…: a noun after it is background ("since the invasion")
	wcIf                           // if, unless: a conditional clause
	wcWith                         // with: the partner of a joint act
	wcRel                          // which, who: relative pronouns
	wcAim                          // at, on, against: the target of a launch
)

// classWords lists the members of each class.
var classWords = map[uint32]string{
	wcPrep: "of in into on onto at to from with by for against over toward towards about between among " +
		"across through within under after before during near upon outside inside including like beyond " +
		"despite amid amidst via than per behind alongside around throughout without",
	wcDet: "the a an its their his her our my your this these those some any all several both each many " +
		"more new fresh further other another such no every first last",
	wcNeg: "not never no nor neither cannot n't didn't doesn't don't won't wouldn't can't couldn't isn't " +
		"wasn't aren't weren't hasn't haven't hadn't shouldn't mustn't",
	wcBe:      "is are was were be been being am 's",
	wcGet:     "get gets got gotten getting",
	wcFuture:  "will would shall 'll",
	wcModal:   "may might could",
	wcClause:  "that which who whom whose while whereas but because although though if unless whether when where",
	wcPronoun: "it its he his him she her",
	wcCorefNoun: "alliance bloc organization organisation communiqué communique declaration summit ministry " +
		"embassy mission government administration cabinet statement statements spokesman spokeswoman " +
		"spokesperson president minister premier leader chancellor",
	wcAbstract: "move proposal proposals plan plans idea decision bid request offer resolution initiative measure " +
		"measures step policy remarks comments statement communiqué communique declaration",
	wcAgentNoun: "ministry government military army navy forces troops police embassy president prime foreign " +
		"defence defense spokesman spokeswoman spokesperson leader leaders officials authorities coast " +
		"parliament mission delegation envoy ambassador diplomats regime administration cabinet premier " +
		"chancellor minister air security intelligence state media",
	wcAnd:      "and or",
	wcAssess:   "assess assesses assessed judge judges judged estimate estimates estimated believe believes anticipate anticipates predict predicts forecast forecasts observe observes conclude concludes expect expects",
	wcEstim:    "almost nearly virtually remote very highly extremely unlikely improbable probably probable likely roughly even may might could possible possibly perhaps certain certainly",
	wcTo:       "to",
	wcBy:       "by",
	wcThat:     "that",
	wcEnd:      "end halt stop cessation",
	wcNounPrep: "of on against with to toward towards at into over between upon around near",
	wcAux:      "is are was were will would be been has have had shall also still then it there yet already even just now again ever soon",
	wcFail:     "fail fails failed failing",
	wcLoc:      "in at near around inside within across throughout outside",
	wcArticle:  "the a an this its their his her our these those",
	wcBack:     "since after before following amid until",
	wcIf:       "if unless whether",
	wcWith:     "with alongside",
	wcRel:      "which who whom",
	wcAim:      "at on against upon",
}

// wordClasses builds the class map of every word above.
func wordClasses() map[string]uint32 {
	m := map[string]uint32{}
	for c, words := range classWords {
		for _, w := range strings.Fields(words) {
			m[w] |= c
		}
	}
	return m
}
