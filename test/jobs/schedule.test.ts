// The Worker's jobs: one frequent Cron Trigger, and the settings' schedules deciding which jobs are due.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingsButton } from "../../src/bot/settings-callback";
import { loadSettings } from "../../src/db/settings";
import { DEFAULT_SETTINGS, type Settings } from "../../src/domain/settings";
import { createOutboxApi } from "../../src/jobs/outbox";
import { JOB_NAMES, type JobName } from "../../src/jobs/registry";
import { dueJobs, JOB_OF_SCHEDULE, runDueJobs, WORKER_TRIGGER } from "../../src/jobs/schedule";
import { createLogger } from "../../src/logger";
import { Harness, TEST_TOKEN } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";

/** The `crons = [...]` of wrangler.toml's [triggers], read from the file text. */
function wranglerCrons(): string[] {
  const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
  const triggers = /^\[triggers\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  const list = /^crons\s*=\s*\[([^\]]*)\]/m.exec(triggers)?.[1];
  if (list === undefined) throw new Error("wrangler.toml has no [triggers] crons");
  return [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
}

const names = (settings: Settings, now: string) =>
  dueJobs(settings, new Date(now)).due.map((d) => [d.job, d.at.toISOString()]);

describe("the Worker's Cron Trigger", () => {
  it("is one frequent trigger in wrangler.toml, the one src/jobs/schedule.ts expects", () => {
    expect(wranglerCrons()).toEqual([WORKER_TRIGGER]);
    expect(WORKER_TRIGGER).toBe("*/15 * * * *");
  });

  it("every job has a schedule setting", () => {
    expect([...new Set(Object.values(JOB_OF_SCHEDULE))].sort()).toEqual([...JOB_NAMES].sort());
    expect(Object.keys(JOB_OF_SCHEDULE).sort()).toEqual(Object.keys(DEFAULT_SETTINGS.schedules).sort());
  });
});

describe("dueJobs: which schedules fell due, on the committee's wall clock", () => {
  const DUE: [time: string, due: [JobName, string][]][] = [
    // 09:00 in Shanghai on 1 May: the monthly reminder; the quarterly bulletin only in Jan/Apr/Jul/Oct.
    ["2026-05-01T01:00:00Z", [["memberReminders", "2026-05-01T01:00:00.000Z"]]],
    [
      "2026-04-01T01:00:00Z",
      [
        ["memberReminders", "2026-04-01T01:00:00.000Z"],
        ["quarterlyStandings", "2026-04-01T01:00:00.000Z"],
      ],
    ],
    // A Monday: the last month's weekly nudge and the staff digest.
    [
      "2026-06-08T01:00:00Z",
      [
        ["memberReminders", "2026-06-08T01:00:00.000Z"],
        ["staffDigest", "2026-06-08T01:00:00.000Z"],
      ],
    ],
    // A Monday the 1st starts memberReminders once.
    [
      "2026-06-01T01:15:00Z",
      [
        ["memberReminders", "2026-06-01T01:00:00.000Z"],
        ["staffDigest", "2026-06-01T01:00:00.000Z"],
      ],
    ],
    // Due within the hour after: a skipped or late trigger is caught up by the next ones.
    ["2026-06-03T12:45:00Z", [["draftReminders", "2026-06-03T12:00:00.000Z"]]],
    ["2026-06-03T13:00:00Z", []],
    ["2026-06-03T11:45:00Z", []],
    ["2026-06-01T02:00:00Z", [["groupProgress", "2026-06-01T02:00:00.000Z"]]],
    ["2026-06-03T10:00:00Z", [["submissionDigest", "2026-06-03T10:00:00.000Z"]]],
  ];

  it.each(DUE)("at %s: %j", (time, expected) => {
    expect(names(DEFAULT_SETTINGS, time)).toEqual(expected);
  });

  it("follows a changed schedule and time zone at once, and runs a 9:10 schedule at the 9:15 trigger", () => {
    const changed: Settings = {
      ...DEFAULT_SETTINGS,
      schedules: { ...DEFAULT_SETTINGS.schedules, draftReminders: "10 21 * * *" },
    };
    expect(names(changed, "2026-06-03T12:00:00Z")).toEqual([]);
    expect(names(changed, "2026-06-03T13:00:00Z")).toEqual([]);
    expect(names(changed, "2026-06-03T13:15:00Z")).toEqual([["draftReminders", "2026-06-03T13:10:00.000Z"]]);
    const urumqi: Settings = { ...DEFAULT_SETTINGS, timeZone: "Asia/Urumqi" }; // UTC+6
    // 12:00 UTC is 18:00 there: the submission digest, no longer the draft reminders of 20:00 in Shanghai.
    expect(names(urumqi, "2026-06-03T12:00:00Z")).toEqual([["submissionDigest", "2026-06-03T12:00:00.000Z"]]);
    expect(names(urumqi, "2026-06-03T14:00:00Z")).toEqual([["draftReminders", "2026-06-03T14:00:00.000Z"]]);
  });

  it("sets apart a schedule it cannot read, and runs the others", () => {
    const broken: Settings = {
      ...DEFAULT_SETTINGS,
      schedules: { ...DEFAULT_SETTINGS.schedules, staffDigest: "0 9 * * funday" },
    };
    const { due, unreadable } = dueJobs(broken, new Date("2026-06-08T01:00:00Z"));
    expect(unreadable).toEqual(["staffDigest"]);
    expect(due.map((d) => d.job)).toEqual(["memberReminders"]);
  });
});

describe("runDueJobs: a schedule changed in /settings moves the Worker's jobs", () => {
  it("runs draft reminders at the new time, once for the day, and not at the old time", async () => {
    const h = await Harness.create();
    h.clock = new Date("2026-05-10T02:00:00Z");
    const users = await seedBasicRoster(h);
    await writeReport(h, users.standing, { title: "关于改善老旧小区加装电梯的建议", submit: false });

    // The admin moves the draft reminders from 20:00 to 21:30 with /settings' buttons.
    await users.admin.press(settingsButton({ action: "open", item: "draftReminders" }));
    await users.admin.send("每天");
    await users.admin.send("21:30");
    expect((await loadSettings(h.db)).schedules.draftReminders).toBe("30 21 * * *");

    const deps = {
      db: h.db,
      api: createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: h.telegram.fetch }),
      log: createLogger("silent"),
      i18n: h.minyi.i18n,
    };
    const reminders = () => users.standing.texts().filter((t) => t.includes("草稿已经7天以上没有编辑"));
    const trigger = (utc: string) => runDueJobs(deps, new Date(utc));

    // 20:00 in Shanghai, the old time: not due any more.
    expect(await trigger("2026-05-20T12:00:00Z")).toEqual([]);
    expect(await trigger("2026-05-20T13:15:00Z")).toEqual([]);
    // 21:30: due; the reminder goes out, run for the day's period.
    const run = await trigger("2026-05-20T13:30:00Z");
    expect(run.map((r) => [r.job, r.periodKey, r.at.toISOString()])).toEqual([
      ["draftReminders", "2026-05-20", "2026-05-20T13:30:00.000Z"],
    ]);
    expect(reminders()).toHaveLength(1);
    // The next triggers still see 21:30 within the hour: the day's run is done, so nothing runs again.
    expect(await trigger("2026-05-20T13:45:00Z")).toEqual([]);
    expect(await trigger("2026-05-20T14:15:00Z")).toEqual([]);
    expect(reminders()).toHaveLength(1);
    const runs = await h.db.selectFrom("job_runs").select(["job", "period_key", "status"]).execute();
    expect(runs).toEqual([{ job: "draftReminders", period_key: "2026-05-20", status: "done" }]);
  });

  it("lets the other jobs run when one fails, then reports the failure", async () => {
    const h = await Harness.create();
    const deps = {
      db: h.db,
      api: createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: h.telegram.fetch }),
      log: createLogger("silent"),
      i18n: h.minyi.i18n,
    };
    const ran: JobName[] = [];
    const run = runDueJobs(deps, new Date("2026-06-08T01:00:00Z"), async (job) => {
      ran.push(job);
      if (job === "memberReminders") throw new Error("database unavailable");
    });
    await expect(run).rejects.toThrow(/1 job\(s\) failed/);
    expect(ran).toEqual(["memberReminders", "staffDigest"]);
  });
});
