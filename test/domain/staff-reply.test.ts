import { describe, expect, it } from "vitest";
import {
  type AskedReply,
  NO_REPLY,
  REPLY_TTL_MS,
  type ReplyInput,
  replyTransition,
  type StaffReplyState,
} from "../../src/domain/staff-reply";

const limits = { titleMinLength: 5, titleMaxLength: 60 };
const NOW = Date.parse("2026-05-15T02:00:00Z");

function asked(action: AskedReply["action"], extra: Partial<AskedReply> = {}): AskedReply {
  return {
    action,
    subjectId: 7,
    version: 3,
    level: null,
    pieceId: null,
    cardMessageId: 500,
    askedAt: NOW - 60_000,
    ...extra,
  };
}
const waiting = (a: AskedReply, appliedMessageId: number | null = null): StaffReplyState => ({
  asked: a,
  waiting: true,
  appliedMessageId,
});
const text = (t: string, messageId = 20, family: "report" | "issue" = "report"): ReplyInput => ({
  kind: "text",
  text: t,
  messageId,
  family,
});
const run = (state: StaffReplyState, input: ReplyInput) => replyTransition(state, input, limits, NOW);

describe("a staff member's typed reply as a step machine", () => {
  it("asking replaces any reply still owed and asks the question", () => {
    const first = run(NO_REPLY, { kind: "ask", asked: asked("instruct", { level: "city" }) });
    expect(first).toEqual({
      state: { asked: asked("instruct", { level: "city" }), waiting: true, appliedMessageId: null },
      say: [{ kind: "question" }],
    });
    const second = run(first.state!, { kind: "ask", asked: asked("transfer", { subjectId: 8 }) });
    expect(second.state).toEqual({
      asked: asked("transfer", { subjectId: 8 }),
      waiting: true,
      appliedMessageId: null,
    });
    // The text then answers the second question only.
    expect(run(second.state!, text("县水利局")).effect).toEqual({
      kind: "record",
      reportId: 8,
      version: 3,
      events: [{ kind: "transferred", department: "县水利局" }],
    });
  });

  it("a typed reason returns the report at the version shown, clears the reply and remembers the message", () => {
    expect(run(waiting(asked("return")), text("  数据来源不清，请补充。 ", 21))).toEqual({
      state: { asked: asked("return"), waiting: false, appliedMessageId: 21 },
      effect: {
        kind: "record",
        reportId: 7,
        version: 3,
        events: [{ kind: "returned", note: "数据来源不清，请补充。" }],
      },
      say: [{ kind: "outcome" }],
    });
  });

  it("the same message again (a redelivery), or an older one, records nothing", () => {
    const answered: StaffReplyState = { asked: asked("return"), waiting: false, appliedMessageId: 21 };
    expect(run(answered, text("数据来源不清", 21))).toEqual({ say: [{ kind: "duplicate" }] });
    expect(run(answered, text("数据来源不清", 19))).toEqual({ say: [{ kind: "duplicate" }] });
    // A later message is ordinary chat again.
    expect(run(answered, text("谢谢", 22))).toEqual({ say: [{ kind: "pass" }] });
  });

  it("a 批示 and a 阅批 carry their level; one with no level is stale", () => {
    expect(run(waiting(asked("instruct", { level: "city" })), text("请认真研究。")).effect).toEqual({
      kind: "record",
      reportId: 7,
      version: 3,
      events: [{ kind: "instructed", level: "city", note: "请认真研究。" }],
    });
    expect(run(waiting(asked("read", { level: "county" })), text("已阅。")).effect).toMatchObject({
      events: [{ kind: "read", level: "county", note: "已阅。" }],
    });
    const stale = run(waiting(asked("instruct")), text("请认真研究。"));
    expect(stale.effect).toBeUndefined();
    expect(stale.state?.waiting).toBe(false);
    expect(stale.say).toEqual([{ kind: "message", message: { key: "error-stale-button" } }]);
  });

  it("text that will not do is refused and asked for again, its hour counted anew", () => {
    const a = asked("transfer");
    const twoLines = run(waiting(a), text("县水利局\n县财政局", 30));
    expect(twoLines).toEqual({
      state: { asked: { ...a, askedAt: NOW }, waiting: true, appliedMessageId: 30 },
      say: [{ kind: "message", message: { key: "prompt-one-line" } }],
    });
    expect(run(waiting(a), text("局".repeat(61))).say).toEqual([
      { kind: "message", message: { key: "prompt-too-long", vars: { length: 61, max: 60 } } },
    ]);
    expect(run(waiting(asked("reject")), text("理".repeat(501))).effect).toBeUndefined();
    // An empty note is asked for again, saying what is wanted.
    const empty = { kind: "message", message: { key: "prompt-empty" } };
    for (const action of ["return", "reject", "instruct", "read", "transfer", "reply"] as const) {
      const a = asked(action, { level: "county" });
      expect(run(waiting(a), text(" \n\t ", 31))).toEqual({
        state: { asked: { ...a, askedAt: NOW }, waiting: true, appliedMessageId: 31 },
        say: [empty],
      });
    }
    expect(run(waiting(asked("title")), text("关于")).say).toEqual([
      { kind: "message", message: { key: "submit-title-too-short", vars: { length: 2, min: 5, max: 60 } } },
    ]);
    expect(run(waiting(asked("title")), text(" 关于饮水安全的建议 ")).effect).toEqual({
      kind: "retitle",
      reportId: 7,
      version: 3,
      title: "关于饮水安全的建议",
    });
  });

  it("an issue's title names a piece, or merges the picks into a new combined piece; a 编者按 its piece or the issue", () => {
    const issue = { subjectId: 2, version: 0 };
    expect(run(waiting(asked("issue-title", issue)), text("农村饮水", 20, "issue")).effect).toEqual({
      kind: "combine",
      issueId: 2,
      title: "农村饮水",
    });
    expect(
      run(waiting(asked("issue-title", { ...issue, pieceId: 5 })), text("农村饮水", 20, "issue")).effect,
    ).toEqual({ kind: "piece-title", issueId: 2, pieceId: 5, title: "农村饮水" });
    expect(run(waiting(asked("issue-note", issue)), text("本期聚焦饮水。", 20, "issue")).effect).toEqual({
      kind: "editor-note",
      issueId: 2,
      pieceId: null,
      note: "本期聚焦饮水。",
    });
    expect(run(waiting(asked("issue-note", issue)), text(" ", 20, "issue")).say).toEqual([
      { kind: "message", message: { key: "issue-note-empty" } },
    ]);
    expect(run(waiting(asked("issue-title", issue)), text(" ", 20, "issue")).say).toEqual([
      { kind: "message", message: { key: "prompt-empty" } },
    ]);
  });

  it("each feature takes only the replies it asked for", () => {
    expect(run(waiting(asked("issue-note", { subjectId: 2 })), text("本期聚焦饮水。", 20, "report"))).toEqual(
      {
        say: [{ kind: "pass" }],
      },
    );
    expect(run(waiting(asked("return")), text("原因", 20, "issue"))).toEqual({ say: [{ kind: "pass" }] });
  });

  it("with no reply owed, text, commands and photos pass on unchanged", () => {
    for (const input of [text("你好"), { kind: "command", cancel: true }, { kind: "other" }] as ReplyInput[])
      expect(run(NO_REPLY, input)).toEqual({ say: [{ kind: "pass" }] });
  });

  it("/cancel leaves the reply and says so; another command leaves it silently and goes on", () => {
    const a = asked("reject");
    expect(run(waiting(a), { kind: "command", cancel: true })).toEqual({
      state: { asked: a, waiting: false, appliedMessageId: null },
      say: [{ kind: "message", message: { key: "prompt-cancelled" } }],
    });
    expect(run(waiting(a), { kind: "command", cancel: false })).toEqual({
      state: { asked: a, waiting: false, appliedMessageId: null },
      say: [{ kind: "pass" }],
    });
  });

  it("the Cancel button leaves the reply it was asked for; under an older or answered question it is stale", () => {
    const a = asked("return");
    const press = { kind: "cancel-press", action: "return", subjectId: 7 } as const;
    expect(run(waiting(a), press)).toEqual({
      state: { asked: a, waiting: false, appliedMessageId: null },
      say: [{ kind: "message", message: { key: "prompt-cancelled" } }],
    });
    const stale = { say: [{ kind: "message", message: { key: "error-stale-button" } }] };
    // Replaced by a question about another report, answered, too late, or nothing owed.
    expect(run(waiting(asked("return", { subjectId: 8 })), press)).toEqual(stale);
    expect(run(waiting(asked("reject")), press)).toEqual(stale);
    expect(run({ asked: a, waiting: false, appliedMessageId: 20 }, press)).toEqual(stale);
    expect(run(waiting(asked("return", { askedAt: NOW - REPLY_TTL_MS - 1 })), press)).toEqual(stale);
    expect(run(NO_REPLY, press)).toEqual(stale);
  });

  it("a photo while a reply is owed asks for text, and keeps waiting", () => {
    expect(run(waiting(asked("reject")), { kind: "other" })).toEqual({
      say: [{ kind: "message", message: { key: "prompt-text-only" } }],
    });
  });

  it("a reply after its hour is not taken: the text is told so, once", () => {
    const old = asked("return", { askedAt: NOW - REPLY_TTL_MS - 1 });
    const late = run(waiting(old), text("数据来源不清", 40));
    expect(late).toEqual({
      state: { asked: old, waiting: false, appliedMessageId: 40 },
      say: [{ kind: "message", message: { key: "prompt-expired" } }],
    });
    expect(run(late.state!, text("再试一次", 41))).toEqual({ say: [{ kind: "pass" }] });
    // A command or a photo then is no reply either.
    expect(run(waiting(old), { kind: "other" })).toEqual({ say: [{ kind: "pass" }] });
    expect(run(waiting(old), { kind: "command", cancel: true }).say).toEqual([{ kind: "pass" }]);
    // Exactly an hour is still in time.
    expect(run(waiting(asked("return", { askedAt: NOW - REPLY_TTL_MS })), text("原因")).effect).toBeDefined();
  });
});
