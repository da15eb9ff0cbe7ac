import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import {
  findSimilarReports,
  HOT_BAND,
  HOT_BAND_NEWEST,
  SIGN_BATCH,
  SIGN_IN_LINE_BATCHES,
  pacedSigning,
  signQueuedReports,
} from "../../src/db/similarity";
import { bandKeys, findSimilar, reportSignatures } from "../../src/domain/similarity";
import { memoryDatabase } from "../support/harness";
import { personRow, reportRow, unitRow } from "../support/report-rows";

const SINCE = new Date("2026-01-01T00:00:00Z");

async function setBody(db: DB, id: number, title: string, situation: string) {
  await db.updateTable("reports").set({ title, situation }).where("id", "=", id).execute();
}

describe("findSimilarReports", () => {
  let db: DB;
  let author: number;
  let unit: number;
  beforeEach(async () => {
    db = await memoryDatabase();
    unit = await unitRow(db, "民建县委会");
    author = await personRow(db, "张明", unit);
  });

  it("finds what comparing with every report finds, and stores each report's signatures once", async () => {
    const texts = [
      ["关于加强农村饮水安全管理的建议", "部分村庄饮水设施老化，水质检测不到位，群众反映强烈。"],
      ["关于加强农村饮水安全的建议", "一些村的饮水设施老化，水质检测不到位，群众意见较大。"],
      ["关于规范校外培训机构收费的建议", "校外培训机构预收费用缺乏监管，退费难问题突出。"],
      ["关于改善老旧小区停车难的建议", "老旧小区车位不足，占用消防通道现象普遍。"],
      ["关于加强农村饮用水水质监测的建议", "部分村庄饮水设施老化，水质检测不到位，群众反映强烈，亟待解决。"],
    ];
    const ids: number[] = [];
    for (const [title, situation] of texts) {
      const id = await reportRow(db, [author], unit, { title });
      await setBody(db, id, title!, situation!);
      ids.push(id);
    }
    const candidate = {
      title: "关于加强农村饮水安全管理的建议",
      body: "部分村庄饮水设施老化，水质检测不到位。",
    };
    const all = (await db.selectFrom("reports").selectAll().execute()).map((r) => ({
      id: r.id,
      title: r.title,
      body: `${r.situation}\n${r.analysis}\n${r.suggestions}`,
    }));
    const expected = findSimilar(candidate, all).map((m) => m.id);
    expect(expected.length).toBeGreaterThanOrEqual(2);

    const found = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(found.map((f) => f.id)).toEqual(expected);
    expect(found[0]).toMatchObject({ id: ids[0], title: texts[0]![0], status: "submitted" });
    expect(await db.selectFrom("report_signatures").select("report_id").execute()).toHaveLength(texts.length);

    // The report itself (being revised) and reports before the period are left out.
    const withoutFirst = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: ids[0]! });
    expect(withoutFirst.map((f) => f.id)).toEqual(expected.filter((id) => id !== ids[0]));
    expect(
      await findSimilarReports(db, candidate, { since: new Date("2027-01-01"), excludeReportId: null }),
    ).toEqual([]);
  });

  it("a report whose text changed is compared by its new text", async () => {
    const id = await reportRow(db, [author], unit, { title: "关于规范校外培训机构收费的建议" });
    const candidate = {
      title: "关于加强农村饮水安全管理的建议",
      body: "部分村庄饮水设施老化，水质检测不到位。",
    };
    expect(await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null })).toEqual([]);
    expect(await db.selectFrom("report_signatures").select("report_id").execute()).toHaveLength(1);

    // Revised and resubmitted (or its title fixed at review): the stored signatures go, new ones are made.
    await setBody(db, id, "关于加强农村饮水安全管理的建议", "部分村庄饮水设施老化，水质检测不到位。");
    expect(await db.selectFrom("report_signatures").select("report_id").execute()).toHaveLength(0);
    const found = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(found.map((f) => [f.id, f.score])).toEqual([[id, 1]]);
  });

  it("reports beyond what a check signs in line are signed in background batches, then found through their bands", async () => {
    const han =
      "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面";
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const text = (n: number) =>
      Array.from({ length: n }, () => han[Math.floor(random() * han.length)]).join("");
    const body = text(300);
    const candidate = { title: "关于加强社区养老服务的建议", body };
    // Copies edited more and more: a tenth, a third, half of the text replaced.
    const edited = (share: number) =>
      Array.from(body, (c) => (random() < share ? han[Math.floor(random() * han.length)] : c)).join("");
    const near = [edited(0.1), edited(0.3), edited(0.5)];
    for (let i = 0; i < 100; i++) {
      const id = await reportRow(db, [author], unit, { title: `关于${text(8)}的建议` });
      await setBody(db, id, `关于${text(8)}的建议`, i % 30 === 0 ? near[i / 30]! : text(300));
    }
    expect(await db.selectFrom("report_sig_queue").select("report_id").execute()).toHaveLength(100);

    await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(await db.selectFrom("report_sig_queue").select("report_id").execute()).toHaveLength(
      100 - SIGN_IN_LINE_BATCHES * SIGN_BATCH,
    );
    while ((await signQueuedReports(db)) > 0);
    expect(await db.selectFrom("report_sig_queue").select("report_id").execute()).toHaveLength(0);
    expect(await db.selectFrom("report_signatures").select("report_id").execute()).toHaveLength(100);

    const all = (await db.selectFrom("reports").selectAll().execute()).map((r) => ({
      id: r.id,
      title: r.title,
      body: `${r.situation}\n${r.analysis}\n${r.suggestions}`,
    }));
    const expected = findSimilar(candidate, all).map((m) => m.id);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const found = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(found.map((f) => f.id)).toEqual(expected);
  });

  it("reads over a thousand reports sharing a band page by page and finds the most alike among all of them", async () => {
    const han = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同";
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const body = Array.from({ length: 200 }, () => han[Math.floor(random() * han.length)]).join("");
    const candidate = { title: "关于加强社区养老服务的建议", body };
    const edited = (share: number) =>
      Array.from(body, (c) => (random() < share ? han[Math.floor(random() * han.length)] : c)).join("");
    // Copies edited more or less (a twentieth to a third of the text): all share bands, most are alike, and the
    // five most alike are anywhere in id order, so a page left unread changes the answer.
    const rows = [];
    for (let i = 0; i < 1_200; i++) {
      const title = `关于第${i}项工作的建议`;
      rows.push({ title, situation: edited(0.05 + 0.3 * random()) });
    }
    for (const row of rows) {
      const id = await reportRow(db, [author], unit, { title: row.title });
      await setBody(db, id, row.title, row.situation);
    }
    while ((await signQueuedReports(db, 200)) > 0);
    const sharing = await db
      .selectFrom("report_sig_bands")
      .select("report_id")
      .distinct()
      .where("band_key", "in", bandKeys(reportSignatures(candidate)))
      .execute();
    expect(sharing.length).toBeGreaterThan(1_000); // pages of 200 (CANDIDATE_PAGE)

    const all = (await db.selectFrom("reports").selectAll().execute()).map((r) => ({
      id: r.id,
      title: r.title,
      body: `${r.situation}\n${r.analysis}\n${r.suggestions}`,
    }));
    const expected = findSimilar(candidate, all).map((m) => m.id);
    expect(expected.length).toBeGreaterThan(500);
    const found = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(found.map((f) => f.id)).toEqual(expected.slice(0, 5));
  }, 60_000);

  it("a band shared by over a thousand reports gives only its newest: the same text sent a thousand times is still found", async () => {
    const situation = "社区养老服务设施不足，专业护理人员缺乏，老人就近养老需求难以满足。";
    // As a stored report's text is compared: its situation, analysis (empty) and suggestions (reportRow's).
    const candidate = { title: "关于加强社区养老服务的建议", body: `${situation}\n\n建议` };
    const ids: number[] = [];
    for (let i = 0; i < HOT_BAND + 100; i++) {
      const id = await reportRow(db, [author], unit, { title: candidate.title });
      await setBody(db, id, candidate.title, situation);
      ids.push(id);
    }
    while ((await signQueuedReports(db, 200)) > 0);
    const keys = bandKeys(reportSignatures(candidate));
    const shared = await db
      .selectFrom("report_sig_bands")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("band_key", "in", keys)
      .groupBy("band_key")
      .execute();
    expect(shared.map((band) => Number(band.n))).toEqual(keys.map(() => HOT_BAND + 100));

    // Every band is shared by all of them: the candidates are the newest HOT_BAND_NEWEST, and of those, equally
    // alike, the oldest five come first.
    const found = await findSimilarReports(db, candidate, { since: SINCE, excludeReportId: null });
    expect(found.map((match) => match.id)).toEqual(ids.slice(-HOT_BAND_NEWEST, -HOT_BAND_NEWEST + 5));
    expect(found.every((match) => match.score === 1)).toBe(true);
  }, 60_000);

  it("background signing begins with one report a batch, takes SIGN_BATCH while batches are quick and fewer while they are slow", async () => {
    for (let i = 0; i < 40; i++) await reportRow(db, [author], unit, { title: `关于第${i}件事的建议` });
    const queued = async () => (await db.selectFrom("report_sig_queue").select("report_id").execute()).length;
    // A clock on which each batch takes what the test says: read at its start, then at its end.
    let now = 0;
    let reads = 0;
    let batchMs = 0;
    const sign = pacedSigning(db, () => {
      reads += 1;
      if (reads % 2 === 0) now += batchMs;
      return now;
    });
    const sizes: number[] = [];
    const batch = async (ms: number) => {
      batchMs = ms;
      const before = await queued();
      expect(await sign()).toBe(before - (await queued()));
      sizes.push(before - (await queued()));
    };
    await batch(2);
    await batch(160); // as 8 reports took on a cold disk at 1,000,000 reports
    await batch(60);
    await batch(60);
    await batch(2);
    await batch(2);
    expect(sizes).toEqual([1, SIGN_BATCH, 1, 1, 1, SIGN_BATCH]);
    // Slow but within the aim: as many as fit in it.
    await batch(20);
    await batch(20);
    expect(sizes.slice(-2)).toEqual([SIGN_BATCH, SIGN_BATCH]);
    expect(await queued()).toBe(40 - sizes.reduce((a, b) => a + b));
  });
});
