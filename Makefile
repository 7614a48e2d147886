# The README's commands. Each prepares the machine first (scripts/setup.sh), so a fresh
# clone needs nothing else.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup build test serve check a11y clean

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

# Run the automated accessibility test and record it for the 試験結果 page.
a11y:
	@scripts/setup.sh --test
	$(BIN)/python scripts/a11y_audit.py

clean:
	rm -rf build
