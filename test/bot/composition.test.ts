// src/bot/composition.ts against grammY's own composition: the same scenarios run with both, and must leave the
// same trace (what ran, in which order, what was thrown).
import { Api, Composer, Context, type Middleware } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";

const grammys = { use: Composer.prototype.use, branch: Composer.prototype.branch };
await import("../../src/bot/composition");
const ours = { use: Composer.prototype.use, branch: Composer.prototype.branch };

function composeWith(which: typeof grammys): void {
  Composer.prototype.use = which.use;
  Composer.prototype.branch = which.branch;
}
afterEach(() => composeWith(ours));

const ME = {
  id: 1,
  is_bot: true,
  first_name: "Minyi",
  username: "minyi_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

const from = { id: 7, is_bot: false, first_name: "张明" };
const UPDATES: Record<string, Update> = {
  command: {
    update_id: 1,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 7, type: "private", first_name: "张明" },
      from,
      text: "/help me",
      entities: [{ type: "bot_command", offset: 0, length: 5 }],
    },
  },
  text: {
    update_id: 2,
    message: {
      message_id: 2,
      date: 0,
      chat: { id: 7, type: "private", first_name: "张明" },
      from,
      text: "你好",
    },
  },
  group: {
    update_id: 3,
    message: {
      message_id: 3,
      date: 0,
      chat: { id: -5, type: "supergroup", title: "组" },
      from,
      text: "大家好",
    },
  },
  press: {
    update_id: 4,
    callback_query: { id: "q", from, chat_instance: "c", data: "menu:my" },
  },
};

type Scenario = (trace: string[]) => Composer<Context>;

/** Runs `scenario` for each update with the given composition; the trace, with how each run ended. */
async function traceOf(which: typeof grammys, scenario: Scenario): Promise<string[]> {
  composeWith(which);
  const trace: string[] = [];
  const root = scenario(trace);
  for (const [name, update] of Object.entries(UPDATES)) {
    trace.push(`-- ${name}`);
    const ctx = new Context(update, new Api("0:test"), ME);
    try {
      await root.middleware()(ctx, async () => {
        trace.push("outer next");
      });
      trace.push("resolved");
    } catch (error) {
      trace.push(`rejected: ${(error as Error).message}`);
    }
  }
  return trace;
}

async function expectSameAsGrammy(scenario: Scenario): Promise<string[]> {
  const expected = await traceOf(grammys, scenario);
  const actual = await traceOf(ours, scenario);
  expect(actual).toEqual(expected);
  return actual;
}

const note =
  (trace: string[], label: string, goOn = true): Middleware<Context> =>
  async (_ctx, next) => {
    trace.push(label);
    if (goOn) await next();
    trace.push(`${label} after`);
  };

describe("middleware composition", () => {
  it("runs features and their handlers in order, falling through to what follows", async () => {
    const trace = await expectSameAsGrammy((trace) => {
      const root = new Composer<Context>();
      root.use(note(trace, "first"));
      const feature = new Composer<Context>();
      feature.command("help", note(trace, "help", false));
      feature.on("callback_query:data", note(trace, "press"));
      const privateChat = feature.chatType("private");
      privateChat.on("message:text", note(trace, "private text"));
      root.use(feature);
      root.use(note(trace, "second"), note(trace, "third"));
      root.chatType(["group", "supergroup"]).use(note(trace, "group"));
      return root;
    });
    expect(trace.slice(0, 6)).toEqual([
      "-- command",
      "first",
      "help",
      "help after",
      "first after",
      "resolved",
    ]);
  });

  it("sees middleware added to a feature or to a filter's composer after they were registered", async () => {
    await expectSameAsGrammy((trace) => {
      const root = new Composer<Context>();
      const feature = new Composer<Context>();
      root.use(feature);
      const text = feature.on("message:text");
      root.use(note(trace, "last"));
      text.use(note(trace, "added to the filter later"));
      feature.use(note(trace, "added to the feature later"));
      return root;
    });
  });

  it("takes asynchronous and non-boolean predicates as grammY does", async () => {
    await expectSameAsGrammy((trace) => {
      const root = new Composer<Context>();
      root.filter(async (ctx) => ctx.chat?.type === "private", note(trace, "async private"));
      root.filter((ctx) => (ctx.callbackQuery?.data as unknown as boolean) ?? false, note(trace, "has data"));
      root.branch((ctx) => ctx.message?.text === "你好", note(trace, "hello"), note(trace, "not hello"));
      root.drop((ctx) => ctx.chat?.type === "supergroup", note(trace, "not a supergroup"));
      return root;
    });
  });

  it("refuses next called twice, and passes on errors thrown at once or later, to an error boundary too", async () => {
    const trace = await expectSameAsGrammy((trace) => {
      const root = new Composer<Context>();
      root.command("help", async (_ctx, next) => {
        await next();
        await next();
      });
      root.hears("你好", () => {
        throw new Error("thrown at once");
      });
      root.chatType("supergroup").use(() => Promise.reject(new Error("rejected later")));
      root
        .errorBoundary((error) => {
          trace.push(`boundary: ${(error.error as Error).message}`);
        })
        .on("callback_query", () => {
          throw new Error("inside the boundary");
        });
      return root;
    });
    expect(trace).toContain("rejected: `next` already called before!");
    expect(trace).toContain("rejected: thrown at once");
    expect(trace).toContain("rejected: rejected later");
    expect(trace).toContain("boundary: inside the boundary");
  });
});
