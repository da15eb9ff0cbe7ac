// The delivery outbox against the fake Bot API's hooks: 429 with retry_after, 5xx with backoff, 403 marking people
// unreachable, and pacing (30 a second overall, 20 a minute into a group). The fake clock records every wait.
import { beforeEach, describe, expect, it } from "vitest";
import { telegramRateLimit } from "../../bench/fanout-support";
import { releaseOutboxClaims } from "../../src/db/outbox";
import { splitMessage } from "../../src/domain/text";
import { outboxRows } from "../../src/jobs/engine";
import { createOutboxApi, Outbox } from "../../src/jobs/outbox";
import type { ApiCall, ApiReply } from "../support/fake-telegram";
import { TEST_TOKEN } from "../support/harness";
import { addPerson, bindGroup, type JobWorld, jobWorld, sentByChat } from "../support/jobs";

const T0 = "2026-06-01T01:00:00.000Z";

describe("outbox", () => {
  let world: JobWorld;
  let outbox: Outbox;

  beforeEach(async () => {
    world = await jobWorld(T0);
    outbox = new Outbox(world.db, world.deps.api, world.deps.log, world.deps.delivery);
  });

  const queue = async (messages: { chatId: number; text: string }[], job = "test", key = "k") => {
    const rows = outboxRows(
      job,
      key,
      messages.map((m) => ({ ...m, to: String(m.chatId) })),
      world.clock.now().toISOString(),
    );
    await world.db.insertInto("outbox").values(rows).execute();
  };

  /** Answers the first `times` calls that match with `reply`, then lets calls through. */
  const failFirst = (times: number, reply: ApiReply, matches: (call: ApiCall) => boolean = () => true) => {
    let left = times;
    world.telegram.hooks.push((call) => {
      if (call.method !== "sendMessage" || !matches(call) || left === 0) return undefined;
      left -= 1;
      return reply;
    });
  };

  const rows = () => world.db.selectFrom("outbox").selectAll().orderBy("id").execute();

  it("sends every pending row once and marks it sent", async () => {
    await queue([
      { chatId: 1, text: "a" },
      { chatId: 2, text: "b" },
    ]);
    const result = await outbox.drain("test", "k");
    expect(result).toEqual({ sent: 2, failed: 0, unreachable: 0, pending: 0, deferred: false });
    expect(sentByChat(world.telegram)).toEqual(
      new Map([
        [1, ["a"]],
        [2, ["b"]],
      ]),
    );
    expect((await rows()).map((r) => [r.status, r.attempts, r.sent_at])).toEqual([
      ["sent", 1, T0],
      ["sent", 1, T0],
    ]);
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 2 });
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(2);
  });

  it("honours 429 retry_after, then sends", async () => {
    failFirst(2, {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    await queue([{ chatId: 1, text: "a" }]);
    const result = await outbox.drain("test", "k");
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(world.clock.sleeps).toEqual([7000, 7000]);
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(3);
    expect((await rows())[0]).toMatchObject({ status: "sent", attempts: 3, last_error: null });
  });

  it("leaves the rest for a later run when retry_after is longer than it may wait", async () => {
    // One at a time, so the second row is not yet on the wire when the 429 comes (several in flight: below).
    outbox = new Outbox(world.db, world.deps.api, world.deps.log, { ...world.deps.delivery, inFlight: 1 });
    failFirst(1, {
      ok: false,
      error_code: 429,
      description: "Too Many Requests",
      parameters: { retry_after: 3600 },
    });
    await queue([
      { chatId: 1, text: "a" },
      { chatId: 2, text: "b" },
    ]);
    const result = await outbox.drain("test", "k");
    expect(result).toEqual({ sent: 0, failed: 0, unreachable: 0, pending: 2, deferred: true });
    expect(world.clock.sleeps).toEqual([]);
    const [first] = await rows();
    expect(first?.next_attempt_at).toBe("2026-06-01T02:00:00.000Z");
    // An hour later both go out.
    world.clock.set("2026-06-01T02:00:00.000Z");
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 2, pending: 0 });
  });

  it("retries 5xx and network errors with exponential backoff", async () => {
    failFirst(2, { ok: false, error_code: 502, description: "Bad Gateway" });
    let broken = 1;
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (broken-- > 0) throw new TypeError("fetch failed: ECONNRESET");
      return world.telegram.fetch(input, init);
    }) as typeof fetch;
    const api = createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: flaky });
    outbox = new Outbox(world.db, api, world.deps.log, world.deps.delivery);
    await queue([{ chatId: 1, text: "a" }]);
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 1 });
    expect(world.clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(3);
  });

  it("gives up on a row after the last attempt, and carries on with the others", async () => {
    failFirst(
      99,
      { ok: false, error_code: 500, description: "Internal Server Error" },
      (c) => c.payload.chat_id === 1,
    );
    await queue([
      { chatId: 1, text: "a" },
      { chatId: 2, text: "b" },
    ]);
    const result = await outbox.drain("test", "k");
    expect(result).toEqual({ sent: 1, failed: 1, unreachable: 0, pending: 0, deferred: false });
    expect(world.clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect((await rows())[0]).toMatchObject({
      status: "failed",
      attempts: 5,
      last_error: "500: Internal Server Error",
    });
  });

  it("a 4xx other than 429 and 403 fails the row without retrying", async () => {
    failFirst(1, { ok: false, error_code: 400, description: "Bad Request: chat not found" });
    await queue([{ chatId: 1, text: "a" }]);
    expect(await outbox.drain("test", "k")).toMatchObject({ failed: 1 });
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(1);
  });

  it("403 marks the person unreachable and never throws; a later delivery clears it", async () => {
    const blocked = await addPerson(world.db, { name: "李华", role: "member", telegramId: 102 });
    failFirst(1, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await queue([
      { chatId: 102, text: "a" },
      { chatId: 103, text: "b" },
    ]);
    const result = await outbox.drain("test", "k");
    expect(result).toEqual({ sent: 1, failed: 0, unreachable: 1, pending: 0, deferred: false });
    const person = await world.db
      .selectFrom("people")
      .selectAll()
      .where("id", "=", blocked)
      .executeTakeFirstOrThrow();
    expect(person.unreachable_at).toBe(T0);
    expect((await rows())[0]).toMatchObject({
      status: "unreachable",
      last_error: "403: Forbidden: bot was blocked by the user",
    });

    // They unblock the bot: the next message goes through and they are reachable again.
    await queue([{ chatId: 102, text: "c" }], "test", "k2");
    await outbox.drain("test", "k2");
    const again = await world.db
      .selectFrom("people")
      .selectAll()
      .where("id", "=", blocked)
      .executeTakeFirstOrThrow();
    expect(again.unreachable_at).toBeNull();
  });

  it("a group that removed the bot (403) stops being a recipient", async () => {
    await bindGroup(world.db, -1001, "民建群", "all");
    failFirst(1, {
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was kicked from the supergroup chat",
    });
    await queue([{ chatId: -1001, text: "a" }]);
    expect(await outbox.drain("test", "k")).toMatchObject({ unreachable: 1 });
    const chat = await world.db
      .selectFrom("chats")
      .selectAll()
      .where("id", "=", -1001)
      .executeTakeFirstOrThrow();
    expect(chat.active).toBe(0);
  });

  it("follows a group that became a supergroup: the message, the binding and what waits go to the new id", async () => {
    await bindGroup(world.db, -1001, "民建群", "all");
    failFirst(
      1,
      {
        ok: false,
        error_code: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: -1009001 },
      },
      (call) => Number(call.payload.chat_id) === -1001,
    );
    await queue([
      { chatId: -1001, text: "a" },
      { chatId: -1001, text: "b" },
    ]);
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 2, failed: 0 });
    // The first call, refused, is recorded too.
    expect(sentByChat(world.telegram)).toEqual(
      new Map([
        [-1001, ["a"]],
        [-1009001, ["a", "b"]],
      ]),
    );
    const chats = await world.db.selectFrom("chats").selectAll().orderBy("id").execute();
    expect(chats.map((c) => [c.id, c.bind_all, c.active, c.type])).toEqual([
      [-1009001, 1, 1, "supergroup"],
      [-1001, 0, 0, "supergroup"],
    ]);
  });

  it("sends at most 20 a minute into one group, without holding up private chats", async () => {
    // One at a time, for the exact order (several in flight, the private message goes beside the first).
    outbox = new Outbox(world.db, world.deps.api, world.deps.log, { ...world.deps.delivery, inFlight: 1 });
    await queue([
      ...Array.from({ length: 25 }, (_, i) => ({ chatId: -1001, text: `g${i}` })),
      { chatId: 7, text: "private" },
    ]);
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 26, pending: 0 });
    // 20 go at once, the private message does not wait for the group, the 21st waits a minute.
    expect(world.clock.sleeps).toEqual([60_000]);
    const order = world.telegram.callsOf("sendMessage").map((c) => c.payload.text);
    expect(order.slice(0, 21)).toEqual([...Array.from({ length: 20 }, (_, i) => `g${i}`), "private"]);
    expect(order.slice(21)).toEqual(["g20", "g21", "g22", "g23", "g24"]);
  });

  it("counts a group's last minute across runs", async () => {
    await queue(
      Array.from({ length: 15 }, (_, i) => ({ chatId: -1001, text: `a${i}` })),
      "test",
      "k1",
    );
    await outbox.drain("test", "k1");
    world.clock.set("2026-06-01T01:00:30.000Z");
    await queue(
      Array.from({ length: 10 }, (_, i) => ({ chatId: -1001, text: `b${i}` })),
      "test",
      "k2",
    );
    await outbox.drain("test", "k2");
    // 5 more fit in the minute that began at T0; the 6th waits until T0 + 60 s, i.e. 30 s.
    expect(world.clock.sleeps).toEqual([30_000]);
  });

  it("paces everything to 30 messages a second", async () => {
    await queue(Array.from({ length: 65 }, (_, i) => ({ chatId: 1000 + i, text: "x" })));
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 65 });
    expect(world.clock.sleeps).toEqual([1000, 1000]);
  });

  it("counts a call's second from its answer, so a slow call and a fast one never share Telegram's second", async () => {
    // Telegram counts a call when it arrives: here the first takes 50 ms to get there, the others no time.
    const limit = telegramRateLimit({ now: () => world.clock.now().getTime() });
    world.telegram.hooks.push(limit);
    let slow = 1;
    const latency = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (slow-- > 0) world.clock.set(new Date(world.clock.now().getTime() + 50));
      return world.telegram.fetch(input, init);
    }) as typeof fetch;
    const api = createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: latency });
    outbox = new Outbox(world.db, api, world.deps.log, world.deps.delivery);
    await queue(Array.from({ length: 31 }, (_, i) => ({ chatId: 1000 + i, text: "x" })));
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 31 });
    // The 31st waits for a second after the first was answered (T0 + 50 ms), not after it was made: counted
    // from T0 it would arrive 50 ms too early, get a 429 and wait a whole second more.
    expect(world.clock.sleeps).toEqual([1000]);
    expect(limit.rejected).toBe(0);
  });

  it("two runs draining at once through the process's one outbox share the 30 a second", async () => {
    const limit = telegramRateLimit({ now: () => world.clock.now().getTime() });
    world.telegram.hooks.push(limit);
    await queue(
      Array.from({ length: 40 }, (_, i) => ({ chatId: 1000 + i, text: "a" })),
      "jobA",
      "k",
    );
    await queue(
      Array.from({ length: 40 }, (_, i) => ({ chatId: 2000 + i, text: "b" })),
      "jobB",
      "k",
    );
    const [a, b] = await Promise.all([outbox.drain("jobA", "k"), outbox.drain("jobB", "k")]);
    expect([a.sent, b.sent]).toEqual([40, 40]);
    expect(limit.rejected).toBe(0);
  });

  it("after a crash, rows claimed but never sent go at once; a row that was on the wire waits for its lease", async () => {
    await queue([
      { chatId: 1, text: "claimed" },
      { chatId: 2, text: "on the wire" },
    ]);
    // What a killed drainer leaves: both leased five minutes ahead, the second marked as sending.
    const lease = new Date(world.clock.now().getTime() + 300_000).toISOString();
    await world.db.updateTable("outbox").set({ next_attempt_at: lease }).execute();
    await world.db.updateTable("outbox").set({ sending_at: T0 }).where("chat_id", "=", 2).execute();
    expect(await releaseOutboxClaims(world.db, world.clock.now())).toBe(1);
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 1, pending: 1 });
    expect(sentByChat(world.telegram)).toEqual(new Map([[1, ["claimed"]]]));
    world.clock.set(new Date(Date.parse(lease)));
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 2, pending: 0 });
    expect((await rows()).map((r) => r.sending_at)).toEqual([null, null]);
  });

  it("a drainer whose claim was taken back does not send the row", async () => {
    await queue([{ chatId: 1, text: "once" }]);
    // Between this drainer's claim and its send, a restarted process takes the row back and another drainer
    // claims it (a new lease).
    const internals = outbox as unknown as { claim(id: number): Promise<unknown> };
    const claim = internals.claim.bind(outbox);
    internals.claim = async (id) => {
      const row = await claim(id);
      await releaseOutboxClaims(world.db, new Date(world.clock.now().getTime() - 1));
      const otherLease = new Date(world.clock.now().getTime() + 400_000).toISOString();
      await world.db.updateTable("outbox").set({ next_attempt_at: otherLease }).execute();
      return row;
    };
    expect(await outbox.drain("test", "k")).toMatchObject({ sent: 0, pending: 1 });
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(0);
    expect((await rows())[0]?.sending_at).toBeNull();
  });

  it("two drainers at once send each row once (rows are claimed before they are sent)", async () => {
    await queue(Array.from({ length: 10 }, (_, i) => ({ chatId: 1000 + i, text: `m${i}` })));
    const other = new Outbox(world.db, world.deps.api, world.deps.log, world.deps.delivery);
    await Promise.all([outbox.drain("test", "k"), other.drain("test", "k")]);
    const texts = world.telegram.callsOf("sendMessage").map((c) => c.payload.text);
    expect(texts.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
  });

  describe("several sends in flight", () => {
    /**
     * An Api whose calls spend time on the wire: each waits a turn of the event loop on its way to Telegram and
     * back (so several overlap) and moves the fake clock on by `latency(n)` ms each way; it counts the calls in
     * flight, overall and per chat.
     */
    const wire = (latency: (n: number) => [there: number, back: number] = () => [0, 0]) => {
      const seen = { inFlight: 0, most: 0, perChat: new Map<number, number>(), mostPerChat: 0 };
      const advance = (ms: number) => world.clock.set(new Date(world.clock.now().getTime() + ms));
      const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
      let n = 0;
      const onTheWire = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const chat = Number(JSON.parse(String(init?.body)).chat_id);
        const [there, back] = latency(n++);
        seen.inFlight += 1;
        seen.most = Math.max(seen.most, seen.inFlight);
        seen.perChat.set(chat, (seen.perChat.get(chat) ?? 0) + 1);
        seen.mostPerChat = Math.max(seen.mostPerChat, seen.perChat.get(chat)!);
        try {
          await turn();
          advance(there);
          const response = await world.telegram.fetch(input, init);
          await turn();
          advance(back);
          return response;
        } finally {
          seen.inFlight -= 1;
          seen.perChat.set(chat, seen.perChat.get(chat)! - 1);
        }
      }) as typeof fetch;
      const api = createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: onTheWire });
      outbox = new Outbox(world.db, api, world.deps.log, world.deps.delivery);
      return seen;
    };

    /** Sends Telegram accepted (past every hook before this one), with the fake time they arrived. */
    const accepted = () => {
      const sends: { chatId: number; text: string; at: number }[] = [];
      world.telegram.hooks.push((call) => {
        if (call.method === "sendMessage")
          sends.push({
            chatId: Number(call.payload.chat_id),
            text: String(call.payload.text),
            at: world.clock.now().getTime(),
          });
        return undefined;
      });
      return sends;
    };

    it("sends one message per chat at a time: a split message's parts and a group's messages in order", async () => {
      const long = Array.from({ length: 1500 }, (_, i) => `第${i + 1}条：本月需提交社情民意信息一篇。`).join(
        "\n",
      );
      const parts = splitMessage(long);
      expect(parts.length).toBeGreaterThan(3);
      // The first part's first try fails: the later parts wait for it rather than overtake it.
      failFirst(
        1,
        { ok: false, error_code: 502, description: "Bad Gateway" },
        (c) => c.payload.chat_id === 1,
      );
      const sends = accepted();
      const seen = wire();
      await queue([
        { chatId: 1, text: long },
        ...Array.from({ length: 25 }, (_, i) => ({ chatId: -1001, text: `g${i}` })),
        ...Array.from({ length: 9 }, (_, i) => ({ chatId: 2 + i, text: `p${i}` })),
      ]);
      const result = await outbox.drain("test", "k");
      expect(result).toMatchObject({ sent: parts.length + 25 + 9, failed: 0, pending: 0 });
      expect(seen.most).toBe(8);
      expect(seen.mostPerChat).toBe(1);
      const to = (chatId: number) => sends.filter((s) => s.chatId === chatId);
      expect(to(1).map((s) => s.text)).toEqual(parts);
      expect(to(-1001).map((s) => s.text)).toEqual(Array.from({ length: 25 }, (_, i) => `g${i}`));
      // Still 20 a minute into the group: the 21st a minute after the first.
      expect(to(-1001)[20]!.at - to(-1001)[0]!.at).toBe(60_000);
      // One wait at a time: the retry's backoff, then the rest of the group's minute.
      expect(world.clock.sleeps).toEqual([1000, 59_000]);
    });

    it("never lets 31 calls arrive within one second, however long each takes on the wire", async () => {
      const limit = telegramRateLimit({ now: () => world.clock.now().getTime() });
      world.telegram.hooks.push(limit);
      // 0–12 ms to Telegram and 0–12 ms back, varying from call to call: the calls of eight in flight move the
      // shared clock fast enough to fill every second.
      const seen = wire((n) => [(n * 7) % 13, (n * 5) % 13]);
      await queue(Array.from({ length: 200 }, (_, i) => ({ chatId: 1000 + i, text: "x" })));
      expect(await outbox.drain("test", "k")).toMatchObject({ sent: 200, pending: 0 });
      expect(seen.most).toBe(8);
      expect(limit.accepted).toBe(200);
      expect(limit.rejected).toBe(0);
    });

    it("a 429 pauses every sender, once, not each of them in turn", async () => {
      const tooMany: ApiReply = {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 5",
        parameters: { retry_after: 5 },
      };
      failFirst(2, tooMany);
      const sends = accepted();
      const seen = wire();
      await queue(Array.from({ length: 30 }, (_, i) => ({ chatId: 1000 + i, text: `m${i}` })));
      expect(await outbox.drain("test", "k")).toMatchObject({ sent: 30, pending: 0, deferred: false });
      expect(seen.most).toBe(8);
      expect(world.clock.sleeps).toEqual([5000]);
      // Only the calls already on the wire when the 429s came went out before the pause was over.
      const early = sends.filter((s) => s.at < Date.parse(T0) + 5000);
      expect(early.length).toBeLessThanOrEqual(6);
      expect(sends.length - early.length).toBeGreaterThanOrEqual(24);
      expect(sends.map((s) => s.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`).sort());
      // The two calls refused were whichever two reached the wire first; each was tried again once.
      const attempts = (await rows()).map((r) => r.attempts);
      expect(attempts.filter((a) => a === 2)).toHaveLength(2);
      expect(attempts.filter((a) => a === 1)).toHaveLength(28);
    });

    it("a failing query stops the drain only once the sends on the wire are answered and marked", async () => {
      const seen = wire();
      await queue(Array.from({ length: 12 }, (_, i) => ({ chatId: -1001 - i, text: `g${i}` })));
      const groupWait = outbox.groupWait.bind(outbox);
      let asked = 0;
      outbox.groupWait = async (chatId) => {
        if (++asked === 5) throw new Error("database is locked");
        return groupWait(chatId);
      };
      await expect(outbox.drain("test", "k")).rejects.toThrow("database is locked");
      expect(seen.inFlight).toBe(0);
      const sent = world.telegram.callsOf("sendMessage").map((c) => Number(c.payload.chat_id));
      // Four rows were picked before the fifth query failed; one not yet on the wire is not sent, but given back.
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.length).toBeLessThanOrEqual(4);
      const after = await rows();
      expect(after.filter((r) => r.status === "sent").map((r) => r.chat_id)).toEqual(sent);
      expect(after.filter((r) => r.status === "pending" && r.next_attempt_at > T0)).toEqual([]);
    });

    it("a long 429 stops the drain: what was on the wire is sent, the rest goes once on a later run", async () => {
      failFirst(1, {
        ok: false,
        error_code: 429,
        description: "Too Many Requests",
        parameters: { retry_after: 3600 },
      });
      const sends = accepted();
      wire();
      await queue(Array.from({ length: 30 }, (_, i) => ({ chatId: 1000 + i, text: `m${i}` })));
      const first = await outbox.drain("test", "k");
      expect(first).toMatchObject({ deferred: true, failed: 0 });
      expect(first.sent).toBe(sends.length);
      expect(first.sent).toBeLessThanOrEqual(7);
      expect(first.pending).toBe(30 - first.sent);
      expect(world.clock.sleeps).toEqual([]);
      // No row is left held by this drain (leased for minutes): every one is due when Telegram allows.
      const pending = (await rows()).filter((r) => r.status === "pending");
      expect(pending.every((r) => r.next_attempt_at <= "2026-06-01T02:00:00.000Z")).toBe(true);
      world.clock.set("2026-06-01T02:00:00.000Z");
      expect(await outbox.drain("test", "k")).toMatchObject({ sent: 30, pending: 0, deferred: false });
      expect(sends.map((s) => s.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`).sort());
    });
  });
});
