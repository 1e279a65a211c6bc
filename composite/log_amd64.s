//go:build !purego

#include "textflag.h"

// logConst holds each constant of logAVX2 four times (32 bytes), for the
// memory operands of 4-lane instructions.
#define C4(off, v) DATA logConst<>+(off)(SB)/8, v; DATA logConst<>+(off+8)(SB)/8, v; DATA logConst<>+(off+16)(SB)/8, v; DATA logConst<>+(off+24)(SB)/8, v

C4(0x000, $0x000FFFFFFFFFFFFF) // mantissa bits
C4(0x020, $0x3FE0000000000000) // exponent bits of [0.5, 1); also 0.5
C4(0x040, $0x4337FFFFFFFFFC02) // 1.5·2⁵² as bits, less the bias 0x3FE
C4(0x060, $0x4338000000000000) // 1.5·2⁵²
C4(0x080, $0x3FE6A09E667F3BCD) // √2/2
C4(0x0A0, $0x3FF0000000000000) // 1
C4(0x0C0, $0x4000000000000000) // 2
C4(0x0E0, $0x3FE5555555555593) // L1
C4(0x100, $0x3FD999999997FA04) // L2
C4(0x120, $0x3FD2492494229359) // L3
C4(0x140, $0x3FCC71C51D8E78AF) // L4
C4(0x160, $0x3FC7466496CB03DE) // L5
C4(0x180, $0x3FC39A09D078C69F) // L6
C4(0x1A0, $0x3FC2F112DF3E5244) // L7
C4(0x1C0, $0x3FE62E42FEE00000) // Ln2Hi
C4(0x1E0, $0x3DEA39EF35793C76) // Ln2Lo
GLOBL logConst<>(SB), RODATA|NOPTR, $0x200

// func logAVX2(x []float64)
//
// Four lanes at a time, the operations of the math package's archLog
// (src/math/log_amd64.s), in its order, none fused.
TEXT ·logAVX2(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD (SI), Y0
	// f1 = the mantissa as a number in [0.5, 1); k = the exponent − 0x3FE
	VPAND   logConst<>+0x000(SB), Y0, Y1
	VPOR    logConst<>+0x020(SB), Y1, Y2
	VPSRLQ  $52, Y0, Y3
	VPADDQ  logConst<>+0x040(SB), Y3, Y3
	VSUBPD  logConst<>+0x060(SB), Y3, Y3
	// if f1 ≤ √2/2 { k −= 1; f1 *= 2 }
	VCMPPD  $2, logConst<>+0x080(SB), Y2, Y4
	VANDPD  logConst<>+0x0A0(SB), Y4, Y5
	VSUBPD  Y5, Y3, Y3
	VADDPD  logConst<>+0x0A0(SB), Y5, Y5
	VMULPD  Y5, Y2, Y2
	// f = f1 − 1; s = f/(2 + f); s2 = s·s; s4 = s2·s2
	VSUBPD  logConst<>+0x0A0(SB), Y2, Y2
	VADDPD  logConst<>+0x0C0(SB), Y2, Y6
	VDIVPD  Y6, Y2, Y7
	VMULPD  Y7, Y7, Y8
	VMULPD  Y8, Y8, Y9
	// t1 = s2·(L1 + s4·(L3 + s4·(L5 + s4·L7)))
	VMULPD  logConst<>+0x1A0(SB), Y9, Y10
	VADDPD  logConst<>+0x160(SB), Y10, Y10
	VMULPD  Y9, Y10, Y10
	VADDPD  logConst<>+0x120(SB), Y10, Y10
	VMULPD  Y9, Y10, Y10
	VADDPD  logConst<>+0x0E0(SB), Y10, Y10
	VMULPD  Y8, Y10, Y10
	// t2 = s4·(L2 + s4·(L4 + s4·L6)); R = t1 + t2
	VMULPD  logConst<>+0x180(SB), Y9, Y11
	VADDPD  logConst<>+0x140(SB), Y11, Y11
	VMULPD  Y9, Y11, Y11
	VADDPD  logConst<>+0x100(SB), Y11, Y11
	VMULPD  Y9, Y11, Y11
	VADDPD  Y11, Y10, Y10
	// hfsq = 0.5·f·f
	VMULPD  logConst<>+0x020(SB), Y2, Y12
	VMULPD  Y2, Y12, Y12
	// k·Ln2Hi − ((hfsq − (s·(hfsq + R) + k·Ln2Lo)) − f)
	VADDPD  Y12, Y10, Y10
	VMULPD  Y10, Y7, Y7
	VMULPD  logConst<>+0x1E0(SB), Y3, Y13
	VADDPD  Y13, Y7, Y7
	VSUBPD  Y7, Y12, Y12
	VSUBPD  Y2, Y12, Y12
	VMULPD  logConst<>+0x1C0(SB), Y3, Y3
	VSUBPD  Y12, Y3, Y3
	VMOVUPD Y3, (SI)
	ADDQ    $32, SI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET
