package importers

import (
	"bytes"
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// Legacy and encrypted workbooks live in an OLE2 compound file (the
// D0 CF 11 E0 signature). What matters is which streams it holds:
//
//	Workbook   a BIFF8 workbook (Excel 97–2003); a FILEPASS record in its
//	           globals means the workbook is encrypted
//	Book       a BIFF5 workbook (Excel 5.0/95)
//	EncryptionInfo + EncryptedPackage   an encrypted .xlsx (ECMA-376)
//
// No Go reader of BIFF is well kept (see the package doc), so these files
// are refused with a message naming what they are and how to convert them.

// oleKind is what an OLE2 file holds.
type oleKind int

const (
	oleOther         oleKind = iota // not a workbook (a .doc, a .msg, …)
	oleUnreadable                   // a damaged or truncated compound file
	oleBIFF8                        // Excel 97–2003 workbook
	oleBIFF5                        // Excel 5.0/95 workbook
	oleBIFFObfusc                   // BIFF8, XOR-obfuscated (FILEPASS type 0)
	oleBIFFRC4                      // BIFF8, RC4 encryption (FILEPASS type 1, version 1)
	oleBIFFCryptoAPI                // BIFF8, RC4 CryptoAPI encryption (FILEPASS type 1, versions 2–4)
	oleEncryptedXLSX                // an encrypted OOXML package
)

// oleInfo is what inspectOLE2 finds.
type oleInfo struct {
	kind oleKind
	// defaultPassword: an RC4-encrypted workbook whose password is Excel's
	// built-in "VelvetSweatshop", which Excel (and LibreOffice) open
	// without asking: the file is read-only protected, not secret.
	defaultPassword bool
}

// velvetSweatshop is the password Excel uses when a workbook is protected
// for writing only ([MS-OFFCRYPTO] 2.4.2.4, ECMA-376 "default password").
const velvetSweatshop = "VelvetSweatshop"

// inspectOLE2 reads the directory of an OLE2 file and, for a BIFF8
// workbook, its globals up to the first sheet, looking for FILEPASS.
func inspectOLE2(data []byte) oleInfo {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if bytes.Contains(data, encryptionInfo) {
			return oleInfo{kind: oleEncryptedXLSX}
		}
		return oleInfo{kind: oleUnreadable}
	}
	var workbook, book *mscfb.File
	encrypted := false
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		switch f.Name {
		case "Workbook":
			workbook = f
		case "Book":
			book = f
		case "EncryptionInfo", "EncryptedPackage":
			encrypted = true
		}
		if workbook != nil {
			break
		}
	}
	switch {
	case encrypted:
		return oleInfo{kind: oleEncryptedXLSX}
	case workbook != nil:
		return biffGlobals(workbook)
	case book != nil:
		return oleInfo{kind: oleBIFF5}
	}
	return oleInfo{}
}

// BIFF record types used here.
const (
	biffBOF      = 0x0809
	biffEOF      = 0x000A
	biffFilePass = 0x002F
	biffSheet    = 0x0085 // BOUNDSHEET: past the records FILEPASS may follow
)

// biffGlobals scans the globals substream of a BIFF8 workbook for FILEPASS,
// which comes right after the BOF record when the workbook is encrypted.
func biffGlobals(r io.Reader) oleInfo {
	var head [4]byte
	for i := 0; i < 64; i++ {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			break
		}
		typ, size := binary.LittleEndian.Uint16(head[:2]), int(binary.LittleEndian.Uint16(head[2:]))
		body := make([]byte, size)
		if _, err := io.ReadFull(r, body); err != nil {
			break
		}
		switch typ {
		case biffFilePass:
			return filePass(body)
		case biffEOF, biffSheet:
			return oleInfo{kind: oleBIFF8}
		}
	}
	return oleInfo{kind: oleBIFF8}
}

// filePass reads a FILEPASS record ([MS-XLS] 2.4.117).
func filePass(b []byte) oleInfo {
	if len(b) < 2 || binary.LittleEndian.Uint16(b) == 0 {
		return oleInfo{kind: oleBIFFObfusc}
	}
	if len(b) < 6 || binary.LittleEndian.Uint16(b[2:]) != 1 {
		return oleInfo{kind: oleBIFFCryptoAPI}
	}
	info := oleInfo{kind: oleBIFFRC4}
	if len(b) >= 6+48 {
		salt, verifier, hash := b[6:22], b[22:38], b[38:54]
		info.defaultPassword = rc4PasswordMatches(velvetSweatshop, salt, verifier, hash)
	}
	return info
}

// rc4PasswordMatches checks a password against the verifier of RC4
// encryption ([MS-OFFCRYPTO] 2.3.6.2 and 2.3.6.4): the key of block 0 is
// MD5(first 5 bytes of MD5((first 5 bytes of MD5(password)) + salt) × 16)
// + block number); the verifier decrypted with it must hash (MD5) to the
// decrypted verifier hash.
func rc4PasswordMatches(password string, salt, verifier, verifierHash []byte) bool {
	pw := utf16.Encode([]rune(password))
	pwBytes := make([]byte, 2*len(pw))
	for i, u := range pw {
		binary.LittleEndian.PutUint16(pwBytes[2*i:], u)
	}
	h0 := md5.Sum(pwBytes)
	var buf []byte
	for range 16 {
		buf = append(buf, h0[:5]...)
		buf = append(buf, salt...)
	}
	h1 := md5.Sum(buf)
	key := md5.Sum(append(h1[:5:5], 0, 0, 0, 0)) // block 0
	c, err := rc4.NewCipher(key[:])
	if err != nil {
		return false
	}
	plain := make([]byte, 32)
	c.XORKeyStream(plain[:16], verifier)
	c.XORKeyStream(plain[16:], verifierHash)
	sum := md5.Sum(plain[:16])
	return bytes.Equal(sum[:], plain[16:])
}

// refuseOLE2 returns the error for an OLE2 file, naming its real format.
func refuseOLE2(data []byte, name string) error {
	convert := fmt.Sprintf("libreoffice --headless --convert-to xlsx %q", name)
	switch info := inspectOLE2(data); info.kind {
	case oleBIFF8:
		return fmt.Errorf("%s: %w: the file is an Excel 97–2003 workbook (BIFF8); convert it to .xlsx: %s", name, ErrLegacyXLS, convert)
	case oleBIFF5:
		return fmt.Errorf("%s: %w: the file is an Excel 5.0/95 workbook (BIFF5); convert it to .xlsx: %s", name, ErrLegacyXLS, convert)
	case oleBIFFRC4:
		if info.defaultPassword {
			return fmt.Errorf("%s: %w: a legacy Excel 97–2003 workbook (BIFF8) encrypted with RC4 under Excel's default "+
				"password %q (read-only protection, as CNKI exports have it); LibreOffice opens it: %s", name, ErrEncrypted, velvetSweatshop, convert)
		}
		return fmt.Errorf("%s: %w: a legacy Excel 97–2003 workbook (BIFF8) encrypted with RC4 and a password; "+
			"open it in Excel with the password, then save it as .xlsx without one", name, ErrEncrypted)
	case oleBIFFCryptoAPI:
		return fmt.Errorf("%s: %w: a legacy Excel 97–2003 workbook (BIFF8) encrypted with RC4 CryptoAPI; "+
			"open it in Excel or LibreOffice (%s works if the password is Excel's default), then save it as .xlsx", name, ErrEncrypted, convert)
	case oleBIFFObfusc:
		return fmt.Errorf("%s: %w: a legacy Excel 97–2003 workbook (BIFF8) with XOR obfuscation; "+
			"open it in Excel or LibreOffice and save it as .xlsx without a password", name, ErrEncrypted)
	case oleUnreadable:
		return fmt.Errorf("%s: %w: an OLE2 compound file (the container of legacy Office files) that is damaged or "+
			"truncated; if Excel or LibreOffice opens it, convert it: %s", name, ErrLegacyXLS, convert)
	case oleEncryptedXLSX:
		return fmt.Errorf("%s: %w: an encrypted .xlsx (ECMA-376 agile or standard encryption); "+
			"open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx", name, ErrEncrypted)
	}
	return fmt.Errorf("%s: %w: an OLE2 compound file without a workbook stream (a Word, Outlook or other Office 97–2003 file?)", name, ErrBinary)
}
