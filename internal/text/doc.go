// Package text splits article bodies into sentences and sentences into tokens, fast.
//
// The event coder calls it on every sentence of every article, so both
// [Sentences] and [Tokens] run in one linear pass over the bytes, append to a
// slice the caller provides and reuses, and allocate nothing else. They work
// on byte offsets into the string they are given, never copy text, and accept
// any input: invalid UTF-8, binary junk and text in other scripts come back as
// some sentences and tokens, never a panic.
//
// The rules are heuristics tuned for English-language news, newswire text
// wrapped at 65 columns included. They are documented on each function; where
// a rule has to guess (is "U.S." the end of a sentence?) it says which way it
// guesses.
//
// Everything in the package is safe for concurrent use.
package text
