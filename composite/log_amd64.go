//go:build !purego

package composite

import "golang.org/x/sys/cpu"

// haveLogAVX2 says whether logAVX2 may run.
var haveLogAVX2 = cpu.X86.HasAVX2

// logAVX2 replaces each value of x[:len(x)/4*4] by its natural logarithm,
// four at a time with AVX2, by the operations of math.Log on amd64 in their
// order: the same bits. Every value must be positive and normal (not
// subnormal, not infinite); the last len(x)%4 values are left alone.
//
//go:noescape
func logAVX2(x []float64)
