# okr — OKRs as code.
#   make demo   run okr on the bundled example repository
#   make test   vet, staticcheck and every test with the race detector

GO          ?= go
BIN         ?= bin/okr
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
DEMO_AT     ?= 2026-11-15

.PHONY: all build demo test vet lint staticcheck fuzz bench install clean

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

test: vet staticcheck
	$(GO) test -race -count=1 ./...

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin

include Makefile.schema
