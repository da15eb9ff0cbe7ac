import { defineConfig } from "vitest/config";

// The slower suite: real processes (wrangler dev, sqld, npm start) on loopback.
export default defineConfig({
  test: {
    include: ["test/slow/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
