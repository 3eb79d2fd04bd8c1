# LLMscope: every target installs what it needs on a fresh Debian 12 machine.
#   make run    build, then serve the dashboard and API on http://localhost:8081
#   make test   build, then run every test (C++, web unit, browser)
#   make demo   serve a replay of a real recorded trace on a separate database

BUILD   ?= build
PORT    ?= 8081
BIN     := $(BUILD)/llmscope
WEB_SRC := $(shell find web/src web/index.html web/package.json web/vite.config.ts \
             web/tsconfig.json -type f 2>/dev/null)

.PHONY: all deps test-deps web build run demo test test-cpp test-web test-e2e bench clean

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

web: web/dist/index.html

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja

build: deps web $(BUILD)/build.ninja
	cmake --build $(BUILD)

run: build
	$(BIN) serve --port $(PORT)

demo: build
	$(BIN) serve --port $(PORT) --database data/demo.db \
	  --replay tests/data/llmperf_leaderboard_requests.csv --replay-speed 5

test: test-deps build test-cpp test-web test-e2e

test-cpp: build
	cd $(BUILD) && ctest --output-on-failure -j2

test-web: web/node_modules/.package-lock.json
	cd web && npm test

test-e2e: build
	node --test --test-concurrency=1 e2e/

bench: build
	@for b in $(BUILD)/bench/*_bench; do echo "== $$b"; $$b; done

clean:
	rm -rf $(BUILD) web/dist
