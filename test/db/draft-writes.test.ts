// The report flow's write of a draft row, compiled once per shape (src/db/draft-flow.ts writeDraft), leaves the
// row as the same update built and compiled anew does, whatever the patch, its nulls, the operation and the
// message id, and whichever shapes ran before it.
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { writeDraft } from "../../src/db/draft-flow";
import { createDraft } from "../../src/db/drafts";
import type { DraftPatch, FlowOperation } from "../../src/domain/report-flow";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

/** The write as runFlowStep built it before: the oracle. */
async function builtAnew(
  db: DB,
  draftId: number,
  patch: DraftPatch,
  operation: FlowOperation | undefined,
  messageId: number | undefined,
  now: Date,
) {
  const appended = (column: "pending_text" | "suggestions", text: string) =>
    sql<string>`case when coalesce(${sql.ref(column)}, '') = '' then ${text} else ${sql.ref(column)} || char(10) || ${text} end`;
  return db
    .updateTable("drafts")
    .set({
      ...patch,
      ...(operation?.kind === "append-pending"
        ? { pending_text: appended("pending_text", operation.text) }
        : {}),
      ...(operation?.kind === "append-suggestions"
        ? { suggestions: appended("suggestions", operation.text) }
        : {}),
      ...(operation?.kind === "leave" ? { in_flow: 0 } : {}),
      updated_at: now.toISOString(),
      reminded_at: null,
      ...(messageId !== undefined
        ? { last_message_id: sql<number>`max(${sql.ref("last_message_id")}, ${messageId})` }
        : {}),
    })
    .where("id", "=", draftId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const text = fc.string({ maxLength: 12 });
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const patchArb: fc.Arbitrary<DraftPatch> = fc.record(
  {
    title: orNull(text),
    situation: orNull(text),
    suggestions: orNull(text),
    pending_text: orNull(text),
    pending_step: orNull(fc.constantFrom("situation", "analysis", "suggestions")),
    editing: fc.constantFrom(0, 1),
    edit_mode: orNull(fc.constantFrom("append", "replace")),
    confirming: orNull(fc.constantFrom("confirm-submit", "confirm-cancel")),
    urgent: fc.constantFrom(0, 1),
  },
  { requiredKeys: [] },
);
const operationArb: fc.Arbitrary<FlowOperation | undefined> = fc.oneof(
  fc.constant(undefined),
  text.map((t) => ({ kind: "append-pending" as const, text: t })),
  text.map((t) => ({ kind: "append-suggestions" as const, text: t })),
  fc.constant({ kind: "leave" as const }),
);

describe("the flow's draft writes", () => {
  it("leave the row as the write built anew does", async () => {
    const h = await Harness.create();
    await seedBasicRoster(h);
    const people = await h.db.selectFrom("people").select("id").orderBy("id").limit(2).execute();
    const now = new Date("2026-05-15T02:00:00Z");
    const ours = await createDraft(h.db, people[0]!.id, now);
    const theirs = await createDraft(h.db, people[1]!.id, now);
    const row = (r: Record<string, unknown>) => {
      const { id: _id, person_id: _person, ...rest } = r;
      return rest;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(patchArb, operationArb, fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined })),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (writes) => {
          for (const [patch, operation, messageId] of writes) {
            const at = new Date(now.getTime() + 1000);
            const a = await h.db
              .transaction()
              .execute((trx) => writeDraft(trx, ours.id, patch, operation, messageId, at));
            const b = await builtAnew(h.db, theirs.id, patch, operation, messageId, at);
            expect(row(a)).toEqual(row(b));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
