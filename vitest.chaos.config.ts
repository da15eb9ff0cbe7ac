import { defineConfig } from "vitest/config";

// The chaos suite (npm run test:chaos): real processes killed with SIGKILL, redelivery and bursts, database
// faults, fuzzing, secrets, backups. The fast parts also run in `npm test`; see docs/reliability.md.
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? "10000" },
  },
});
