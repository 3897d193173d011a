# archreview: `make run` opens the app, `make test` runs every test.
# Go code installs from go.mod; the tools the tests read the exports with
# (and tmux, jq) install through `make tools`, from Debian or Homebrew.

GO      ?= go
BIN     ?= bin/archreview

# What a build says of itself (archreview --version): the release tag, or a
# pseudo-version as Go writes one for an untagged commit; the commit; and
# the commit's date in UTC. Outside a git checkout they stay empty and the
# binary says dev.
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null)
DATE    := $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
STAMP   := $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S 2>/dev/null)
DIRTY   := $(shell git status --porcelain 2>/dev/null | grep -q . && echo +dirty)
VERSION ?= $(or $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null),$(if $(COMMIT),v0.0.0-$(STAMP)-$(shell git rev-parse --short=12 HEAD)$(DIRTY),dev))
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)

.PHONY: run build test tools vet fmt bench soak docs dist clean

## run: build and open the app on the default database (or $$ARCHREVIEW_DB)
run: build
	$(BIN)

## build: compile bin/archreview (BIN=FILE for another place)
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/archreview

## test: vet, staticcheck, gofmt check, then every test under the race detector,
## including the end-to-end tests that drive the built binary in tmux and the
## one that builds and installs the package `make dist` makes
test: tools vet
	$(GO) test -race -count=1 ./...

# TOOLS names each program the tests run with the Debian package and the
# Homebrew formula that have it ("-": none, the program is needed on Linux
# only): the browser that prints the HTML pack, poppler to read the PDF
# back, Graphviz for the DOT map, pandoc and cmark-gfm for the Markdown
# tables, tmux for the app, groff and man for the manual page, make,
# dpkg-deb, bash and bash-completion (a file, not a program) for the
# package and its completion, chattr for a read-only file, ssh and
# ssh-keygen for a second facilitator joining the room, LibreOffice
# (soffice, and on Debian its Impress, a package of its own, named by one
# of its files) to open the Word document and the slides. A test that
# finds one missing fails with the command that installs it, made from
# this list (internal/testtool).
TOOLS := chromium:chromium:chromium pdftotext:poppler-utils:poppler pdftoppm:poppler-utils:poppler \
	dot:graphviz:graphviz pandoc:pandoc:pandoc cmark-gfm:cmark-gfm:cmark-gfm tmux:tmux:tmux jq:jq:jq \
	git:git:git make:make:make groff:groff-base:groff man:man-db:- dpkg-deb:dpkg:dpkg bash:bash:bash \
	/usr/share/bash-completion/bash_completion:bash-completion:- chattr:e2fsprogs:- ssh:openssh-client:- ssh-keygen:openssh-client:- \
	soffice:libreoffice-writer-nogui:libreoffice /usr/lib/libreoffice/program/libslideshowlo.so:libreoffice-impress-nogui:-
# BREW_CASKS are the formulae of TOOLS that Homebrew installs with --cask.
BREW_CASKS := chromium libreoffice
# Fonts the browser prints the pack with, on Debian.
DEBIAN_EXTRAS := fonts-dejavu-core

## tools: install the programs the tests need when one is missing: with
## apt-get on Debian and Ubuntu (as root), with Homebrew on macOS; where it
## cannot, it prints the command to run. A test never skips for a missing
## tool: it fails naming it and that command.
tools:
	@have() { case $$1 in /*) [ -e "$$1" ];; *) command -v "$$1" >/dev/null 2>&1;; esac; }; \
	if command -v apt-get >/dev/null 2>&1; then via=apt; elif command -v brew >/dev/null 2>&1; then via=brew; else via=none; fi; \
	missing=""; debs=""; formulae=""; casks=""; \
	for t in $(TOOLS); do cmd=$${t%%:*}; rest=$${t#*:}; deb=$${rest%%:*}; brew=$${rest#*:}; \
		if [ $$via = brew ] && [ "$$brew" = - ]; then continue; fi; \
		have $$cmd && continue; \
		missing="$$missing $$cmd"; debs="$$debs $$deb"; \
		case " $(BREW_CASKS) " in *" $$brew "*) casks="$$casks $$brew";; *) formulae="$$formulae $$brew";; esac; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ -n "$(TOOLS_AGAIN)" ]; then echo "still missing after the install:$$missing"; exit 1; fi; \
	echo "the tests need:$$missing"; \
	case $$via in \
	apt) debs=$$(printf '%s\n' $$debs $(DEBIAN_EXTRAS) | sort -u | tr '\n' ' '); \
		if [ "$$(id -u)" != 0 ]; then echo "run: sudo apt-get install -y --no-install-recommends $$debs"; exit 1; fi; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$debs || exit 1;; \
	brew) if [ -n "$$formulae" ]; then brew install $$formulae || exit 1; fi; \
		if [ -n "$$casks" ]; then brew install --cask $$casks || exit 1; fi;; \
	*) echo "there is no apt-get or brew here: install the Debian packages$$debs (or the Homebrew formulae$$formulae$$casks) with your system's package manager"; exit 1;; \
	esac; \
	$(MAKE) --no-print-directory tools TOOLS_AGAIN=1

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# nfpm builds the .deb; pinned, and fetched by `go run` from the module proxy.
NFPM        := github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0

vet:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## fmt: format the code
fmt:
	gofmt -w .

## docs: the manual page and the shell completions, made by the binary from
## its command tree, into manpages/ and completions/ (what releases ship;
## DOCS=DIR puts them in DIR)
DOCS ?= .
docs: build
	@mkdir -p $(DOCS)/manpages $(DOCS)/completions
	$(BIN) man > $(DOCS)/manpages/archreview.1
	gzip -9nf $(DOCS)/manpages/archreview.1
	for sh in bash zsh fish; do $(BIN) completion $$sh > $(DOCS)/completions/archreview.$$sh || exit 1; done

# ARCH is the architecture `make dist` packages for (Go's names); DIST is
# where it writes.
ARCH    ?= $(shell $(GO) env GOARCH)
DIST    ?= dist
PKGNAME  = archreview_$(patsubst v%,%,$(VERSION))_linux_$(ARCH)
SHA256  := $(shell command -v sha256sum 2>/dev/null || echo shasum -a 256)

## dist: the Linux .deb and .tar.gz a release ships, built here without
## publishing anything, with dist/checksums.txt; ARCH=arm64 for the other
## one. nfpm runs in dist/stage, where nfpm.yaml finds the files.
dist:
	rm -rf $(DIST) && mkdir -p $(DIST)/stage $(DIST)/$(PKGNAME)
	$(MAKE) --no-print-directory docs BIN=$(abspath $(DIST))/host/archreview DOCS=$(DIST)/stage
	CGO_ENABLED=0 GOOS=linux GOARCH=$(ARCH) $(GO) build -trimpath -ldflags "-s -w $(LDFLAGS)" -o $(DIST)/stage/archreview ./cmd/archreview
	cd $(DIST)/stage && VERSION=$(VERSION) ARCH=$(ARCH) $(GO) run $(NFPM) package --config $(CURDIR)/nfpm.yaml --packager deb --target ..
	cp -R $(DIST)/stage/archreview README.md $(DIST)/stage/manpages $(DIST)/stage/completions $(DIST)/$(PKGNAME)/
	tar -czf $(DIST)/$(PKGNAME).tar.gz -C $(DIST)/$(PKGNAME) .
	rm -rf $(DIST)/$(PKGNAME) $(DIST)/host
	cd $(DIST) && $(SHA256) *.deb *.tar.gz > checksums.txt
	@cat $(DIST)/checksums.txt

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
	rm -rf bin dist manpages completions
