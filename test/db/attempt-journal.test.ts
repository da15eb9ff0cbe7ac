// Attempts at updates counted in a journal beside the database (src/db/attempt-journal.ts), as `npm start` counts
// them: an answered update leaves nothing in update_attempts and commits nothing for its attempt; one that fails
// is counted with its error; one that went down with the process is counted at the next start; either way an
// update is given up after MAX_UPDATE_ATTEMPTS.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_UPDATE_ATTEMPTS } from "../../src/bot/middleware";
import { AttemptJournal, unendedAttempts } from "../../src/db/attempt-journal";
import { countCrashedAttempts, listQuarantinedUpdates } from "../../src/db/updates";
import type { ApiReply } from "../support/fake-telegram";
import { type ChatUser, Harness, textMessage } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

describe("reading the journal", () => {
  it("counts begins not matched by an end, per update", () => {
    const text = ["+1", "+2", "-1", "+3", "+2", "+1", "-3", ""].join("\n");
    expect(unendedAttempts(text)).toEqual(
      new Map([
        [2, 2],
        [1, 1],
      ]),
    );
  });

  it("skips a torn last line and lines that are not its own", () => {
    expect(unendedAttempts("+7\n+8\n-7\n+9")).toEqual(new Map([[8, 1]]));
    expect(unendedAttempts("\0\0\0\n+x\n+\n12\n+5\n")).toEqual(new Map([[5, 1]]));
    expect(unendedAttempts("")).toEqual(new Map());
  });
});

describe("the attempt journal", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "minyi-journal-"));
    path = join(dir, "minyi.db-attempts");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("hands over what an earlier process left, and starts afresh when cleared", () => {
    writeFileSync(path, "+10\n+11\n-10\n");
    const { journal, crashed } = AttemptJournal.open(path);
    expect(crashed).toEqual(new Map([[11, 1]]));
    journal.clear();
    journal.begin(12);
    journal.end(12, []);
    journal.begin(13);
    journal.close();
    expect(readFileSync(path, "utf8")).toBe("+12\n-12\n+13\n");
    expect(AttemptJournal.open(path).crashed).toEqual(new Map([[13, 1]]));
  });

  it("stays small: past its limit it starts afresh with the updates still in hand", () => {
    const { journal } = AttemptJournal.open(path);
    journal.begin(1);
    // As the middleware calls it, without a turn of the event loop in between: the ends go with the begins.
    for (let id = 1_000_000; id < 1_100_000; id++) {
      journal.begin(id, [1, id]);
      journal.end(id, [1]);
    }
    expect(statSync(path).size).toBeLessThanOrEqual(1 << 20);
    expect(statSync(path).size).toBeGreaterThan(0);
    journal.close();
    expect(AttemptJournal.open(path).crashed).toEqual(new Map([[1, 1]]));
  });

  it("writes the ends of updates that finish together at once, with the next begin or at the loop's next turn", async () => {
    const { journal } = AttemptJournal.open(path);
    journal.begin(1);
    journal.begin(2);
    journal.end(1, [2]);
    journal.end(2, []);
    expect(readFileSync(path, "utf8")).toBe("+1\n+2\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(path, "utf8")).toBe("+1\n+2\n-1\n-2\n");
    journal.begin(3);
    journal.end(3, []);
    journal.begin(4);
    expect(readFileSync(path, "utf8")).toBe("+1\n+2\n-1\n-2\n+3\n-3\n+4\n");
    journal.end(4, []);
    journal.close();
    expect(AttemptJournal.open(path).crashed).toEqual(new Map());
  });
});

describe("updates counted in the journal (claims in process memory)", () => {
  let dir: string;
  let path: string;
  let h: Harness;
  let member: ChatUser;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-journal-"));
    path = join(dir, "minyi.db-attempts");
    h = await Harness.create({ claims: "process", attemptJournal: AttemptJournal.open(path).journal });
    ({ member } = await seedBasicRoster(h));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  let nextUpdateId = 990_001;
  const helpFrom = (user: ChatUser) => ({
    update_id: nextUpdateId++,
    message: user.message(textMessage("/help")),
  });

  const attemptsOf = (updateId: number) =>
    h.db
      .selectFrom("update_attempts")
      .select(["attempts", "failures", "last_error"])
      .where("update_id", "=", updateId)
      .executeTakeFirst();

  /** As main.ts starts: the journal read, what the last run left counted, then cleared. */
  async function restart(): Promise<Harness> {
    const { journal, crashed } = AttemptJournal.open(path);
    await countCrashedAttempts(h.db, crashed, h.clock);
    journal.clear();
    return h.restart({ claims: "process", attemptJournal: journal });
  }

  it("an answered update leaves no attempt in the database, and its journal lines end", async () => {
    const update = helpFrom(member);
    expect((await h.post(update)).status).toBe(200);
    expect(await attemptsOf(update.update_id)).toBeUndefined();
    expect(unendedAttempts(readFileSync(path, "utf8"))).toEqual(new Map());
    // Delivered again (its 200 lost): skipped.
    const answers = h.telegram.textsTo(member.id).length;
    expect((await h.post(update)).status).toBe(200);
    expect(h.telegram.textsTo(member.id).length).toBe(answers);
  });

  it("a failed attempt is counted with its error", async () => {
    h.telegram.hooks.push((call) =>
      call.method === "sendMessage"
        ? { ok: false, error_code: 400, description: "Bad Request: message is malformed" }
        : undefined,
    );
    const update = helpFrom(member);
    expect((await h.post(update)).status).toBeGreaterThanOrEqual(500);
    expect(await attemptsOf(update.update_id)).toEqual({
      attempts: 1,
      failures: 1,
      last_error: expect.stringContaining("message is malformed"),
    });
    expect((await h.post(update)).status).toBeGreaterThanOrEqual(500);
    expect((await attemptsOf(update.update_id))?.attempts).toBe(2);
    expect(unendedAttempts(readFileSync(path, "utf8"))).toEqual(new Map());
  });

  it("an update that goes down with the process each time is given up after the restarts", async () => {
    // Telegram never answers this person: the update is in hand when the process "dies" (is abandoned).
    const hang = new Promise<ApiReply>(() => undefined);
    const stuck = (call: { payload: Record<string, unknown> }) =>
      Number(call.payload.chat_id) === member.id ? hang : undefined;
    h.telegram.hooks.push(stuck);
    const update = helpFrom(member);
    for (let run = 1; run <= MAX_UPDATE_ATTEMPTS; run++) {
      h.telegram.reset();
      void h.post(update);
      await until(() => h.telegram.textsTo(member.id).length > 0);
      h = await restart();
      expect((await attemptsOf(update.update_id))?.attempts, `after run ${run}`).toBe(run);
    }
    h.telegram.hooks.splice(h.telegram.hooks.indexOf(stuck), 1);
    expect((await h.post(update)).status).toBe(200);
    const [kept] = await listQuarantinedUpdates(h.db);
    expect(kept?.update_id).toBe(update.update_id);
    expect(kept?.cause).toContain(`${MAX_UPDATE_ATTEMPTS} ended with the process`);
    // The next update of the same person is answered as usual (member.send would go to the first run).
    h.telegram.reset();
    expect((await h.post(helpFrom(member))).status).toBe(200);
    expect(h.telegram.textsTo(member.id)).toHaveLength(1);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error("timed out");
}
