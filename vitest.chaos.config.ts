import { defineConfig } from "vitest/config";

// The chaos suite (npm run test:chaos): real processes killed with SIGKILL, redelivery and bursts, database
// faults, fuzzing, secrets, backups. The fast parts also run in `npm test`; see docs/reliability.md.
// The webhook sweeps run twice: with update claims in the database (as on Workers) and in the process's memory
// (as `npm start` runs, src/main.ts).
export default defineConfig({
  test: {
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? "10000", MIGRATION_FAULTS: "all" },
    projects: [
      {
        extends: true,
        test: { name: "chaos", include: ["test/chaos/**/*.test.ts"], env: { MINYI_TEST_CLAIMS: "database" } },
      },
      {
        extends: true,
        test: {
          name: "chaos, claims in process",
          include: [
            "test/chaos/redelivery.test.ts",
            "test/chaos/db-faults.test.ts",
            "test/chaos/fuzz.test.ts",
          ],
          env: { MINYI_TEST_CLAIMS: "process", FUZZ_RUNS: process.env.FUZZ_RUNS ?? "2000" },
        },
      },
    ],
  },
});
