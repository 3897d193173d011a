# archreview: `make run` opens the app, `make test` runs every test.
# Everything installs from go.mod; tmux is the only other tool the tests use.

GO      ?= go
BIN     := bin/archreview
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test vet fmt bench soak clean

## run: build and open the app on the default database (or $$ARCHREVIEW_DB)
run: build
	./$(BIN)

## build: compile bin/archreview
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/archreview

## test: vet, staticcheck, gofmt check, then every test under the race detector,
## including the end-to-end tests that drive the built binary in tmux
test: vet
	$(GO) test -race -count=1 ./...

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
