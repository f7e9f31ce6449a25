.PHONY: run test bench bench-quick bench-load

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	.venv/bin/python -m matching.bench

bench-quick:
	.venv/bin/python -m matching.bench --quick

# The load-and-faults benchmark (docs/load-and-faults.md); root, about 15 minutes.
bench-load:
	scripts/bench_load.sh
