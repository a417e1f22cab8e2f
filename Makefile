# okr — OKRs as code.
#   make demo   run okr on the bundled example repository
#   make test   vet, staticcheck and every test with the race detector

GO          ?= go
BIN         ?= bin/okr
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
DEMO_AT     ?= 2026-11-15

.PHONY: all build demo test vet lint staticcheck fuzz bench bench-full bench-peers install clean release-snapshot release-check

all: build

build:
	$(GO) build -o $(BIN) ./cmd/okr

install:
	$(GO) install ./cmd/okr

demo: build
	@echo '$$ okr -C examples/acme validate --at $(DEMO_AT)'
	@./$(BIN) -C examples/acme validate --at $(DEMO_AT)
	@echo
	@echo '$$ okr -C examples/acme score --at $(DEMO_AT)'
	@./$(BIN) -C examples/acme score --at $(DEMO_AT)
	@echo
	@echo '$$ okr -C examples/acme kpi --at $(DEMO_AT)'
	@./$(BIN) -C examples/acme kpi --at $(DEMO_AT)
	@echo
	@echo '$$ okr -C examples/acme due --at $(DEMO_AT)'
	@./$(BIN) -C examples/acme due --at $(DEMO_AT)
	@echo
	@echo '$$ okr -C examples/acme tree --at $(DEMO_AT)'
	@./$(BIN) -C examples/acme tree --at $(DEMO_AT)

test: vet staticcheck
	$(GO) test -race -count=1 -timeout 25m ./...

vet:
	$(GO) vet ./...

lint: vet staticcheck

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# Run each fuzz target for FUZZTIME (default 1m).
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzLoadYAML$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzLoadCSV$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/internal/fastyaml -run '^$$' -fuzz '^FuzzAgreesWithGoYAML$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzPlainCSV$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzParseAfter$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzPackRows$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzSchemaAgrees$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/history -run '^$$' -fuzz '^FuzzRawClean$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/history -run '^$$' -fuzz '^FuzzParseTree$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/history -run '^$$' -fuzz '^FuzzResolve$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/format -run '^$$' -fuzz '^FuzzSource$$' -fuzztime $(FUZZTIME)
	$(GO) test ./schema -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/render -run '^$$' -fuzz '^FuzzDisplayWidth$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/model -run '^$$' -fuzz '^FuzzParseDate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/model -run '^$$' -fuzz '^FuzzNearest$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/internal/fastyaml -run '^$$' -fuzz '^FuzzPrintable$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzDecimal$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzAligns$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/record -run '^$$' -fuzz '^FuzzParseFeed$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/lsp -run '^$$' -fuzz '^FuzzServer$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/lsp -run '^$$' -fuzz '^FuzzFlowPairAt$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/sheet -run '^$$' -fuzz '^FuzzCellFields$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/sheet -run '^$$' -fuzz '^FuzzImportCSV$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/load -run '^$$' -fuzz '^FuzzSlackID$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/render -run '^$$' -fuzz '^FuzzChatEscapes$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/render -run '^$$' -fuzz '^FuzzCSVGuard$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/digest -run '^$$' -fuzz '^FuzzDigestWriters$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/sheet -run '^$$' -fuzz '^FuzzSheetAgrees$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/record -run '^$$' -fuzz '^FuzzPlanFeedAgrees$$' -fuzztime $(FUZZTIME)
	$(GO) test ./okr/format -run '^$$' -fuzz '^FuzzEncodeAstral$$' -fuzztime $(FUZZTIME)

# Benchmarks over generated repositories (SPEC §4); see BENCHMARKS.md.
# The repositories are generated once into $$OKR_BENCH_DIR (default: the
# system temporary directory). bench-full adds the whole §4 scale.
bench:
	$(GO) test ./okr/perf -run '^$$' -bench . -benchmem -benchtime 3x -okr.scales small,medium

bench-full:
	$(GO) test ./okr/perf -run '^$$' -bench . -benchmem -benchtime 1x -okr.scales full

# Whole commands against peers (@sourcemeta/jsonschema, js-yaml + ajv, git log -p).
bench-peers:
	bench/run.sh

clean:
	rm -rf bin

# Releases (SPEC §9) with GoReleaser, pinned in tools/goreleaser/go.mod (not
# okr's go.mod) and built once into GORELEASER_DIR, a directory CI caches.
#   make release-snapshot   every archive and checksums.txt into dist/, offline
#   make release-check      goreleaser check of .goreleaser.yaml
GORELEASER_VERSION := $(shell awk '$$1 == "github.com/goreleaser/goreleaser/v2" { print $$2 }' tools/goreleaser/go.mod)
GORELEASER_DIR     ?= $(HOME)/.cache/okr-tools/goreleaser-$(GORELEASER_VERSION)
GORELEASER         ?= $(GORELEASER_DIR)/goreleaser

$(GORELEASER):
	cd tools/goreleaser && GOBIN=$(GORELEASER_DIR) $(GO) install github.com/goreleaser/goreleaser/v2

release-snapshot: $(GORELEASER)
	$(GORELEASER) release --snapshot --clean

release-check: $(GORELEASER)
	$(GORELEASER) check

include Makefile.schema
