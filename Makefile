# cityscore — make targets. `make run` scores the built-in sample; `make test` runs every test.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         := bin/cityscore

# The race detector needs cgo and a C compiler; without them the tests run without it.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

.PHONY: all build run test unit fmt-check vet lint deps-check bench fuzz-smoke golden ci clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/cityscore

## run: score the built-in sample (286 cities, 2004–2012) and write cityscore-results.xlsx
run:
	$(GO) run ./cmd/cityscore score

## test: formatting, vet, import rules and every test (with the race detector when cgo is available)
test: fmt-check vet deps-check unit

unit:
	@[ -n "$(RACE)" ] || echo "note: no C compiler for cgo; running the tests without -race"
	$(GO) test $(RACE) -count=1 ./...
	$(GO) test -count=1 -tags purego ./composite

fmt-check:
	@out=$$(gofmt -s -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt -s would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: staticcheck, pinned; fetched by go run, go.mod untouched
lint: fmt-check vet
	$(GO) run $(STATICCHECK) ./...

deps-check:
	@sh .ci/deps-check

## bench: every benchmark, 3 sizes each
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

fuzz-smoke:
	$(GO) test -run='^$$' -fuzz=FuzzReadCSV -fuzztime=10s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzParseValue -fuzztime=10s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzReadYearbook -fuzztime=10s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzReadHTML -fuzztime=10s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzReadWorkbookBuilt -fuzztime=10s -fuzzminimizetime=3s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzReadXLSXBytes -fuzztime=10s -fuzzminimizetime=3s ./importers
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=10s ./indicators
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=10s ./config

## golden: rewrite golden files after an intended change
golden:
	$(GO) test ./exporters ./cmd/cityscore -update

ci: lint test

clean:
	rm -rf bin cityscore-results.xlsx
