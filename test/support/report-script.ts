// A report as a person writes it, step by step, as raw Telegram updates: what they will type and press, and
// what the stored report must then hold. Chaos tests deliver these steps through faults and compare at the end.
import type { Update } from "grammy/types";
import type { Step } from "../../src/domain/draft";
import { categoryMark, type FlowPress } from "../../src/domain/report-flow";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { flowButton } from "../../src/handlers/report/callback-data";
import { type Dice, paragraph, type Typist } from "./chaos";

export interface ReportPlan {
  tag: string;
  title: string;
  categoryIndex: number;
  situation: string[];
  /** undefined: the analysis step is skipped. */
  analysis: string[] | undefined;
  suggestions: string[];
  photos: string[];
  coauthor: { name: string; personId: number } | undefined;
  urgent: boolean;
}

export function planReport(
  dice: Dice,
  tag: string,
  coauthors: readonly { name: string; personId: number }[],
): ReportPlan {
  const parts = (min: number, max: number, section: string) =>
    Array.from({ length: dice.int(min, max) }, (_, i) => paragraph(dice, `${tag}${section}${i + 1}`));
  return {
    tag,
    title: `关于${tag}${dice.pick(["改善", "加强", "规范", "解决"])}${dice.pick(["供水", "交通", "养老", "教育"])}问题的建议`,
    categoryIndex: dice.int(0, 5),
    situation: parts(1, 3, "情况"),
    analysis: dice.chance(0.5) ? parts(1, 2, "分析") : undefined,
    suggestions: parts(1, 2, "建议"),
    photos: Array.from({ length: dice.int(0, 2) }, (_, i) => `${tag}-photo-${i + 1}`),
    coauthor: coauthors.length > 0 && dice.chance(0.4) ? dice.pick(coauthors) : undefined,
    urgent: dice.chance(0.3),
  };
}

export interface ScriptStep {
  label: string;
  /** Built once, on first delivery, so a redelivery is the very same update. */
  make(draftId: number | undefined): Update;
}

/** The updates that write `plan`, ending with Submit (the runner adds "submit anyway" if asked). */
export function reportSteps(typist: Typist, plan: ReportPlan): ScriptStep[] {
  const sub = (draftId: number | undefined, ...parts: (string | number)[]) =>
    flowData(draftId, parts.join(":"));
  const text = (label: string, value: string): ScriptStep => ({ label, make: () => typist.text(value) });
  const press = (label: string, ...parts: (string | number)[]): ScriptStep => ({
    label,
    make: (draftId) => typist.press(sub(draftId, ...parts)),
  });
  const steps: ScriptStep[] = [text("/new", "/new"), text("title", plan.title)];
  steps.push(press("category", "cat", plan.categoryIndex));
  for (const [i, p] of plan.situation.entries()) steps.push(text(`situation ${i + 1}`, p));
  steps.push(press("situation done", "done", "situation"));
  // The first suggestions lead to the preview; more text sent there is added to them.
  for (const [i, p] of plan.suggestions.entries()) steps.push(text(`suggestions ${i + 1}`, p));
  // Analysis, attachments, co-authors and urgency are optional, reached from the preview.
  if (plan.analysis) {
    steps.push(press("analysis", "edit", "analysis"));
    for (const [i, p] of plan.analysis.entries()) steps.push(text(`analysis ${i + 1}`, p));
    steps.push(press("analysis done", "done", "analysis"));
  }
  for (const photo of plan.photos) steps.push({ label: `photo ${photo}`, make: () => typist.photo(photo) });
  if (plan.coauthor) {
    const { name, personId } = plan.coauthor;
    steps.push(press("co-authors", "edit", "coauthors"));
    steps.push(text("co-author search", name.slice(0, 1)));
    steps.push(press("co-author pick", "co+", personId));
    steps.push(press("co-authors done", "done", "coauthors"));
  }
  if (plan.urgent) steps.push(press("urgent", "urgent", 1));
  steps.push(press("submit", "submit"));
  return steps;
}

/** The stored report's text as the plan says it was typed. */
export function expectedReport(plan: ReportPlan, categories: readonly string[]) {
  return {
    title: plan.title,
    category: categories[plan.categoryIndex],
    situation: plan.situation.join("\n"),
    analysis: plan.analysis ? plan.analysis.join("\n") : "",
    suggestions: plan.suggestions.join("\n"),
    urgent: plan.urgent ? 1 : 0,
  };
}

/**
 * The report flow's callback data for a press written the short way ("cat:2", "done:situation", "submit!",
 * "co+:7", "urgent:1", "edit:title", "discard"), categories as in the default settings.
 */
export function flowData(draftId: number | undefined, short: string): string {
  if (draftId === undefined) throw new Error("draft id not known yet");
  const [action = "", arg] = short.split(":");
  const step = (s: string | undefined) => s as Step;
  const press: FlowPress | undefined = (() => {
    switch (action) {
      case "cat": {
        const index = Number(arg);
        const category = DEFAULT_SETTINGS.categories[index] ?? "";
        return { action: "category", index, mark: categoryMark(category) };
      }
      case "done":
        return { action: "done", step: step(arg) };
      case "skip":
        return { action: "skip" };
      case "co+":
      case "co-":
        return { action: "coauthor", personId: Number(arg), add: action === "co+" };
      case "urgent":
        return { action: "urgent", urgent: arg === "1" };
      case "submit":
      case "submit!":
        return { action: "submit", anyway: action === "submit!" };
      case "edit":
        return arg === undefined ? { action: "edit" } : { action: "edit", step: step(arg) };
      case "discard":
        return { action: "cancel-discard" };
      case "keep":
        return { action: "cancel-keep" };
      case "continue":
        return { action: "cancel-continue" };
      case "back":
        return { action: "back" };
      case "save":
        return { action: "save" };
      default:
        return undefined;
    }
  })();
  if (!press) throw new Error(`no such press: ${short}`);
  return flowButton(draftId, press);
}
