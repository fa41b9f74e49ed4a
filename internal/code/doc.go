// Package code is georisk's event coder: it reads a document's sentences and
// finds who did what to whom and when (events coded in CAMEO, with their
// PLOVER type, Goldstein score and quad class), the direct quotations and
// their speakers, and the estimative judgments the text states.
//
// The coder is a shallow parser: no grammar, only an actor dictionary (see
// [FindActors]), a pattern dictionary of verb and noun phrases (see
// [LoadPatterns]) and a few explainable rules for roles, tense, negation,
// voice, complements, compound actors and coreference. Each event carries its
// evidence: the sentence, the trigger, the words naming each actor, the
// pattern that fired and a confidence.
//
// # Roles
//
// The source of a verb is the nearest actor to its left in the clause that is
// not the object of a preposition ("leaders from Japan"), not a possessive
// qualifying another noun ("China's Belt and Road Initiative threatens") and
// not the object of an earlier verb (then it stands for that verb's subject:
// "X accused Y of … and criticized Y" has X as the source of both). Its
// target is the nearest actor to its right in the clause, before the next
// verb, a relative pronoun or an infinitive ("discussed ways to respond to
// China" has no target). Nouns take their source from a possessive or
// modifier just before them ("China's blockade", "a Russian attack") or from
// "by", and their target after of, on, against, with, to or between.
//
// A verb in the passive ("was denounced by X") swaps the roles; a negated one
// ("did not attack", "failed to reach") or a hypothetical one ("could
// attack") yields no event but a note. A verb that takes a complement
// ("urged X to release", "threatened to impose sanctions", "refused to meet")
// absorbs it and takes the code CAMEO gives the combination (0253, 1312,
// 125); cooperation in the future tense is an intent (03), conflict in the
// future tense a threat (13). A compound subject of a reciprocal event
// ("Japan and France held drills") yields it in both directions. A speech
// verb yields a statement (010) only when its sentence has nothing more
// specific; its speaker is the source of the sentence's quotations and of
// reported accusations ("X said Y was responsible for…").
//
// A conflictual verbal event with no object takes the target of its
// source's previous event, up to three sentences back ("China's Mission
// warned, “…”" after China criticized NATO), or, when its object is an
// abstract noun ("blocked the move"), the first actor of the previous
// sentence. Pronouns and a few nouns ("it", "he", "the alliance", "the
// ministry", "the statement") are resolved as the coref.go comment lists.
//
// # Conventions
//
// Codes, names, Goldstein scores (GDELT's), quad classes (GDELT's: 1 verbal
// cooperation 01–05, 2 material cooperation 06–09, 3 verbal conflict 10–14, 4
// material conflict 15–20) and PLOVER types come from package cameo.
// Offsets are bytes into Doc.Body. An event whose sentence gives no date takes
// the publication date, and its evidence says so.
package code
