package draw

import (
	"math/bits"
	"math/rand/v2"
)

// generator turns a seed into the draw's random choices. It reads only the
// ChaCha8 stream (math/rand/v2.ChaCha8, whose output is fixed by the
// C2SP chacha8rand specification) and does its own bounded integers and
// shuffle, so a recorded draw replays the same way whatever a later Go
// release does to rand.Rand's helpers.
type generator struct{ src *rand.ChaCha8 }

func newGenerator(seed [SeedSize]byte) generator {
	return generator{src: rand.NewChaCha8(seed)}
}

// below returns a uniform integer in [0, n), n > 0: Lemire's multiply-shift
// with rejection, so it has no modulo bias.
func (g generator) below(n uint64) uint64 {
	hi, lo := bits.Mul64(g.src.Uint64(), n)
	if lo < n {
		threshold := -n % n // 2^64 mod n
		for lo < threshold {
			hi, lo = bits.Mul64(g.src.Uint64(), n)
		}
	}
	return hi
}

// shuffle is Fisher–Yates from the top: for i = n-1 … 1 swap i with a
// uniform j in [0, i].
func (g generator) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, int(g.below(uint64(i+1))))
	}
}
