package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole process to the file that
// CITYSCORE_CPUPROFILE names, for `go tool pprof` (docs/benchmarks.md).
// Unset, it does nothing. The returned function stops the profile.
func startProfile(stderr io.Writer) func() {
	path := os.Getenv("CITYSCORE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cityscore: CITYSCORE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
