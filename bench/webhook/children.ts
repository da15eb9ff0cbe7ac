// The measured servers as child processes, and the HTTP client that posts updates to them over loopback.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProbeStats } from "./probe-types";

export const TOKEN = "123456:BENCH-token_for-minyi";
export const SECRET = "bench-webhook-secret-0123456789";
const WEBHOOK_PATH = "/telegram/webhook";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PROBE = new URL("./probe-entry.mjs", import.meta.url).href;

export type ServerKind = "minyi" | "bare" | "durable";

export interface Child {
  kind: ServerKind;
  port: number;
  /** Lines the child printed on stderr and stdout at level error (JSON logs) or not JSON at all. */
  errors: string[];
  /** Warnings logged, by message (a stale button press, a slow update, …). */
  warnings: Map<string, number>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A bench stopped half-way (an exception, Ctrl-C) leaves no server behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts `src/main.ts` (kind "minyi", as `npm start` runs it: tsx, webhook mode) or a floor
 * (bench/webhook/floor-server.ts), with the probe loaded first, and waits until it answers /healthz.
 */
export async function startChild(
  kind: ServerKind,
  options: { apiRoot: string; databaseUrl?: string; cwd: string; profileDir?: string },
): Promise<Child> {
  const port = await freePort();
  // Only what we set: a developer's BOT_TOKEN, proxy or log level must not leak into the measured process
  // (it logs at npm start's default level, info).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(BOT_TOKEN|WEBHOOK_|DATABASE_|TELEGRAM_API_ROOT|ADMIN_TELEGRAM_IDS|PORT|PUBLIC_URL|HTTPS?_PROXY|LOG_LEVEL|NODE_OPTIONS)/i.test(
          k,
        ),
    ),
  );
  const env: Record<string, string> = {
    ...(inherited as Record<string, string>),
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: options.apiRoot,
    WEBHOOK_URL: "https://bench.invalid/telegram/webhook",
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(kind === "minyi" ? {} : { BENCH_FLOOR: kind }),
  };
  const entry =
    kind === "minyi" ? `${ROOT}src/main.ts` : fileURLToPath(new URL("./floor-server.ts", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${resolve(options.profileDir)}`] : []),
      "--import",
      import.meta.resolve("tsx"),
      "--import",
      PROBE,
      entry,
    ],
    { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const errors: string[] = [];
  const warnings = new Map<string, number>();
  const watch = (stream: NodeJS.ReadableStream | null) => {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line.trim() === "") continue;
        if (/"level":"(error|fatal)"/.test(line) || !line.startsWith("{")) errors.push(line.slice(0, 400));
        else if (/"level":"warn"/.test(line)) {
          const message = /"message":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 80);
          warnings.set(message, (warnings.get(message) ?? 0) + 1);
        }
      }
    });
  };
  watch(child.stdout);
  watch(child.stderr);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const result: Child = {
    kind,
    port,
    errors,
    warnings,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${kind} exited with ${child.exitCode} before answering: ${errors.join(" | ")}`);
    const status = await request(port, "GET", "/healthz").then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return result;
    if (Date.now() > deadline) {
      await result.stop();
      throw new Error(`${kind} did not answer /healthz within 120 s: ${errors.join(" | ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const agents = new Map<number, http.Agent>();

/** One keep-alive connection per update in flight, as Telegram keeps its connections to a webhook. */
function agentFor(port: number): http.Agent {
  let agent = agents.get(port);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(port, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function request(
  port: number,
  method: "GET" | "POST",
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  retried = false,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent: agentFor(port),
        headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed as idle (its keepAliveTimeout) just as this request went out on
      // it: the request never reached the server (Node's documented race). Once more, on a new connection.
      if (req.reusedSocket && error.code === "ECONNRESET" && !retried)
        resolve(request(port, method, path, body, headers, true));
      else reject(error);
    });
    req.end(body);
  });
}

/** Posts one update to the webhook as Telegram does (JSON, secret header), labelled for the probe. */
export function postUpdate(port: number, body: string, label: string): Promise<{ status: number; body: string }> {
  return request(port, "POST", WEBHOOK_PATH, body, {
    "content-type": "application/json",
    "x-telegram-bot-api-secret-token": SECRET,
    "x-bench-label": encodeURIComponent(label),
  });
}

export async function resetProbe(port: number): Promise<void> {
  await request(port, "GET", "/__bench/reset");
}

export async function readProbe(port: number): Promise<ProbeStats> {
  const response = await request(port, "GET", "/__bench/stats");
  return JSON.parse(response.body) as ProbeStats;
}
