// node-cron on Node: one task per settings.schedules entry, in the committee's zone; a changed setting is
// picked up by the periodic re-read without a restart.
import cron from "node-cron";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { type NodeSchedules, startNodeSchedules } from "../../src/jobs/node-schedules";
import { jobWorld, setSetting } from "../support/jobs";

const minyiTasks = () =>
  [...cron.getTasks().values()]
    .filter((task) => task.name?.startsWith("minyi:"))
    .map((task) => [task.name, task.getPattern()])
    .sort();

describe("startNodeSchedules", () => {
  let schedules: NodeSchedules | undefined;
  afterEach(async () => {
    await schedules?.stop();
    schedules = undefined;
  });

  it("schedules every setting in the committee's zone, and follows a change", async () => {
    const world = await jobWorld();
    schedules = await startNodeSchedules(world.deps, { reloadEveryMs: 20 });
    expect(minyiTasks()).toEqual(
      Object.entries(DEFAULT_SETTINGS.schedules)
        .map(([key, pattern]) => [`minyi:${key}`, pattern])
        .sort(),
    );
    expect(schedules.current()?.timeZone).toBe("Asia/Shanghai");
    // The 09:00 Shanghai task next runs at 01:00 UTC.
    const staffDigest = [...cron.getTasks().values()].find((t) => t.name === "minyi:staffDigest");
    expect(staffDigest?.getNextRun()?.getUTCHours()).toBe(1);

    await setSetting(world.db, "schedules", { ...DEFAULT_SETTINGS.schedules, staffDigest: "30 8 * * 5" });
    await expect.poll(() => schedules?.current()?.schedules.staffDigest).toBe("30 8 * * 5");
    expect(minyiTasks()).toContainEqual(["minyi:staffDigest", "30 8 * * 5"]);
    expect(minyiTasks()).toHaveLength(Object.keys(DEFAULT_SETTINGS.schedules).length);

    await schedules.stop();
    expect(minyiTasks()).toEqual([]);
  });

  it("reads schedules stored before submissionDigest existed, with its default", async () => {
    const world = await jobWorld();
    const { submissionDigest: _added, ...older } = DEFAULT_SETTINGS.schedules;
    await setSetting(world.db, "schedules", { ...older, draftReminders: "0 21 * * *" });
    schedules = await startNodeSchedules(world.deps);
    expect(schedules.current()?.schedules).toMatchObject({
      draftReminders: "0 21 * * *",
      submissionDigest: "0 18 * * *",
    });
  });
});
