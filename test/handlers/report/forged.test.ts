// Presses naming someone else's draft, forged by hand: answered exactly as a press naming no draft at all, so
// they neither change the draft nor tell the presser that it exists.
import { beforeEach, describe, expect, it } from "vitest";
import type { FlowPress } from "../../../src/domain/report-flow";
import { flowButton } from "../../../src/handlers/report/callback-data";
import { type ChatUser, Harness } from "../../support/harness";
import { seedBasicRoster } from "../../support/roster";
import { draftsButtons } from "../../../src/handlers/report/drafts-callback-data";

const NO_SUCH_DRAFT = 999_999;

const PRESSES: FlowPress[] = [
  { action: "category", index: 0, mark: "zzzz" },
  { action: "done", step: "situation" },
  { action: "skip" },
  { action: "keep" },
  { action: "clear-attachments" },
  { action: "coauthor", personId: 1, add: true },
  { action: "urgent", urgent: true },
  { action: "submit", anyway: true },
  { action: "submit", anyway: false },
  { action: "back" },
  { action: "edit", step: "title" },
  { action: "save" },
  { action: "cancel" },
  { action: "cancel-discard" },
];

describe("a forged press naming someone else's draft", () => {
  let h: Harness;
  let owner: ChatUser;
  let presser: ChatUser;
  let ownerDraft: number;

  const draftRow = () =>
    h.db.selectFrom("drafts").selectAll().where("id", "=", ownerDraft).executeTakeFirst();

  /** What the presser is told for `data`: every text and alert the bot sends them for this one press. */
  const answerTo = async (data: string): Promise<string[]> => {
    const before = presser.texts().length;
    await presser.press(data);
    return presser.texts().slice(before);
  };

  beforeEach(async () => {
    h = await Harness.create();
    const users = await seedBasicRoster(h);
    owner = users.standing;
    presser = users.member;
    await owner.send("/new");
    await owner.send("关于加强农村饮水安全管理的建议");
    ownerDraft = (await h.db.selectFrom("drafts").select("id").executeTakeFirstOrThrow()).id;
  });

  for (const presserWriting of [true, false])
    it(`is refused like a press for no draft (presser ${presserWriting ? "writing their own" : "not writing"})`, async () => {
      if (presserWriting) {
        await presser.send("/new");
        await presser.send("关于改善乡村道路照明的建议");
      }
      const before = await draftRow();
      for (const press of PRESSES) {
        const forged = await answerTo(flowButton(ownerDraft, press));
        const nowhere = await answerTo(flowButton(NO_SUCH_DRAFT, press));
        expect(forged, JSON.stringify(press)).toEqual(nowhere);
        expect(forged.length, JSON.stringify(press)).toBeGreaterThan(0);
      }
      for (const action of ["open", "delete", "delete-confirmed"] as const)
        expect(await answerTo(draftsButtons.encode({ action, draftId: ownerDraft }))).toEqual(
          await answerTo(draftsButtons.encode({ action, draftId: NO_SUCH_DRAFT })),
        );
      expect(await answerTo(`sub:${ownerDraft}:done:situation`)).toEqual(
        await answerTo(`sub:${NO_SUCH_DRAFT}:done:situation`),
      );
      expect(await draftRow()).toEqual(before);
    });
});
