// Writes a report the way a person does: drives /new through every step of the guided conversation over the
// webhook and (optionally) submits it. Buttons are found by their callback data, so any language works.
import { nextStep } from "../../src/domain/draft";
import type { ChatUser, Harness } from "./harness";
import { flowData } from "./report-script";

export interface WriteReportOptions {
  title?: string;
  /** Index into the committee's categories (settings.categories). */
  categoryIndex?: number;
  /** Each part is sent as its own message. */
  situation?: string[];
  /** Text of the analysis section (added from the preview); undefined leaves it out. */
  analysis?: string;
  suggestions?: string[];
  /** Photos to attach, by their file_unique_id (file_id is "photo-<id>"). */
  photos?: string[];
  /** Names of co-authors to find and pick (each must be bound). */
  coauthors?: string[];
  urgent?: boolean;
  /** Press Submit at the preview (and "submit anyway" if similar reports are shown). Default true. */
  submit?: boolean;
}

export interface WrittenReport {
  draftId: number;
  /** Set when submitted. */
  reportId: number | undefined;
}

/** The callback data of the last button (in the last message with buttons) whose data matches. */
export function buttonWhere(user: ChatUser, matches: (data: string, label: string) => boolean): string {
  const found = user
    .lastButtons()
    .filter(([label, data]) => matches(data, label))
    .at(-1);
  if (!found) throw new Error(`no matching button in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

/** The callback data of the last button whose label contains `label`. */
export function buttonLabelled(user: ChatUser, label: string): string {
  return buttonWhere(user, (_data, text) => text.includes(label));
}

export async function writeReport(
  h: Harness,
  user: ChatUser,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const {
    title = "关于加强农村饮水安全管理的建议",
    categoryIndex = 0,
    situation = ["某村饮水困难，涉及1,200人。"],
    analysis,
    suggestions = ["一、建立水质定期检测制度。", "二、加大财政投入。"],
    photos = [],
    coauthors = [],
    urgent = false,
    submit = true,
  } = options;
  await user.send("/new");
  const person = await h.db
    .selectFrom("people")
    .select("id")
    .where("telegram_id", "=", user.id)
    .executeTakeFirstOrThrow();
  const draft = await h.db
    .selectFrom("drafts")
    .select("id")
    .where("person_id", "=", person.id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const sub = (...parts: (string | number)[]) => flowData(draft.id, parts.join(":"));

  await user.send(title);
  await user.press(sub("cat", categoryIndex));
  for (const part of situation) await user.send(part);
  await user.press(sub("done", "situation"));
  // The first suggestions lead to the preview; more text sent there is added to them.
  for (const part of suggestions) await user.send(part);
  // The optional parts are reached from the preview.
  if (analysis !== undefined) {
    await user.press(sub("edit", "analysis"));
    await user.send(analysis);
    await user.press(sub("done", "analysis"));
  }
  for (const photo of photos) await user.sendPhoto(photo);
  if (coauthors.length > 0) {
    await user.press(sub("edit", "coauthors"));
    for (const name of coauthors) {
      await user.send(name);
      await user.press(
        buttonWhere(user, (data, label) => data.startsWith(`r1:${draft.id}:a:+`) && label.includes(name)),
      );
    }
    await user.press(sub("done", "coauthors"));
  }
  if (urgent) await user.press(sub("urgent", 1));

  const written = await h.db
    .selectFrom("drafts")
    .selectAll()
    .where("id", "=", draft.id)
    .executeTakeFirstOrThrow();
  if (nextStep(written) !== "preview")
    throw new Error(`draft ${draft.id} stopped at ${nextStep(written)}: ${user.lastText()}`);

  let reportId: number | undefined;
  if (submit) {
    await user.press(sub("submit"));
    reportId = await submittedReportOf(h, draft.id);
    if (reportId === undefined) {
      await user.press(sub("submit!"));
      reportId = await submittedReportOf(h, draft.id);
    }
    if (reportId === undefined) throw new Error(`draft ${draft.id} was not submitted: ${user.lastText()}`);
  }
  return { draftId: draft.id, reportId };
}

async function submittedReportOf(h: Harness, draftId: number): Promise<number | undefined> {
  const row = await h.db
    .selectFrom("drafts")
    .select("submitted_report_id")
    .where("id", "=", draftId)
    .executeTakeFirst();
  return row?.submitted_report_id ?? undefined;
}
