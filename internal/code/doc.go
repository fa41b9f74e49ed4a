// Package code is georisk's event coder: it reads a document's sentences and
// finds who did what to whom and when (events coded in CAMEO, with their
// PLOVER type, Goldstein score and quad class), the direct quotations and
// their speakers, and the estimative judgments the text states.
//
// The coder is a shallow parser: no grammar, only an actor dictionary (see
// [FindActors]), a pattern dictionary of verb and noun phrases (see
// [LoadPatterns]; the embedded one is patterns.txt) and a few rules for
// roles, tense, negation, voice, complements, compound actors and
// coreference, each of which looks at a bounded window of words, so coding
// takes time linear in the text. Each event carries its evidence: the
// sentence, the trigger, the words naming each actor, the pattern that fired
// and a confidence, lowered for every role found indirectly.
//
// # Roles
//
// The source of a verb is the nearest actor to its left in the clause that is
// not the object of a preposition ("leaders from Japan"), not a possessive
// qualifying another noun ("China's Belt and Road Initiative threatens"),
// and not the object of an earlier verb it is coordinated with (then it
// stands for that verb's subject: "X accused Y of … and criticized Y" has X
// as the source of both). After a relative pronoun the source is the noun
// before it ("the strike that killed"), or nobody. The target is the nearest
// actor to its right in the clause, before the next verb, a relative pronoun
// or an infinitive ("discussed ways to respond to China" has no target); a
// place after "in" or "at" is no target of a meeting or statement ("talks in
// Beijing"), but is of an attack. Nouns ("the blockade", "China's visit", and
// any verb after an article or possessive) take their source from a
// possessive or modifier just before them, from "by", or from a light verb
// ("X held talks"), and their target after of, on, against, with, to or
// between. An event needs a source: an agentless passive ("was detained")
// and a noun nobody is said to own ("the attack on Kyiv") yield none.
//
// # Tense, voice and mood
//
// A passive ("was denounced by X", "a deal brokered by China") swaps the
// roles. A negated verb ("did not attack", "failed to reach", "no plans to")
// and a hypothetical one ("could attack", "if Israel launched") yield no
// event but a note. A noun after "since", "after" or "before" is background.
// Cooperation in the future tense is an intent (03) and conflict a threat
// (13), as CAMEO prescribes, except a measure decided and announced
// (sanctions, restrictions, their easing), which is the act unless a
// condition follows ("would impose sanctions if" is 1312). A verb that takes a
// complement ("urged X to release", "threatened to impose sanctions",
// "refused to meet", "accused X of shelling") absorbs it and takes the code
// CAMEO gives the combination (0253, 1312, 125, 1123); the actor between
// the two is the target ("demanded that Hamas release").
//
// # Statements, quotations and compounds
//
// A speech verb yields a statement (010) only when its sentence has nothing
// more specific and it names another actor, its target; its speaker is the
// source of the sentence's quotations and of reported accusations ("X said Y
// was responsible for…"). A compound subject ("France and Germany") acts
// once per member; a reciprocal event (meetings, talks, agreements,
// cooperation, joint promises, clashes) goes both ways, between every pair
// of a compound subject ("Japan and France held drills") and between a
// subject and its partner ("Xi met Biden"). "Chinese and Russian warships"
// gives the agent of the last adjective to all. An agent of no country
// ("protesters") takes the country of the place where it acts, or as target
// that of its source.
//
// # Context
//
// A conflictual verbal event with no object takes the target of its
// source's previous event, up to three sentences back ("China's Mission
// warned, “…”" after China criticized NATO), or, when its object is an
// abstract noun ("blocked the move"), the first actor of the previous
// sentence. Pronouns and a few nouns ("it", "he", "the alliance", "the
// ministry", "the statement") are resolved as coref.go lists. Code-specific
// rules: a state's protest is an official complaint (114); an attack by the
// media is criticism (111); an attack by aircraft, or with missiles or
// drones, is aerial (195, 1952); a launch not aimed at a target is a show of
// force (150); a meeting in a third country is 044; a capital attacked or
// visited is the country. A leader or person killed is assassinated (186); a
// capital or country captured right after the verb is occupied (192); a
// seized ship is hijacked (181); martial law, a state of emergency or a
// curfew with no other target is imposed on the source's own country; a
// demonstration, hunger strike, strike, blockade or riot takes the sub-code
// of what the rest of its sentence says it demands (a leader's removal 1,
// institutions or regime 4, rights 3, a policy 2, in that precedence); and
// the civilians of a massacre or assault are of the country the sentence
// names as its place ("stormed into Israel … killing civilians"), else of
// the source's country. After a speech verb, "that" opens the reported
// clause ("said that it had detained"), not a relative one, and a speaker
// is looked for after the verb only when punctuation precedes it
// (`“…,” said the ministry`). A counted people ("tens of thousands of
// Georgians protested") is a subject despite its "of", and demonstrates as
// the opposition (141), where "Georgia protested" complains officially.
//
// # Conventions
//
// Codes, names, Goldstein scores (GDELT's), quad classes (GDELT's: 1 verbal
// cooperation 01–05, 2 material cooperation 06–09, 3 verbal conflict 10–14, 4
// material conflict 15–20) and PLOVER types come from package cameo.
// Offsets are bytes into Doc.Body. An event's date is read from its sentence
// by package when, nearest the verb; words are dated when said (a statement,
// an accusation, an announced act take the date of the speech verb). An
// event whose sentence gives no date takes the publication date, and its
// evidence says so.
package code
