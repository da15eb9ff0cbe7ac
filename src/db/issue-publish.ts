// Publishing the open issue: its number of the year and 编发 recorded for every report through recordEventsIn, the
// path staff decisions take, in one transaction with the issue's number and the authors' notices.
import {
  checkPublishable,
  type IssueProblem,
  issueLabel,
  issueYear,
  nextIssueNumber,
  publicationEvents,
} from "../domain/issues";
import type { Settings } from "../domain/settings";
import { type DB, nowIso } from "./database";
import { type AfterRecorded, type RecordRefusal, recordEventsIn } from "./events";
import { type Executor, type IssueRecord, IssueRollback, loadIssue, rolledBack } from "./issues";

export type PublishResult =
  | {
      kind: "published";
      issueId: number;
      year: number;
      number: number;
      /** The 编发 event recorded for each report (its authors' notices are queued with it). */
      recorded: { reportId: number; eventId: number }[];
    }
  /** Published before (by this press's twin or someone else): the same issue, nothing recorded again. */
  | {
      kind: "already";
      issueId: number;
      year: number;
      number: number;
      recorded: { reportId: number; eventId: number }[];
    }
  | { kind: "not-found" }
  | { kind: "problem"; problem: IssueProblem; piece?: number }
  /** A report cannot be 编发 (changed since it was added): nothing was recorded. */
  | { kind: "refused"; reportId: number; reason: RecordRefusal | "stale" | "not-found" };

/**
 * Publishes the open issue: gives it the next number of the year and records 编发 (single or combined) for every
 * report in it, all in one transaction. Publishing a published issue again records nothing and answers "already".
 */
export async function publishIssue(
  db: DB,
  request: {
    issueId: number;
    actorId: number;
    settings: Pick<Settings, "ownLevel" | "levels" | "timeZone" | "publicationName">;
    now: Date;
    /** The authors' notices of each 编发, queued in the publishing transaction. */
    notify: AfterRecorded;
  },
): Promise<PublishResult> {
  const { settings, now } = request;
  return db
    .transaction()
    .execute(async (trx): Promise<PublishResult> => {
      const issue = await loadIssue(trx, request.issueId);
      if (!issue) return { kind: "not-found" };
      if (issue.status === "published") return { kind: "already", ...(await publishedFacts(trx, issue)) };
      const check = checkPublishable(issue);
      if (!check.ok)
        return { kind: "problem", problem: check.problem, ...(check.piece ? { piece: check.piece } : {}) };
      const year = issueYear(now, settings.timeZone);
      const numbers = await trx.selectFrom("issues").select("number").where("year", "=", year).execute();
      const number = nextIssueNumber(numbers.flatMap((n) => (n.number === null ? [] : [n.number])));
      const label = issueLabel(settings.publicationName, year, number);
      const recorded: { reportId: number; eventId: number }[] = [];
      for (const { reportId, event } of publicationEvents(issue, settings.ownLevel, label)) {
        const report = await trx
          .selectFrom("reports")
          .select("version")
          .where("id", "=", reportId)
          .executeTakeFirst();
        const result = report
          ? await recordEventsIn(trx, {
              reportId,
              version: report.version,
              actorId: request.actorId,
              events: [event],
              ownLevel: settings.ownLevel,
              levels: settings.levels,
              now,
            })
          : ({ kind: "not-found" } as const);
        if (result.kind !== "recorded")
          throw new IssueRollback({
            kind: "refused",
            reportId,
            reason: result.kind === "refused" ? result.reason : result.kind,
          });
        const eventId = result.eventIds[0]!;
        recorded.push({ reportId, eventId });
        await request.notify(trx, reportId, result.eventIds);
        await trx
          .updateTable("issue_reports")
          .set({ event_id: eventId })
          .where("report_id", "=", reportId)
          .execute();
      }
      const updated = await trx
        .updateTable("issues")
        .set({
          status: "published",
          year,
          number,
          published_by: request.actorId,
          published_at: nowIso(now),
          updated_at: nowIso(now),
        })
        .where("id", "=", issue.id)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error(`issue ${issue.id} changed while publishing`);
      await trx.deleteFrom("issue_picks").where("issue_id", "=", issue.id).execute();
      return { kind: "published", issueId: issue.id, year, number, recorded };
    })
    .catch(rolledBack<PublishResult>);
}

async function publishedFacts(trx: Executor, issue: IssueRecord) {
  const rows = await trx
    .selectFrom("issue_reports")
    .innerJoin("issue_pieces", "issue_pieces.id", "issue_reports.piece_id")
    .select(["issue_reports.report_id", "issue_reports.event_id"])
    .where("issue_pieces.issue_id", "=", issue.id)
    .execute();
  return {
    issueId: issue.id,
    year: issue.year ?? 0,
    number: issue.number ?? 0,
    recorded: rows.flatMap((r) =>
      r.event_id === null ? [] : [{ reportId: r.report_id, eventId: r.event_id }],
    ),
  };
}
