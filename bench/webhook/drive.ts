// Posting updates to a server process over loopback HTTP, some in flight at once, and what came back.
import { type LatencySummary, summarizeLatencies } from "../measure";
import { postUpdate } from "./children";
import type { Kind, Planned } from "./updates";

export interface Driven {
  concurrency: number;
  updates: number;
  wallMs: number;
  throughput: number;
  /** Wall time of each POST as the sender sees it, response body read. */
  latency: LatencySummary;
  latencyByKind: Partial<Record<Kind, LatencySummary>>;
  /** The kind of each label posted. */
  kindOf: Record<string, Kind>;
  failures: number;
  /** CPU time of this process (the senders and the fake Bot API) per update. */
  senderCpuMs: number;
}

/** `updates` updates from `concurrency` drivers, each waiting for its answer before the next. */
export async function drive(
  port: number,
  updates: number,
  concurrency: number,
  plan: (driver: number) => Planned,
  /** Makes the Bot API call a webhook response carries (a button's answer), as Telegram does. */
  webhookReply: (body: string) => Promise<void>,
): Promise<Driven> {
  const latencies: number[] = [];
  const byKind = new Map<Kind, number[]>();
  const kindOf: Record<string, Kind> = {};
  let failures = 0;
  const perDriver = Math.floor(updates / concurrency);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, driver) => {
      const quota = perDriver + (driver === 0 ? updates - perDriver * concurrency : 0);
      for (let i = 0; i < quota; i++) {
        const planned = plan(driver);
        const t0 = performance.now();
        const response = await postUpdate(port, planned.body, planned.label);
        const ms = performance.now() - t0;
        if (response.status !== 200) failures++;
        else await webhookReply(response.body);
        latencies.push(ms);
        const list = byKind.get(planned.kind) ?? [];
        byKind.set(planned.kind, list);
        list.push(ms);
        kindOf[planned.label] = planned.kind;
        planned.after?.();
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return {
    concurrency,
    updates,
    wallMs,
    throughput: (updates / wallMs) * 1000,
    latency: summarizeLatencies(latencies),
    latencyByKind: Object.fromEntries([...byKind].map(([k, list]) => [k, summarizeLatencies(list)])),
    kindOf,
    failures,
    senderCpuMs: (cpu.user + cpu.system) / 1000 / updates,
  };
}
