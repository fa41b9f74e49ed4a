// Package fingerprint computes the fingerprints georisk uses to find copies
// of a story: a hash of the normalized text for exact copies, and a MinHash
// signature with LSH band keys for near copies (the same wire story with a
// new headline, a sentence added or a word changed).
package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"
)

// Near-copy detection uses MinHash over word 3-shingles with LSH banding:
// SigSize hashes per body, grouped into Bands bands of SigSize/Bands rows.
// Two bodies whose shingle sets have Jaccard similarity J share at least one
// band with probability 1-(1-J^4)^8: 0.98 at J=0.8, 0.40 at J=0.5, 0.06 at
// J=0.3. Candidates are then confirmed with NearThreshold.
const (
	SigSize       = 32
	Bands         = 8
	MinSimWords   = 20   // shorter bodies are matched only exactly
	NearThreshold = 0.70 // estimated Jaccard at or above which two bodies are near copies
)

// Fingerprint holds the fingerprints georisk uses to find copies of a story:
// Hash for exact copies, MinHash and its band keys for near copies.
type Fingerprint struct {
	Hash    string   // hex SHA-256 of the normalized body
	MinHash []uint32 // SigSize values; nil when the body has fewer than MinSimWords words
	Words   int
}

// Compute computes the fingerprints of an article body. Normalization
// lower-cases letters, keeps letters and digits, and collapses everything else
// to single spaces, so that whitespace, punctuation and case changes between
// two copies of a story do not matter.
func Compute(body string) Fingerprint {
	const offset, prime = 14695981039346656037, 1099511628211
	norm := make([]byte, 0, len(body))
	var sig [SigSize]uint32
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var w [3]uint64 // hashes of the last three words
	word := uint64(offset)
	inWord := false
	words := 0
	endWord := func() {
		if !inWord {
			return
		}
		inWord = false
		words++
		w[0], w[1], w[2] = w[1], w[2], word
		word = offset
		if words < 3 {
			return
		}
		x := mix(w[0]*prime*prime ^ w[1]*prime ^ w[2])
		for i := range sig {
			// Multiply-shift hashing with odd multipliers gives SigSize
			// independent-enough permutations of the shingle hash.
			if v := uint32((x*multipliers[i] + addends[i]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	}
	for _, r := range body {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			case 'A' <= r && r <= 'Z':
				r += 'a' - 'A'
			default:
				endWord()
				continue
			}
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			r = unicode.ToLower(r)
		} else {
			endWord()
			continue
		}
		if !inWord && len(norm) > 0 {
			norm = append(norm, ' ')
		}
		n := len(norm)
		norm = utf8.AppendRune(norm, r)
		for _, c := range norm[n:] {
			word ^= uint64(c)
			word *= prime
		}
		inWord = true
	}
	endWord()
	sum := sha256.Sum256(norm)
	fp := Fingerprint{Hash: hex.EncodeToString(sum[:]), Words: words}
	if words >= MinSimWords {
		fp.MinHash = sig[:]
	}
	return fp
}

// BandKeys returns the LSH band keys of a MinHash signature: documents that
// share a key are candidate near copies. Keys differ between bands even for
// equal values, so one index holds them all.
func BandKeys(sig []uint32) []int64 {
	if len(sig) != SigSize {
		return nil
	}
	const rows = SigSize / Bands
	keys := make([]int64, Bands)
	for b := range keys {
		h := uint64(b+1) * 0x9e3779b97f4a7c15
		for _, v := range sig[b*rows : (b+1)*rows] {
			h = mix(h ^ uint64(v))
		}
		keys[b] = int64(h)
	}
	return keys
}

// Similarity estimates the Jaccard similarity of the shingle sets behind two
// MinHash signatures: the share of positions where they agree.
func Similarity(a, b []uint32) float64 {
	if len(a) != SigSize || len(b) != SigSize {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / SigSize
}

// mix is the 64-bit finalizer of MurmurHash3: it spreads every input bit over
// the output, which FNV alone does not.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// multipliers and addends parameterize the SigSize hash functions. They are
// fixed forever: stored signatures are compared with new ones.
var multipliers, addends = func() (m, a [SigSize]uint64) {
	s := uint64(0x6a09e667f3bcc909) // a fixed seed (the fractional part of √2)
	next := func() uint64 {         // SplitMix64
		s += 0x9e3779b97f4a7c15
		return mix(s)
	}
	for i := range m {
		m[i] = next() | 1
		a[i] = next()
	}
	return m, a
}()
