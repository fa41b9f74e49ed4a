package store

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
)

// Helpers shared by the backends, so that both encode the same way.

var gzPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compressMin is the size below which Compress leaves an input as it is:
// on a few hundred bytes deflate's fixed cost (its Huffman tables) was a
// tenth of a queue worker's time and saved little.
const compressMin = 1024

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// Compress gzips b at the fastest level, unless b is short and cannot be
// taken for gzip, when it returns b itself. It is safe for concurrent use.
func Compress(b []byte) []byte {
	if len(b) < compressMin && !bytes.HasPrefix(b, gzipMagic) {
		return b
	}
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := gzPool.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(b) // writes to a bytes.Buffer do not fail
	w.Close()
	gzPool.Put(w)
	return buf.Bytes()
}

// Decompress reverses Compress.
func Decompress(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, gzipMagic) {
		return b, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decompressing raw input: %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decompressing raw input: %w", err)
	}
	return out, nil
}

// EncodeSig encodes a MinHash signature as little-endian uint32s; nil stays nil.
func EncodeSig(sig []uint32) []byte {
	if sig == nil {
		return nil
	}
	b := make([]byte, 4*len(sig))
	for i, v := range sig {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

// DecodeSig reverses EncodeSig.
func DecodeSig(b []byte) []uint32 {
	if len(b) == 0 {
		return nil
	}
	sig := make([]uint32, len(b)/4)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return sig
}
