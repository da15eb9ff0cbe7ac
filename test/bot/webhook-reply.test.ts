// Through the webhook, a button's answer (answerCallbackQuery) or the report flow's previous question's removal
// (deleteMessage) rides in the webhook's response, which Telegram makes itself: one Bot API request less. The response still leaves only once the update is handled
// and its writes are durable; in long polling the answer goes over HTTP as before.
import { describe, expect, it } from "vitest";
import type { Durability } from "../../src/db/durability";
import { WEBHOOK_PATH } from "../../src/server";
import { Harness, TEST_SECRET } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

describe("a button's answer in the webhook's response", () => {
  it("is the response's body, made by Telegram, and not a request of its own", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    await member.send("/my");
    const press = pressOf(member.id, member.buttonData(member.lastButtons()[0]![0]));
    const before = h.telegram.calls.length;
    const response = await post(h, press);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(JSON.parse(await response.text())).toMatchObject({
      method: "answerCallbackQuery",
      callback_query_id: press.callback_query.id,
    });
    expect(h.telegram.calls.slice(before).map((c) => c.method)).not.toContain("answerCallbackQuery");
  });

  it("leaves only once the update is handled and its writes are durable", async () => {
    const pending: (() => void)[] = [];
    let hold = false;
    const durability: Durability = {
      barrier: () => (hold ? new Promise<void>((resolve) => pending.push(resolve)) : Promise.resolve()),
    };
    const h = await Harness.create({ durability });
    const { member } = await seedBasicRoster(h);
    await member.send("/my");
    const press = pressOf(member.id, member.buttonData(member.lastButtons()[0]![0]));
    hold = true;
    let answered = false;
    const response = post(h, press).then((r) => {
      answered = true;
      return r;
    });
    // Each barrier (before each Bot API call, and the last one before the 200) is let go in turn: the response
    // never leaves while one is waiting.
    let barriers = 0;
    for (let quiet = 0; quiet < 10 && !answered; ) {
      await new Promise((r) => setTimeout(r, 10));
      const next = pending.shift();
      if (!next) {
        quiet++;
        continue;
      }
      expect(answered, `answered before barrier ${barriers + 1} was let go`).toBe(false);
      barriers++;
      next();
    }
    expect(barriers).toBeGreaterThanOrEqual(2);
    expect(answered).toBe(true);
    expect(JSON.parse(await (await response).text()).method).toBe("answerCallbackQuery");
  });

  it("a report-flow question's removal rides in the response once the next question is sent", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    await member.send("/new");
    const old = await h.db.selectFrom("drafts").select("live_message_id").executeTakeFirstOrThrow();
    const before = h.telegram.calls.length;
    const response = await post(h, {
      update_id: 770_002,
      message: member.message({ text: "关于加强农村饮水安全管理的建议" }),
    });
    expect(JSON.parse(await response.text())).toEqual({
      method: "deleteMessage",
      chat_id: member.id,
      message_id: old.live_message_id,
    });
    const calls = h.telegram.calls.slice(before).map((c) => c.method);
    expect(calls).toContain("sendMessage");
    expect(calls).not.toContain("deleteMessage");
  });

  it("a text's answer is a request of its own, and the response is empty", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    const before = h.telegram.calls.length;
    const response = await post(h, {
      update_id: 770_001,
      message: member.message({ text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(h.telegram.calls.slice(before).map((c) => c.method)).toContain("sendMessage");
  });
});

let nextPress = 780_001;
function pressOf(userId: number, data: string) {
  const id = nextPress++;
  return {
    update_id: id,
    callback_query: {
      id: `cb-${id}`,
      from: { id: userId, is_bot: false, first_name: "Test" },
      chat_instance: "ci",
      data,
      message: {
        message_id: 1000,
        date: 0,
        chat: { id: userId, type: "private" as const, first_name: "Test" },
      },
    },
  };
}

/** The webhook as Telegram posts to it, the response left as it came (Harness.post makes its call). */
async function post(h: Harness, update: object): Promise<Response> {
  return await h.app.request(WEBHOOK_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TEST_SECRET },
    body: JSON.stringify(update),
  });
}
