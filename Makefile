# The README's commands. Each prepares the machine first (scripts/setup.sh), so a fresh
# clone needs nothing else.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup build test serve check clean

setup:
	@scripts/setup.sh

build: setup
	$(BIN)/kohyo build

check: setup
	$(BIN)/kohyo check

serve: setup
	$(BIN)/kohyo serve

test:
	@scripts/setup.sh --test
	$(BIN)/python -m pytest

clean:
	rm -rf build
