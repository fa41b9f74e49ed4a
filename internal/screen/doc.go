// Package screen matches names against restricted-party lists: the US
// Consolidated Screening List, OFAC's SDN list, the UN Security Council list,
// OpenSanctions entities and lists kept by hand (read by screen/lists).
//
// # Names
//
// A name is normalized before anything is compared: Unicode compatibility
// forms folded (full-width letters and brackets), case and accents removed,
// punctuation turned into spaces, legal forms dropped in English, Chinese and
// pinyin ("Co., Ltd.", "Limited", "有限公司", "youxian gongsi", "Group",
// "Holdings"), and descriptive words (technology, trading, 科技, 贸易) and
// places (Shenzhen, 深圳) mapped to one canonical token each and weighed less
// than the distinctive part of the name.
//
// Chinese is first class. A name in characters keeps its characters, which
// are compared with each other when both sides have them (so 华为 and its
// homophone 华伟 are not taken for one another), and is also turned into
// tone-less pinyin with go-pinyin, corrected by our own readings of
// place names and common words (重庆 chongqing, 厦门 xiamen, 银行 yinhang)
// and of surnames (曾 zeng, 单 shan). Its segments are kept both joined
// ("huawei", as trade names and given names are written) and as syllables;
// a Latin name that reads as pinyin ("Hua Wei", "Jinping Xi") is split into
// syllables too, so that spacing and order do not matter. A Wade–Giles form
// of each Chinese name is indexed as a weak alias.
//
// # Matching
//
// [Index] holds list entries and finds candidates through blocking keys —
// tokens, joined neighbouring tokens, consonant skeletons, token prefixes,
// pinyin syllables and character bigrams — visiting the rarest keys first
// and skipping very common ones, so that a query never scans the whole list.
// Candidates are then scored 0–1: a weighted soft token match (Jaro–Winkler
// per token), a character comparison of the joined name (Levenshtein), a
// syllable match and a character match for Chinese, whichever is best, then
// raised or lowered by secondary features: type, country, date of birth and
// identifiers such as the 18-character Unified Social Credit Code, whose
// check character is verified. Every hit says why it matched. Results are
// reproducible: they depend only on the entries and on [Algorithm], the
// version of the matcher.
//
// An Index is immutable once built and safe for concurrent use.
package screen
