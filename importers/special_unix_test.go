//go:build unix

package importers

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// FIFOs, devices and sockets are refused before they are opened: a FIFO
// in a data folder hung the run, /dev/zero grew memory without end.
func TestSpecialFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here: ", err)
	}
	t.Cleanup(func() {
		// Unblock a reader the old code left waiting.
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	opt := Options{Framework: framework(t)}
	within(t, 5*time.Second, func() {
		_, _, err := ReadFile(fifo, opt)
		wantErr(t, err, fifo+": not a regular file: a named pipe (FIFO)")
		_, _, err = ReadPaths([]string{dir}, opt)
		wantErr(t, err, fifo+": not a regular file: a named pipe (FIFO)")
		if _, err := os.Stat("/dev/zero"); err == nil {
			_, _, err = ReadFile("/dev/zero", opt)
			wantErr(t, err, "/dev/zero: not a regular file: a character device")
			_, _, err = ReadPaths([]string{"/dev/zero"}, opt)
			wantErr(t, err, "/dev/zero: not a regular file")
		}
	})
}
