.PHONY: run test bench bench-quick

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	.venv/bin/python -m matching.bench

bench-quick:
	.venv/bin/python -m matching.bench --quick
