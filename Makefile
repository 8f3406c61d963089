# xietong — the two commands a newcomer needs are `make run` and `make test`.
GO          ?= go
BIN         := bin/xietong
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
VERSION     ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X main.version=$(VERSION)

.PHONY: run test build lint bench bench-load bench-supervision bench-uploads fuzz clean test-postgres

## run: build and start the server on http://127.0.0.1:8080 with embedded SQLite in ./var
run: build
	XIETONG_LOG_FORMAT=$${XIETONG_LOG_FORMAT:-text} ./$(BIN) serve

## build: write the binary to bin/xietong
build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

## test: the whole suite (SQLite always; PostgreSQL too when XIETONG_TEST_DATABASE_URL is set)
# The server package takes about as long as all the others together, and
# `go test ./...` would start it last: it runs beside the rest from the
# start, its output held back and printed when both are done.
# The race detector watches all of our code; not the SQLite engine
# (modernc.org, C translated to Go), whose instrumented memory accesses made
# up most of the suite's time and which is not ours to race-check.
RACEFLAGS := -race -gcflags='modernc.org/...=-race=false'
TESTFLAGS := $(RACEFLAGS) -count=1 -timeout 20m
test:
	@$(GO) build $(RACEFLAGS) ./...
	@out=$$(mktemp); trap 'rm -f $$out' EXIT; \
	$(GO) test $(TESTFLAGS) ./server/ >$$out 2>&1 & pid=$$!; \
	status=0; $(GO) test $(TESTFLAGS) $$($(GO) list ./... | grep -vx 'xietong/server') || status=$$?; \
	wait $$pid || status=$$?; cat $$out; exit $$status
	@skipped=""; \
	if [ -z "$$XIETONG_TEST_DATABASE_URL" ]; then skipped="the PostgreSQL tests (set XIETONG_TEST_DATABASE_URL=postgres://…, or run .ci/run)"; fi; \
	if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then \
		skipped="$${skipped:+$$skipped; }the browser tests (install Debian's chromium)"; fi; \
	if [ -n "$$skipped" ]; then echo "make test passed, but did not run $$skipped."; fi

## lint: formatting, vet and a pinned staticcheck
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: the Go benchmarks and bench-uploads (figures go to BENCHMARKS.md); BENCH_LOAD=1 adds bench-load and bench-supervision
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@$(MAKE) --no-print-directory bench-uploads
	@if [ -n "$(BENCH_LOAD)" ]; then $(MAKE) --no-print-directory bench-load bench-supervision; fi

## bench-load: 1,000,000 tasks on PostgreSQL, HTTP load at 8 and 32 clients, pgbench beside it (~10 min; cmd/xietong-bench/bench.sh)
bench-load:
	cmd/xietong-bench/bench.sh

## bench-supervision: the sweep and the province reports at 100,000 and 1,000,000 tasks on PostgreSQL (~5 min; cmd/xietong-bench/supervision.sh)
bench-supervision:
	cmd/xietong-bench/supervision.sh

## bench-uploads: start the server on SQLite, send 8 parallel 19 MB uploads (3 rounds), report its peak RSS, by default and with GOMEMLIMIT=100MiB (~30 s)
bench-uploads: build
	$(GO) run ./cmd/xietong-bench uploads -server $(BIN)
	$(GO) run ./cmd/xietong-bench uploads -server $(BIN) -gomemlimit 100MiB

## fuzz: fuzz the reply parser, then every write path (control characters, on SQLite), FUZZTIME each (default 5m); CI runs each for 15 s
FUZZTIME ?= 5m
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./notifications/inbound/
	$(GO) test -run '^$$' -fuzz '^FuzzWritePaths$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./server/

clean:
	rm -rf bin
