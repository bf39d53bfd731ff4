// Picked up by scripts/bench.mjs; the benchmark lives in scripts/bench-excel.ts (type-checked with the project).
import "../scripts/bench-excel";
