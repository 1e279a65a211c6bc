//go:build !purego

package composite

import "golang.org/x/sys/cpu"

// haveAVX2 says whether the AVX2 kernels (logAVX2, minMaxAVX2) may run.
var haveAVX2 = cpu.X86.HasAVX2

// logAVX2 replaces each value of x[:len(x)/4*4] by its natural logarithm,
// four at a time with AVX2, by the operations of math.Log on amd64 in their
// order: the same bits. Every value must be positive and normal (not
// subnormal, not infinite); the last len(x)%4 values are left alone.
//
//go:noescape
func logAVX2(x []float64)

// minMaxAVX2 sets dst[i] = (x[i] − mn)/span·width + lo for i < len(x)/4*4,
// four at a time with AVX2, each operation rounded as MinMaxTo's scalar
// loop rounds it: the same bits. len(dst) ≥ len(x).
//
//go:noescape
func minMaxAVX2(dst, x []float64, mn, span, width, lo float64)

// minMaxScanAVX2 sets lanes[l] and lanes[4+l] to the least and the
// greatest value of x[l], x[l+4], … below len(x)/4*4, skipping NaN (±Inf
// for none).
//
//go:noescape
func minMaxScanAVX2(x []float64, lanes *[8]float64)
