package importers_test

import (
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"unicode/utf16"
)

// compoundFile builds a minimal OLE2 compound file (version 3, 512-byte
// sectors) holding one stream, as legacy .xls files do: sector 0 is the FAT,
// sector 1 the directory, the stream follows. The stream is padded to
// 4096 bytes so that it lives in ordinary sectors, not the mini stream.
func compoundFile(stream string, data []byte) []byte {
	const sec = 512
	if len(data) < 4096 {
		data = append(data, make([]byte, 4096-len(data))...)
	}
	n := (len(data) + sec - 1) / sec
	out := make([]byte, sec*(3+n))
	le := binary.LittleEndian
	h := out[:sec]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[24:], 0x3E)   // minor version
	le.PutUint16(h[26:], 3)      // major version
	le.PutUint16(h[28:], 0xFFFE) // byte order
	le.PutUint16(h[30:], 9)      // sector shift: 512
	le.PutUint16(h[32:], 6)      // mini sector shift: 64
	le.PutUint32(h[44:], 1)      // FAT sectors
	le.PutUint32(h[48:], 1)      // first directory sector
	le.PutUint32(h[56:], 4096)   // mini stream cutoff
	le.PutUint32(h[60:], 0xFFFFFFFE)
	le.PutUint32(h[68:], 0xFFFFFFFE)
	for i := 76; i < sec; i += 4 {
		le.PutUint32(h[i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[76:], 0) // DIFAT[0]: the FAT is sector 0
	fat := out[sec : 2*sec]
	for i := 0; i < sec; i += 4 {
		le.PutUint32(fat[i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // the FAT itself
	le.PutUint32(fat[4:], 0xFFFFFFFE) // the directory: one sector
	for i := range n {
		next := uint32(3 + i)
		if i == n-1 {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	dir := out[2*sec : 3*sec]
	entry := func(i int, name string, typ byte, child, start uint32, size uint64) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], size)
	}
	entry(0, "Root Entry", 5, 1, 0xFFFFFFFE, 0)
	entry(1, stream, 2, 0xFFFFFFFF, 2, uint64(len(data)))
	for i := 2; i < 4; i++ {
		e := dir[128*i : 128*(i+1)]
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], 0xFFFFFFFF)
	}
	copy(out[3*sec:], data)
	return out
}

// biffRecord encodes one BIFF record.
func biffRecord(typ uint16, body []byte) []byte {
	b := make([]byte, 4, 4+len(body))
	binary.LittleEndian.PutUint16(b, typ)
	binary.LittleEndian.PutUint16(b[2:], uint16(len(body)))
	return append(b, body...)
}

// biffWorkbook returns the start of a BIFF8 globals substream: BOF, then
// filePass (a FILEPASS record body; nil for none), then a BOUNDSHEET.
func biffWorkbook(filePass []byte) []byte {
	bof := []byte{0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	out := biffRecord(0x0809, bof)
	if filePass != nil {
		out = append(out, biffRecord(0x002F, filePass)...)
	}
	return append(out, biffRecord(0x0085, make([]byte, 8))...)
}

// rc4FilePass returns a FILEPASS body for RC4 encryption (version 1.1)
// under password, following [MS-OFFCRYPTO] 2.3.6: the verifier and its MD5
// encrypted with the key of block 0.
func rc4FilePass(password string, salt, verifier [16]byte) []byte {
	u := utf16.Encode([]rune(password))
	pw := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(pw[2*i:], c)
	}
	h0 := md5.Sum(pw)
	var buf []byte
	for range 16 {
		buf = append(append(buf, h0[:5]...), salt[:]...)
	}
	h1 := md5.Sum(buf)
	key := md5.Sum(append(h1[:5:5], 0, 0, 0, 0))
	c, _ := rc4.NewCipher(key[:])
	hash := md5.Sum(verifier[:])
	enc := make([]byte, 32)
	c.XORKeyStream(enc[:16], verifier[:])
	c.XORKeyStream(enc[16:], hash[:])
	body := []byte{1, 0, 1, 0, 1, 0}
	body = append(body, salt[:]...)
	return append(body, enc...)
}
