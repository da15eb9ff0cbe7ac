// 阅批: a leader read a report and commented. Its own step beside 批示 — recorded from the card with a typed
// comment, told to the author, in the timelines, counted apart in /stats and scored by scoring.read (0 unless set).
import { beforeEach, describe, expect, it } from "vitest";
import { changeSetting, loadSettings } from "../../src/db/settings";
import { periodTotals } from "../../src/db/stats";
import { makePeriod } from "../../src/domain/periods";
import { type ChatUser, Harness } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { buttonFor } from "../support/codecs";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";

const rv = reviewButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

function buttonData(user: ChatUser, prefix: string): string {
  const found = user.lastButtons().find(([, data]) => data.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} button in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

describe("阅批 (a leader read the report and commented)", () => {
  let h: Harness;
  let r: Roster;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);
  const title = "关于加强农村饮水安全管理的建议";

  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  async function acceptedReport(): Promise<number> {
    const { reportId } = await writeReport(h, r.standing, { title });
    await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "none" }));
    return reportId!;
  }

  /** Records 阅批 (or 批示) at the county level from the report's card, with a typed comment. */
  async function record(id: number, action: "rdg" | "ins", comment: string) {
    await r.staff.send(`/report ${id}`);
    await r.staff.press(buttonFor(r.staff, cardButtons, action));
    await r.staff.press(buttonLabelled(r.staff, t("level-county")));
    await r.staff.send(comment);
  }

  it("is recorded from the card with the comment typed, told to the author and shown in both timelines", async () => {
    const id = await acceptedReport();
    await r.staff.send(`/report ${id}`);
    expect(r.staff.lastButtons().map(([label]) => label)).toContain(t("action-button-read"));
    await r.staff.press(buttonFor(r.staff, cardButtons, "rdg"));
    expect(r.staff.lastText()).toContain(t("action-ask-level-rdg", { id, title }));
    await r.staff.press(buttonLabelled(r.staff, t("level-county")));
    expect(r.staff.lastText()).toBe(t("action-ask-read", { level: t("level-county") }));
    const comment = "县政协主席李明阅批：请农业农村局了解情况。";
    await r.staff.send(comment);

    expect(r.standing.lastText()).toBe(
      t("author-event-read", { title, id, level: t("level-county"), note: comment }),
    );
    const events = await h.db
      .selectFrom("report_events")
      .select(["kind", "level", "note"])
      .where("report_id", "=", id)
      .orderBy("id")
      .execute();
    expect(events.at(-1)).toEqual({ kind: "read", level: "county", note: comment });
    // The status stays: 阅批 is a step, like 批示.
    const report = await h.db.selectFrom("reports").select("status").where("id", "=", id).executeTakeFirst();
    expect(report?.status).toBe("accepted");

    // The staff card's timeline and the author's /my name it, apart from 批示.
    expect(r.staff.texts().join("\n")).toContain(t("event-read"));
    await r.standing.send(`/my`);
    await r.standing.press(buttonData(r.standing, myButtons.encode({ action: "view", reportId: id })));
    const timeline = r.standing.texts().join("\n");
    expect(timeline).toContain(t("event-read"));
    expect(timeline).toContain(comment);
    expect(timeline).not.toContain(t("event-instructed"));
  });

  it("is counted apart from 批示 in /stats and scores nothing until scoring.read is set", async () => {
    const first = await acceptedReport();
    await record(first, "rdg", "县长阅批：已阅。");
    const second = await acceptedReport();
    await record(second, "ins", "县长批示：请水利局落实。");
    await record(second, "rdg", "副县长阅批：同意。");

    const year = makePeriod("year", 2026, 1, "Asia/Shanghai");
    const totals = async () => periodTotals(h.db, year, await loadSettings(h.db));
    const before = await totals();
    expect(before.read).toBe(2);
    expect(before.readByLevel.county).toBe(2);
    expect(before.instructed).toBe(1);
    // Default scoring: 批示 at the own level 5, 阅批 0.
    expect(before.points).toBe(5);

    await r.leader.send("/stats 2026");
    expect(r.leader.lastText()).toContain(t("stats-read", { count: 2, delta: "+2" }));
    expect(r.leader.lastText()).toContain(t("stats-instructed", { count: 1, delta: "+1" }));

    const scoring = { ...(await loadSettings(h.db)).scoring, read: 2 };
    expect((await changeSetting(h.db, "scoring", JSON.stringify(scoring))).ok).toBe(true);
    expect((await totals()).points).toBe(5 + 2 * 2);

    // A 阅批 recorded again at the same level counts (and scores) once.
    await record(first, "rdg", "县长再次阅批。");
    expect((await totals()).read).toBe(2);
    expect((await totals()).points).toBe(9);
  });
});
