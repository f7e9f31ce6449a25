"""Member portal views of the CPD app (records, reflections, exports)."""
