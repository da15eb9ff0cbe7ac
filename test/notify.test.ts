import { describe, expect, it } from "vitest";
import { NOTICE_JOB } from "../src/notify";
import { Harness } from "./support/harness";
import { buttonLabelled, writeReport } from "./support/reports";
import { seedBasicRoster } from "./support/roster";
import { reviewButtons } from "../src/handlers/review/callback-data";

const rv = reviewButtons.encode;

describe("notices to other people go through the outbox", () => {
  it("the staff member's press is answered before the author is told, and the notice is an outbox row, sent once", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.press(rv({ action: "accept", reportId: reportId!, version: 1 }));
    const before = h.telegram.calls.length;
    await r.staff.press(buttonLabelled(r.staff, "单篇编发"));
    const calls = h.telegram.calls.slice(before);
    const answered = calls.findIndex((c) => c.method === "answerCallbackQuery");
    const told = calls.findIndex(
      (c) => c.method === "sendMessage" && Number(c.payload.chat_id) === r.standing.id,
    );
    expect(answered).toBeGreaterThanOrEqual(0);
    expect(told).toBeGreaterThan(answered);

    const rows = await h.db
      .selectFrom("outbox")
      .select(["chat_id", "status"])
      .where("job", "=", NOTICE_JOB)
      .where("chat_id", "=", r.standing.id)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
  });

  it("an update handled again queues and sends no notice twice", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.press(rv({ action: "accept", reportId: reportId!, version: 1 }));
    const data = buttonLabelled(r.staff, "单篇编发");
    await r.staff.press(data);
    const sentToAuthor = () =>
      h.telegram.calls.filter(
        (c) => c.method === "sendMessage" && Number(c.payload.chat_id) === r.standing.id,
      ).length;
    const after = sentToAuthor();
    await r.staff.press(data);
    await h.courier.sweep();
    expect(sentToAuthor()).toBe(after);
  });

  it("a notice held back by a long 429 stays queued and goes with a later sweep", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    let limited = true;
    h.telegram.hooks.push((call) =>
      limited && call.method === "sendMessage" && Number(call.payload.chat_id) === r.staff.id
        ? { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 600 } }
        : undefined,
    );
    await writeReport(h, r.standing);
    const notices = () =>
      h.db
        .selectFrom("outbox")
        .select("status")
        .where("job", "=", NOTICE_JOB)
        .where("chat_id", "=", r.staff.id)
        .execute();
    expect((await notices()).map((row) => row.status)).toEqual(["pending"]);
    limited = false;
    h.clock = new Date(Date.now() + 11 * 60_000);
    await h.courier.sweep();
    expect((await notices()).map((row) => row.status)).toEqual(["sent"]);
    expect(r.staff.texts().some((text) => text.includes("关于"))).toBe(true);
  });
});
