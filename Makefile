.PHONY: run test bench bench-quick bench-load soak soak-smoke

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

# The soak of the run command (docs/load-and-faults.md, "Soak"): 30 minutes; a 2-minute check.
soak:
	.venv/bin/python -m tests.load.soak --minutes 30

soak-smoke:
	.venv/bin/python -m tests.load.soak --minutes 2 --drain 120
