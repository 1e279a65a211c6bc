//go:build !amd64 || purego

package composite

// haveAVX2 is false: the AVX2 kernels are amd64 assembly.
const haveAVX2 = false

func logAVX2([]float64) { panic("composite: logAVX2 without AVX2") }

func minMaxAVX2(dst, x []float64, mn, span, width, lo float64) {
	panic("composite: minMaxAVX2 without AVX2")
}

func minMaxScanAVX2(x []float64, lanes *[8]float64) {
	panic("composite: minMaxScanAVX2 without AVX2")
}
