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
