// Exactly once: a run is keyed by (job, period). Running again sends nothing; a crash after k deliveries resumes
// on the next trigger and reaches everyone once; two triggers at the same minute send once; --dry-run writes and
// sends nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { nowIso } from "../../src/db/database";
import { startNodeSchedules } from "../../src/jobs/node-schedules";
import { DEFAULT_DELIVERY } from "../../src/jobs/outbox";
import { resumeUnfinishedRuns, runJob } from "../../src/jobs/registry";
import {
  addPerson,
  addUnit,
  bindGroup,
  jobWorld,
  type JobWorld,
  sentByChat,
  setSetting,
} from "../support/jobs";

const at9 = (date: string) => new Date(`${date}T09:00:00+08:00`);
const MEMBERS = Array.from({ length: 10 }, (_, i) => 1001 + i);

class InjectedCrash extends Error {}

describe("exactly once", () => {
  let world: JobWorld;

  beforeEach(async () => {
    world = await jobWorld();
    const unit = await addUnit(world.db, "民建县委会");
    for (const [i, telegramId] of MEMBERS.entries())
      await addPerson(world.db, { name: `委员${i + 1}`, role: "member", unitId: unit, telegramId });
  });

  /**
   * Makes the outbox throw right after the k-th message is marked sent (a process dying mid-run). One send at a
   * time, so exactly k went out; with several in flight those already on the wire finish too (outbox.test.ts).
   */
  const crashAfter = (k: number) => {
    let sent = 0;
    world.deps.delivery = {
      ...world.deps.delivery,
      inFlight: 1,
      afterSent: () => {
        sent += 1;
        if (sent === k) throw new InjectedCrash(`crash after ${k}`);
      },
    };
  };
  const noCrash = () => {
    world.deps.delivery = { ...world.deps.delivery, afterSent: undefined };
  };
  const deliveriesPerChat = () =>
    [...sentByChat(world.telegram)]
      .map(([chat, texts]) => [chat, texts.length])
      .sort((a, b) => a[0]! - b[0]!);

  it("a second run for the same period sends nothing", async () => {
    const first = await runJob("memberReminders", world.deps, at9("2026-12-01"));
    expect(first).toMatchObject({ outcome: "done", periodKey: "2026-12-01", queued: 10, sent: 10 });
    const second = await runJob("memberReminders", world.deps, at9("2026-12-01"));
    expect(second).toMatchObject({ outcome: "already-done", queued: 0 });
    // Later the same day is the same period.
    await runJob("memberReminders", world.deps, new Date("2026-12-01T15:59:00Z"));
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(10);
  });

  it.each([1, 4, 9])(
    "a crash after %i deliveries, then a resume, reaches every recipient exactly once",
    async (k) => {
      crashAfter(k);
      await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
      expect(world.telegram.callsOf("sendMessage")).toHaveLength(k);
      const run = await world.db.selectFrom("job_runs").selectAll().executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: "running", period_key: "2026-12-01" });
      expect(run.planned_at).not.toBeNull();

      noCrash();
      // A dry run now shows what is still to go.
      const preview = await runJob("memberReminders", world.deps, at9("2026-12-01"), { dryRun: true });
      expect(preview).toMatchObject({ outcome: "dry-run", pending: 10 - k });
      expect(world.telegram.callsOf("sendMessage")).toHaveLength(k);

      const resumed = await runJob("memberReminders", world.deps, at9("2026-12-01"));
      expect(resumed).toMatchObject({ outcome: "done", queued: 0, sent: 10, pending: 0 });
      expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
      expect(await runJob("memberReminders", world.deps, at9("2026-12-01"))).toMatchObject({
        outcome: "already-done",
      });
      expect(world.telegram.callsOf("sendMessage")).toHaveLength(10);
    },
  );

  it.each([1, 4, 9])(
    "with several sends in flight, a crash after %i deliveries, then a resume, reaches every recipient exactly once",
    async (k) => {
      let sent = 0;
      world.deps.delivery = {
        ...world.deps.delivery,
        afterSent: () => {
          sent += 1;
          if (sent === k) throw new InjectedCrash(`crash after ${k}`);
        },
      };
      await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
      // The sends already on the wire at the crash finish; no new one starts.
      const calls = world.telegram.callsOf("sendMessage").length;
      expect(calls).toBeGreaterThanOrEqual(k);
      expect(calls).toBeLessThanOrEqual(Math.min(MEMBERS.length, k + DEFAULT_DELIVERY.inFlight - 1));
      // What is marked sent is exactly what went out, and nothing else is held: the rest is due now.
      const rows = await world.db
        .selectFrom("outbox")
        .select(["chat_id", "status", "next_attempt_at"])
        .execute();
      const marked = rows.filter((r) => r.status === "sent").map((r) => r.chat_id);
      expect(marked.sort()).toEqual([...sentByChat(world.telegram).keys()].sort());
      const due = nowIso(world.clock.now());
      expect(rows.filter((r) => r.status === "pending" && r.next_attempt_at > due)).toEqual([]);

      noCrash();
      const preview = await runJob("memberReminders", world.deps, at9("2026-12-01"), { dryRun: true });
      expect(preview).toMatchObject({ outcome: "dry-run", pending: MEMBERS.length - calls });
      const resumed = await runJob("memberReminders", world.deps, at9("2026-12-01"));
      expect(resumed).toMatchObject({ outcome: "done", queued: 0, sent: 10, pending: 0 });
      expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
    },
  );

  it("re-planning after a crash adds nothing twice (dedupe keys)", async () => {
    crashAfter(3);
    await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
    // As if the plan had never been recorded: planning again must not queue a second copy.
    await world.db.updateTable("job_runs").set({ planned_at: null }).execute();
    noCrash();
    const resumed = await runJob("memberReminders", world.deps, at9("2026-12-01"));
    expect(resumed).toMatchObject({ outcome: "done", sent: 10 });
    expect(await world.db.selectFrom("outbox").select("id").execute()).toHaveLength(10);
    expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
  });

  it("two triggers at the same minute (a Monday the 1st) send once", async () => {
    // 12 a year: by June everyone is behind.
    await setSetting(world.db, "quotas", {
      member: { count: 12, period: "year" },
      standing: null,
      informant: null,
      staff: null,
      leader: null,
      admin: null,
    });
    const monday1st = at9("2026-06-01");
    const [a, b] = await Promise.all([
      runJob("memberReminders", world.deps, monday1st),
      runJob("memberReminders", world.deps, monday1st),
    ]);
    expect([a.outcome, b.outcome]).toContain("done");
    expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
  });

  it("a crashed run of an earlier period is dropped when it is a reminder the next run replaces", async () => {
    crashAfter(4);
    await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
    noCrash();
    world.telegram.reset();
    const next = await runJob("memberReminders", world.deps, at9("2026-12-07"));
    expect(next).toMatchObject({ outcome: "done", periodKey: "2026-12-07", sent: 10 });
    // Everyone gets this week's reminder once; nobody gets last week's stale one on top.
    expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
    const earlier = await world.db
      .selectFrom("outbox")
      .select(["status", "last_error"])
      .where("period_key", "=", "2026-12-01")
      .where("status", "!=", "sent")
      .execute();
    expect(earlier).toHaveLength(6);
    expect(earlier[0]).toEqual({ status: "failed", last_error: "replaced by the run for 2026-12-07" });
    const runs = await world.db
      .selectFrom("job_runs")
      .select(["period_key", "status"])
      .orderBy("period_key")
      .execute();
    expect(runs).toEqual([
      { period_key: "2026-12-01", status: "done" },
      { period_key: "2026-12-07", status: "done" },
    ]);
  });

  it("a crashed bulletin is finished on the next trigger before the new one", async () => {
    for (const [i, chat] of [-1001, -1002, -1003].entries())
      await bindGroup(world.db, chat, `群${i + 1}`, "all");
    crashAfter(1);
    await expect(runJob("quarterlyStandings", world.deps, at9("2026-04-01"))).rejects.toThrow(InjectedCrash);
    noCrash();
    const next = await runJob("quarterlyStandings", world.deps, at9("2026-07-01"));
    expect(next).toMatchObject({ outcome: "done", periodKey: "2026Q2" });
    const sent = sentByChat(world.telegram);
    for (const chat of [-1001, -1002, -1003]) {
      const texts = sent.get(chat) ?? [];
      expect(texts.filter((t) => t.includes("2026年第一季度"))).toHaveLength(1);
      expect(texts.filter((t) => t.includes("2026年第二季度"))).toHaveLength(1);
    }
  });

  describe("runs left unfinished by a killed process are finished at the next start", () => {
    it("a run of the current period: everyone reached once, at start, not at the next trigger", async () => {
      crashAfter(4);
      await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
      noCrash();
      const reports = await resumeUnfinishedRuns(world.deps, new Date("2026-12-01T05:00:00Z"));
      expect(reports).toMatchObject([{ job: "memberReminders", periodKey: "2026-12-01", outcome: "done" }]);
      expect(deliveriesPerChat()).toEqual(MEMBERS.map((chat) => [chat, 1]));
      expect(await resumeUnfinishedRuns(world.deps, new Date("2026-12-01T06:00:00Z"))).toEqual([]);
    });

    it("a reminder whose period is over is left for the next trigger to drop, not sent late", async () => {
      crashAfter(4);
      await expect(runJob("memberReminders", world.deps, at9("2026-12-01"))).rejects.toThrow(InjectedCrash);
      noCrash();
      expect(await resumeUnfinishedRuns(world.deps, at9("2026-12-08"))).toEqual([]);
      expect(world.telegram.callsOf("sendMessage")).toHaveLength(4);
    });

    it("a bulletin is delivered even when its quarter is over", async () => {
      for (const [i, chat] of [-1001, -1002, -1003].entries())
        await bindGroup(world.db, chat, `群${i + 1}`, "all");
      crashAfter(1);
      await expect(runJob("quarterlyStandings", world.deps, at9("2026-04-01"))).rejects.toThrow(
        InjectedCrash,
      );
      noCrash();
      const reports = await resumeUnfinishedRuns(world.deps, at9("2026-04-09"));
      expect(reports).toMatchObject([{ job: "quarterlyStandings", periodKey: "2026Q1", outcome: "done" }]);
      const sent = sentByChat(world.telegram);
      for (const chat of [-1001, -1002, -1003])
        expect((sent.get(chat) ?? []).filter((t) => t.includes("2026年第一季度"))).toHaveLength(1);
    });

    it("the Node schedules resume them when they start", async () => {
      for (const [i, chat] of [-1001, -1002, -1003].entries())
        await bindGroup(world.db, chat, `群${i + 1}`, "all");
      crashAfter(1);
      await expect(runJob("quarterlyStandings", world.deps, new Date())).rejects.toThrow(InjectedCrash);
      noCrash();
      const schedules = await startNodeSchedules(world.deps);
      try {
        expect(await schedules.resumed).toMatchObject([{ job: "quarterlyStandings", outcome: "done" }]);
        expect(deliveriesPerChat().filter(([chat]) => chat! < 0)).toEqual([
          [-1003, 1],
          [-1002, 1],
          [-1001, 1],
        ]);
      } finally {
        await schedules.stop();
      }
    });
  });

  it("a blocked recipient does not fail the run", async () => {
    world.telegram.hooks.push((call) =>
      call.payload.chat_id === 1003
        ? { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }
        : undefined,
    );
    const report = await runJob("memberReminders", world.deps, at9("2026-12-01"));
    expect(report).toMatchObject({ outcome: "done", sent: 9, unreachable: 1, failed: 0, pending: 0 });
  });

  it("--dry-run shows who would get what, and writes and sends nothing", async () => {
    const report = await runJob("memberReminders", world.deps, at9("2026-12-01"), { dryRun: true });
    expect(report.outcome).toBe("dry-run");
    expect(report.preview?.map((m) => m.chatId).sort()).toEqual(MEMBERS);
    expect(report.preview?.find((m) => m.chatId === 1001)).toMatchObject({
      to: "委员1",
      text: expect.stringContaining("还差1篇"),
    });
    expect(world.telegram.calls).toHaveLength(0);
    expect(await world.db.selectFrom("job_runs").select("job").execute()).toEqual([]);
    expect(await world.db.selectFrom("outbox").select("id").execute()).toEqual([]);
    // After the real run, a dry run says so.
    await runJob("memberReminders", world.deps, at9("2026-12-01"));
    expect(await runJob("memberReminders", world.deps, at9("2026-12-01"), { dryRun: true })).toMatchObject({
      outcome: "already-done",
    });
  });
});
