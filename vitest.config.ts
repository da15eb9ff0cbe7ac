import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/slow: `npm run test:slow`; test/chaos/process (real processes killed with SIGKILL): `npm run
    // test:chaos`, which also runs the rest of test/chaos, the fuzzer with 10,000 cases instead of 1,000.
    exclude: ["test/slow/**", "test/chaos/process/**"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
