// SIGKILL during a job's delivery run. `npm run job -- memberReminders` (a real process, as an operator or a
// schedule runs it) sends a reminder to each of many members through the outbox, paced at 30 a second, to a fake
// Bot API on loopback. It is killed with SIGKILL at random moments while it sends, and run again each time, as
// the operator (or the next trigger) would. At the end every member has their reminder.
//
// Telegram's sendMessage has no idempotency key: a message whose request was on the wire at the kill may or may
// not have arrived. The outbox marks a row `sending_at` right before its request and holds such a row (its lease,
// five minutes) before sending it again: at-least-once for those, so a member may get that one message twice (or
// once more for each further kill that catches it on the wire again). Rows claimed but not yet on the wire are
// taken back by the next run at once and go exactly once. The test counts the copies and checks the bound: a copy
// too many only ever comes from a row on the wire at a kill, at most the outbox's sends in flight (inFlight) per
// kill. Everyone else gets exactly one.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../src/db/database";
import { nowIso } from "../../../src/db/database";
import { DEFAULT_DELIVERY } from "../../../src/jobs/outbox";
import { openMigratedDatabase } from "../../../src/node-runtime";
import { freshCheckout, sleep } from "../../support/bot-process";
import { chaosSeed, Dice } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { addPerson, addUnit } from "../../support/jobs";

const TOKEN = "112233:JOB-token-never-printed";
const MEMBERS = 150;
const KILLS = 6;
const AT = "2026-12-01T09:00:00+08:00";

describe("SIGKILL during a job's delivery run (real process)", () => {
  const seed = chaosSeed("job-sigkill");
  const dice = new Dice(seed);
  const dir = freshCheckout("minyi-job-");
  const dbPath = join(dir, "data", "minyi.db");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let db: DB;
  let close: () => Promise<void>;
  const ids: number[] = Array.from({ length: MEMBERS }, (_, i) => 600_001 + i);

  beforeAll(async () => {
    api = await telegram.listen();
    const opened = await openMigratedDatabase(`file:${dbPath}`);
    db = opened.db;
    close = () => opened.handle.close();
    const unit = await addUnit(db, "民建县委会");
    for (const [i, telegramId] of ids.entries())
      await addPerson(db, { name: `委员${i + 1}`, role: "member", unitId: unit, telegramId });
  }, 60_000);

  afterAll(async () => {
    await close?.();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `npm run job` in its own process group; resolves with its exit code (null when killed) and output. */
  const runJob = () => {
    const child = spawn("npm", ["run", "--silent", "job", "--", "memberReminders", "--at", AT], {
      cwd: dir,
      detached: true,
      env: {
        ...process.env,
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: api.url,
        DATABASE_URL: `file:${dbPath}`,
        WEBHOOK_URL: "",
        LOG_LEVEL: "warn",
      },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const done = new Promise<{ code: number | null; output: string }>((resolve) =>
      child.on("exit", (code) => resolve({ code, output })),
    );
    const kill = async () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await done;
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(-child.pid!, 0);
        } catch {
          return;
        }
        await sleep(20);
      }
    };
    return { done, kill };
  };

  const received = () => telegram.callsOf("sendMessage").map((c) => Number(c.payload.chat_id));

  it(`reaches every member through ${KILLS} SIGKILLs mid-delivery`, async () => {
    const started = Date.now();
    const inFlightAtKill: number[][] = [];
    let outputs = "";
    for (let kill = 1; kill <= KILLS; kill++) {
      const before = received().length;
      const run = runJob();
      // Wait until it is sending, then kill it a random moment later.
      const deadline = Date.now() + 60_000;
      while (received().length === before && Date.now() < deadline) await sleep(5);
      await sleep(dice.int(0, 400));
      await run.kill();
      outputs += (await run.done).output;
      // The rows on the wire at the kill (maybe accepted by Telegram, not marked sent) are leased for five minutes;
      // rows it had claimed but not sent are taken back by the next run at once.
      const onTheWire = await db
        .selectFrom("outbox")
        .select("chat_id")
        .where("status", "=", "pending")
        .where("sending_at", "is not", null)
        .execute();
      expect(onTheWire.length).toBeLessThanOrEqual(DEFAULT_DELIVERY.inFlight);
      inFlightAtKill.push(onTheWire.map((r) => r.chat_id));
      // Five minutes later (their lease is over): the next run may take them.
      await db
        .updateTable("outbox")
        .set({ next_attempt_at: nowIso(new Date()) })
        .where("status", "=", "pending")
        .where("sending_at", "is not", null)
        .execute();
      if (received().length >= MEMBERS) break;
    }
    const last = runJob();
    const finished = await last.done;
    outputs += finished.output;
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toContain("done");

    // Everyone got their reminder; duplicates only from a row in flight at a kill, at most inFlight per kill.
    const perChat = new Map<number, number>();
    for (const chat of received()) perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    expect([...perChat.keys()].sort()).toEqual([...ids].sort());
    const duplicates = [...perChat].filter(([, n]) => n > 1);
    // A row in flight at one kill is sent first by the next run (it has the lowest id), so it can be in flight
    // at the next kill too: each kill it was in flight at may add one copy, never more.
    const uncertain = new Set(inFlightAtKill.flat());
    const killsInFlight = new Map<number, number>();
    for (const chat of inFlightAtKill.flat()) killsInFlight.set(chat, (killsInFlight.get(chat) ?? 0) + 1);
    for (const [chat, n] of duplicates)
      expect(
        n - 1,
        `chat ${chat} got ${n}, in flight at ${killsInFlight.get(chat) ?? 0} kills`,
      ).toBeLessThanOrEqual(killsInFlight.get(chat) ?? 0);
    expect(duplicates.length).toBeLessThanOrEqual(inFlightAtKill.flat().length);

    // The run is done; running it again sends nothing.
    const again = runJob();
    const repeat = await again.done;
    expect(repeat.output).toContain("already-done");
    expect(received()).toHaveLength(MEMBERS + duplicates.reduce((sum, [, n]) => sum + n - 1, 0));
    const rows = await db.selectFrom("outbox").select("status").execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["sent"]));
    expect(outputs).not.toContain(TOKEN);

    console.log(
      `[chaos] job sigkill: ${MEMBERS} members, ${inFlightAtKill.length} SIGKILLs mid-delivery, ${received().length} messages sent, ${uncertain.size} message(s) in flight at a kill, ${MEMBERS - duplicates.length} members got exactly one, ${duplicates.length} got an in-flight message more than once, ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 600_000);
});
