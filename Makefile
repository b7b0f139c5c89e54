# Teyi — the README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X teyi/backend/internal/app.Version=$(VERSION)
GOTEST_FLAGS ?= -race -count=1
# Go packages of the project (./... would also walk node_modules, where some
# npm packages ship Go files).
GO_PKGS := ./backend/... ./deploy/... ./migrations/... ./policies/... ./frontend
ENV := source .data/services.env &&

.PHONY: help demo test services build ui node_modules go-test ui-test e2e lint fmt bench openapi clean

help:
	@echo "make demo   - start PostgreSQL/Redis if needed, build, migrate, seed and run Teyi"
	@echo "make test   - every test: Go (race, real PostgreSQL/Redis), lint, UI unit tests, e2e in Chromium"
	@echo "make build  - build the UI and bin/teyi;  make bench - benchmarks;  make lint"

services:
	@deploy/local/services.sh up

node_modules/.stamp: package.json package-lock.json frontend/package.json
	npm ci --no-audit --no-fund
	@touch $@

node_modules: node_modules/.stamp

ui: node_modules
	npm run build

build: ui
	go build -trimpath -ldflags "$(LDFLAGS)" -o bin/teyi ./backend/cmd/teyi

demo: services build
	@deploy/local/demo.sh

test: services node_modules lint go-test ui-test e2e
	@echo "make test: all passed"

lint: node_modules
	@out=$$(gofmt -l backend deploy migrations frontend/embed.go); if [[ -n "$$out" ]]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet $(GO_PKGS)
	npm run --silent typecheck
	npm run --silent lint

go-test: services
	$(ENV) go test $(GOTEST_FLAGS) $(GO_PKGS)

ui-test: node_modules
	npm run --silent test

e2e: build
	@deploy/local/e2e.sh

bench: services
	$(ENV) go test -run '^$$' -bench . -benchmem -cpu 1 ./backend/internal/grouper/

openapi:
	go run ./backend/cmd/teyi openapi --out frontend/src/api/openapi.json

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
