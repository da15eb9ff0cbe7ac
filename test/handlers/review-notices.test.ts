// The authors' notices of a step pressed on a review card are queued in the transaction that records the step:
// a fault after the event is written and before the commit leaves neither (the press, redelivered, records both),
// and a press handled twice queues one notice per author.

import { sql } from "kysely";
import type { Update } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { type ChatUser, Harness } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";

const rv = reviewButtons.encode;
const ca = cardButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

describe("notices of a step pressed on a review card", () => {
  let h: Harness;
  let r: Roster;
  let nextUpdate = 770_000;
  const t = (key: string, variables?: Record<string, string | number>) =>
    h.minyi.i18n.t("zh", key, variables);

  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  /** A report by the informant with the standing member as co-author, waiting for review. */
  async function coauthoredReport(): Promise<{ id: number; title: string }> {
    const title = "关于加强农村饮水安全管理的建议";
    const { reportId } = await writeReport(h, r.informant, { title, coauthors: ["张明"] });
    return { id: reportId!, title };
  }

  async function kindsOf(reportId: number) {
    const rows = await h.db
      .selectFrom("report_events")
      .select("kind")
      .where("report_id", "=", reportId)
      .orderBy("id")
      .execute();
    return rows.map((e) => e.kind);
  }

  async function noticesTo(user: ChatUser) {
    return h.db.selectFrom("outbox").select(["text", "status"]).where("chat_id", "=", user.id).execute();
  }

  /** A press as one update, to deliver more than once. */
  function pressUpdate(user: ChatUser, data: string): Update {
    return {
      update_id: nextUpdate++,
      callback_query: {
        id: `cb-notice-${nextUpdate}`,
        from: user.from,
        chat_instance: "ci",
        data,
        message: {
          message_id: 1000,
          date: 0,
          chat: { id: user.id, type: "private", first_name: user.from.first_name },
        },
      },
    } as Update;
  }

  /** As if the process died after the update's transaction, before the update was marked done. */
  async function forgetHandled(update: Update) {
    await h.db.deleteFrom("processed_updates").where("update_id", "=", update.update_id).execute();
  }

  it("a fault after the event is written, before the commit, leaves neither the step nor a notice; the redelivered press records both", async () => {
    const { id, title } = await coauthoredReport();
    // Queuing the authors' notices fails inside the step's transaction, after its event was inserted.
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    const press = pressUpdate(r.staff, rv({ action: "publish", reportId: id, version: 1, as: "none" }));
    expect((await h.post(press)).status).not.toBe(200);
    expect(await kindsOf(id)).toEqual(["submitted"]);
    const report = await h.db
      .selectFrom("reports")
      .select(["status", "version"])
      .where("id", "=", id)
      .executeTakeFirst();
    expect(report).toEqual({ status: "submitted", version: 1 });
    expect(await noticesTo(r.informant)).toEqual([]);
    expect(await noticesTo(r.standing)).toEqual([]);

    await sql`drop trigger fail_outbox`.execute(h.db);
    expect((await h.post(press)).status).toBe(200);
    expect(await kindsOf(id)).toEqual(["submitted", "accepted"]);
    const accepted = t("author-event-accepted", { id, title });
    for (const author of [r.informant, r.standing]) {
      expect(await noticesTo(author)).toEqual([{ text: accepted, status: "sent" }]);
      expect(author.texts().filter((x) => x === accepted)).toHaveLength(1);
    }
  });

  it("a step on the card queues one notice per author, also when its press is handled again", async () => {
    const { id, title } = await coauthoredReport();
    await r.staff.press(rv({ action: "publish", reportId: id, version: 1, as: "none" }));
    const adopt = pressUpdate(
      r.staff,
      ca({ action: "ado", reportId: id, version: 2, level: "county", mode: "single" }),
    );
    expect((await h.post(adopt)).status).toBe(200);
    // The staff member was answered under the button.
    expect(r.staff.texts().some((x) => x.includes(t("event-adopted")))).toBe(true);
    await forgetHandled(adopt);
    expect((await h.post(adopt)).status).toBe(200);
    // The same press delivered twice over (a second tap) changes nothing either.
    expect(
      (
        await h.post(
          pressUpdate(
            r.staff,
            ca({ action: "ado", reportId: id, version: 2, level: "county", mode: "single" }),
          ),
        )
      ).status,
    ).toBe(200);

    expect(await kindsOf(id)).toEqual(["submitted", "accepted", "adopted"]);
    const adopted = t("author-event-adopted", {
      id,
      title,
      level: t("level-county"),
      mode: t("mode-single"),
    });
    for (const author of [r.informant, r.standing]) {
      const texts = (await noticesTo(author)).map((n) => n.text);
      expect(texts.filter((x) => x === adopted)).toHaveLength(1);
      expect(texts).toHaveLength(2);
      expect(author.texts().filter((x) => x === adopted)).toHaveLength(1);
    }
  });

  it("a fault while queuing a confirmed close leaves the report open; the press again closes it and tells the authors once", async () => {
    const { id, title } = await coauthoredReport();
    await r.staff.press(rv({ action: "publish", reportId: id, version: 1, as: "none" }));
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    const close = pressUpdate(r.staff, ca({ action: "clo", reportId: id, version: 2, confirmed: true }));
    expect((await h.post(close)).status).not.toBe(200);
    expect(await kindsOf(id)).toEqual(["submitted", "accepted"]);
    await sql`drop trigger fail_outbox`.execute(h.db);
    expect((await h.post(close)).status).toBe(200);
    expect(await kindsOf(id)).toEqual(["submitted", "accepted", "closed"]);
    const closed = t("author-event-closed", { id, title });
    for (const author of [r.informant, r.standing])
      expect((await noticesTo(author)).filter((n) => n.text === closed)).toHaveLength(1);
  });
});
