//go:build !amd64 || purego

package composite

// haveLogAVX2 is false: logAVX2 is amd64 assembly.
const haveLogAVX2 = false

func logAVX2([]float64) { panic("composite: logAVX2 without AVX2") }
