// The staff member's typed-reply row: a reply owed under the old table (before 0065) is still owed after the
// upgrade, with everything it named; once answered, the row remembers the message it took.
import { createClient } from "@libsql/client";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database";
import { MIGRATIONS, migrateToLatest, runMigrations } from "../../src/db/migrations";
import { loadStaffReply, runStaffReply } from "../../src/db/staff-replies";
import { replyTransition } from "../../src/domain/staff-reply";

const ASKED_AT = "2026-05-15T02:00:00.000Z";

describe("staff_prompts across 0065", () => {
  it("carries a reply still owed over as waiting, and takes the next text for it", async () => {
    const db = openDatabase(createClient({ url: ":memory:" }));
    const before = Object.fromEntries(
      Object.entries(MIGRATIONS).filter(([name]) => name < "0065_staffsteps_reply_state"),
    );
    await runMigrations(db, before);
    await sql`insert into staff_prompts (telegram_id, action, report_id, version, level, piece_id, created_at)
      values (200, 'instruct', 12, 4, 'city', null, ${ASKED_AT}),
             (201, 'issue-note', 3, 0, null, 9, ${ASKED_AT})`.execute(db);
    await migrateToLatest(db);

    expect(await loadStaffReply(db, 200)).toEqual({
      asked: {
        action: "instruct",
        subjectId: 12,
        version: 4,
        level: "city",
        pieceId: null,
        cardMessageId: null,
        askedAt: Date.parse(ASKED_AT),
      },
      waiting: true,
      appliedMessageId: null,
    });
    expect(await loadStaffReply(db, 201)).toMatchObject({
      asked: { action: "issue-note", pieceId: 9 },
      waiting: true,
    });

    // The next text answers it (the report does not exist here: the step is refused, the reply is still taken).
    const now = new Date(Date.parse(ASKED_AT) + 60_000);
    const run = await runStaffReply(
      db,
      {
        telegramId: 200,
        actorId: 1,
        ownLevel: "county",
        levels: ["county", "city"],
        now,
        notify: async () => 0,
      },
      (state) =>
        replyTransition(
          state,
          { kind: "text", text: "请研究。", messageId: 50, family: "report" },
          { titleMinLength: 5, titleMaxLength: 60 },
          now.getTime(),
        ),
    );
    expect(run.transition.effect).toMatchObject({ kind: "record", reportId: 12, version: 4 });
    expect(run.outcome).toEqual({ kind: "record", result: { kind: "not-found" } });
    expect(await loadStaffReply(db, 200)).toMatchObject({ waiting: false, appliedMessageId: 50 });
  });
});
