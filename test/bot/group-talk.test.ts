// People talking in a group are noted before any claim (src/bot/group-talk.ts): no attempt counted, no journal
// line, no sender read; commands and service messages in groups go the whole way as before.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { isGroupTalk } from "../../src/bot/group-talk";
import { AttemptJournal } from "../../src/db/attempt-journal";
import { createLogger } from "../../src/logger";
import { faultyMemoryDatabase } from "../support/faulty-db";
import { Harness, recordingDatabase, textMessage } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

const GROUP = { id: -1_009, type: "supergroup", title: "民建群" } as const;
const PERSON = { id: 7, is_bot: false, first_name: "张明" } as const;

function message(
  extra: Partial<Message>,
  chat: Message["chat"] = GROUP,
  from: Message["from"] | null = PERSON,
): Message {
  return { message_id: 1, date: 0, chat, ...(from ? { from } : {}), ...extra } as Message;
}

describe("isGroupTalk", () => {
  const photo = [{ file_id: "p", file_unique_id: "pu", width: 1, height: 1 }];
  it.each([
    ["text in a supergroup", message({ text: "今天开会吗？" }), true],
    ["text in a basic group", message({ text: "好" }, { id: -5, type: "group", title: "群" }), true],
    ["a photo with a caption", message({ photo, caption: "现场照片" }), true],
    ["a sticker", message({ sticker: { file_id: "s" } as Message["sticker"] }), true],
    [
      "text in a private chat",
      message({ text: "你好" }, { id: 7, type: "private", first_name: "张明" }),
      false,
    ],
    ["a command", message(textMessage("/stats") as Partial<Message>), false],
    [
      "a command addressed to a bot",
      message(textMessage("/bind@minyi_test_bot all") as Partial<Message>),
      false,
    ],
    [
      "a command further in the text",
      message({ text: "请用 /stats", entities: [{ type: "bot_command", offset: 3, length: 6 }] }),
      false,
    ],
    ["text that reads as a command without its entity", message({ text: "/stats" }), false],
    ["a caption that is a command", message({ photo, caption: "/stats" }), false],
    ["a bot's message", message({ text: "hi" }, GROUP, { id: 9, is_bot: true, first_name: "bot" }), false],
    ["a message with no sender", message({ text: "频道转发" }, GROUP, null), false],
    ["a member joining", message({ new_chat_members: [PERSON] }), false],
    ["a group becoming a supergroup", message({ migrate_to_chat_id: -100_200 }), false],
  ])("%s: %s", (_label, given, expected) => {
    expect(isGroupTalk(given)).toBe(expected);
  });
});

describe("group talk through the webhook", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("is noted with the sighting alone: no attempt counted, no journal line, no other statement", async () => {
    const recorded = await recordingDatabase();
    dir = mkdtempSync(join(tmpdir(), "minyi-talk-"));
    const journalPath = join(dir, "attempts");
    const { journal } = AttemptJournal.open(journalPath);
    const h = await Harness.create({ db: recorded.db, claims: "process", attemptJournal: journal });
    const { member } = await seedBasicRoster(h);
    const group = h.group(GROUP.id, GROUP.title);
    recorded.executed.length = 0;
    const journalBefore = readFileSync(journalPath, "utf8");

    const talk = { update_id: 990_001, message: member.message(textMessage("今天下午开会"), group.chat) };
    expect((await h.post(talk)).status).toBe(200);
    expect((await h.post(talk)).status).toBe(200);
    expect(recorded.executed).toHaveLength(1);
    expect(recorded.executed[0]).toContain("chat_sightings");
    journal.flush();
    expect(readFileSync(journalPath, "utf8")).toBe(journalBefore);
    const books = await h.db
      .selectFrom("update_attempts")
      .select("update_id")
      .where("update_id", "=", 990_001)
      .union(h.db.selectFrom("processed_updates").select("update_id").where("update_id", "=", 990_001))
      .execute();
    expect(books).toEqual([]);
    const seen = await h.db
      .selectFrom("chat_sightings")
      .select("telegram_id")
      .where("chat_id", "=", GROUP.id)
      .execute();
    expect(seen.map((s) => s.telegram_id)).toEqual([member.id]);
    expect(group.texts()).toEqual([]);

    // A command in the same group is claimed, journaled and answered as before.
    const command = {
      update_id: 990_002,
      message: member.message(textMessage("/frobnicate@minyi_test_bot"), group.chat),
    };
    expect((await h.post(command)).status).toBe(200);
    expect(group.texts().at(-1)).toContain("未知命令");
    const marked = await h.db
      .selectFrom("processed_updates")
      .select("status")
      .where("update_id", "=", 990_002)
      .executeTakeFirst();
    expect(marked?.status).toBe("done");
    journal.flush();
    expect(readFileSync(journalPath, "utf8")).toContain("+990002\n");
    journal.close();
    await recorded.close();
  });

  it("answers when the sighting fails by itself, with a warning; a database down is tried again", async () => {
    const { db, faults } = await faultyMemoryDatabase();
    const lines: string[] = [];
    const h = await Harness.create({
      db,
      claims: "process",
      log: createLogger("warn", [], (l) => lines.push(l)),
    });
    const { member } = await seedBasicRoster(h);
    const group = h.group(GROUP.id, GROUP.title);
    const talk = (updateId: number) => ({
      update_id: updateId,
      message: member.message(textMessage("大家好"), group.chat),
    });

    faults.arm({ sql: /chat_sightings/, code: "SQLITE_CONSTRAINT" });
    expect((await h.post(talk(990_101))).status).toBe(200);
    expect(lines.some((l) => l.includes("group sighting not recorded") && l.includes("990101"))).toBe(true);

    faults.arm({ sql: /chat_sightings/ });
    expect((await h.post(talk(990_102))).status).not.toBe(200);
    expect((await h.post(talk(990_102))).status).toBe(200);
    expect(faults.pending).toBe(0);
    const seen = await db
      .selectFrom("chat_sightings")
      .select("telegram_id")
      .where("chat_id", "=", GROUP.id)
      .execute();
    expect(seen.map((s) => s.telegram_id)).toEqual([member.id]);
  });
});
