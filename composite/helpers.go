package composite

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// nameOf returns the name of v in names, or "composite.Type(n)" for a value
// with no name.
func nameOf[T comparable](names map[T]string, v T) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf("%T(%d)", v, any(v))
}

// parseName sets *dst to the value named b; an unknown name is an error
// that lists the valid ones.
func parseName[T comparable](names map[T]string, dst *T, b []byte, what string) error {
	for v, s := range names {
		if s == string(b) {
			*dst = v
			return nil
		}
	}
	valid := slices.Sorted(maps.Values(names))
	return fmt.Errorf("unknown %s method %q (want %s)", what, b, strings.Join(valid, "|"))
}

// parallelMin is the work size (values read) above which a kernel spreads
// its columns over several goroutines.
const parallelMin = 1 << 16

// forEach calls fn(i) for i in [0, n), on GOMAXPROCS goroutines when work
// is large.
func forEach(n, work int, fn func(i int)) {
	procs := runtime.GOMAXPROCS(0)
	if work < parallelMin || procs < 2 || n < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(procs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
