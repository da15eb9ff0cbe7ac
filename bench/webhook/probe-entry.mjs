// What `node --import` loads into a measured server: the probe (./probe.ts, through tsx's loader registered just
// before), on the main thread only. Worker threads inherit the process's --import flags, and the chart
// renderer's thread has no TypeScript loader when they run there.
import { isMainThread } from "node:worker_threads";

if (isMainThread) await import("./probe.ts");
