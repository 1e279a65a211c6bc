//go:build !purego

#include "textflag.h"

// func minMaxAVX2(dst, x []float64, mn, span, width, lo float64)
//
// dst[i] = (x[i] − mn)/span·width + lo, four lanes at a time, each
// operation rounded as the scalar code rounds it (none fused).
TEXT ·minMaxAVX2(SB), NOSPLIT, $0-80
	MOVQ         dst_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	VBROADCASTSD mn+48(FP), Y1
	VBROADCASTSD span+56(FP), Y2
	VBROADCASTSD width+64(FP), Y3
	VBROADCASTSD lo+72(FP), Y4
	SHRQ         $2, CX
	JZ           done

loop:
	VMOVUPD (SI), Y0
	VSUBPD  Y1, Y0, Y0
	VDIVPD  Y2, Y0, Y0
	VMULPD  Y3, Y0, Y0
	VADDPD  Y4, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

DATA minMaxInf<>+0(SB)/8, $0x7FF0000000000000 // +Inf
DATA minMaxInf<>+8(SB)/8, $0xFFF0000000000000 // −Inf
GLOBL minMaxInf<>(SB), RODATA|NOPTR, $16

// func minMaxScanAVX2(x []float64, lanes *[8]float64)
//
// lanes[l] and lanes[4+l] are the least and the greatest of x[l], x[l+4],
// x[l+8], … (i < len(x)/4*4), NaN skipped as `if v < mn { mn = v }` skips
// it: MINPD gives its second operand when either is NaN.
TEXT ·minMaxScanAVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         lanes+24(FP), DI
	VBROADCASTSD minMaxInf<>+0(SB), Y0
	VBROADCASTSD minMaxInf<>+8(SB), Y1
	SHRQ         $2, CX
	JZ           store

scan:
	VMOVUPD (SI), Y2
	VMINPD  Y0, Y2, Y0
	VMAXPD  Y1, Y2, Y1
	ADDQ    $32, SI
	DECQ    CX
	JNZ     scan

store:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET
