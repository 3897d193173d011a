# archreview: `make run` opens the app, `make test` runs every test.
# Go code installs from go.mod; the tools the tests read the exports with
# (and tmux, jq) install from Debian through `make tools`.

GO      ?= go
BIN     := bin/archreview
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test tools vet fmt bench soak clean

## run: build and open the app on the default database (or $$ARCHREVIEW_DB)
run: build
	./$(BIN)

## build: compile bin/archreview
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/archreview

## test: vet, staticcheck, gofmt check, then every test under the race detector,
## including the end-to-end tests that drive the built binary in tmux
test: tools vet
	$(GO) test -race -count=1 ./...

# TOOLS pairs each program the tests run with the Debian package that has it:
# the browser that prints the HTML pack, poppler to read the PDF back,
# Graphviz for the DOT map, pandoc and cmark-gfm for the Markdown tables.
TOOLS := chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils dot:graphviz \
	pandoc:pandoc cmark-gfm:cmark-gfm tmux:tmux jq:jq

## tools: install the programs the tests need from Debian when one is missing
## (needs root; a test never skips for a missing tool, it fails naming it)
tools:
	@missing=""; for pair in $(TOOLS); do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
		command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		pkgs=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
		echo "installing from Debian:$$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or: sudo apt-get install -y $$pkgs"; exit 1; fi; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$pkgs fonts-dejavu-core; \
	fi

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## fmt: format the code
fmt:
	gofmt -w .

## bench: the speed budgets, as go test benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## soak: the long fault and fuzz runs (under 30 minutes on 2 cores); the
## figures are the "soak:" lines, the whole log is in soak.log; one package
## at a time, so the timing-sensitive kill runs never share the CPU with fuzzing
soak:
	@ARCHREVIEW_SOAK=1 $(GO) test -p 1 -count=1 -timeout 40m -v ./... > soak.log 2>&1; status=$$?; \
	grep -E '^(soak:|--- FAIL|FAIL|ok )' soak.log; exit $$status

clean:
	rm -rf bin
