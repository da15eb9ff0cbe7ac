// The set-up's and /settings' buttons: every one Telegram may carry (64 bytes) and read back as it was written.
import { describe, expect, it } from "vitest";
import { readSettingsButton, type SettingsPress, settingsButton } from "../../src/bot/settings-callback";
import { createI18n } from "../../src/bot/i18n";
import { SETTING_ITEMS } from "../../src/domain/settings-words";
import { flowQuestions, questionById } from "../../src/domain/setup";
import { readLocales } from "../../src/node-runtime";

describe("settings buttons", () => {
  const i18n = createI18n(readLocales());
  const t = (key: string, variables?: Record<string, string | number>) => i18n.t("zh", key, variables);

  it("fit in 64 bytes and read back, for every setting and every question's every button", () => {
    const presses: SettingsPress[] = [{ action: "setup" }, { action: "list" }];
    for (const item of SETTING_ITEMS) {
      presses.push({ action: "open", item });
      for (const id of [...flowQuestions(item), ...flowQuestions("setup")]) {
        const question = questionById(id);
        expect(question, id).toBeDefined();
        presses.push({ action: "keep", question: id }, { action: "default", question: id });
        for (const choice of question!.choices(t).keys())
          presses.push({ action: "choose", question: id, choice });
      }
    }
    for (const press of presses) {
      const data = settingsButton(press);
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
      expect(readSettingsButton(data)).toEqual(press);
    }
  });

  it("reads nothing from data that is not a button of its own", () => {
    for (const data of [
      "s1:o:colour",
      "s1:c:name",
      "s1:c:nope:1",
      "s1:c:name:x",
      "s1:k:name:extra",
      "s2:go",
      "r1:1:d",
      "",
    ])
      expect(readSettingsButton(data)).toBeUndefined();
  });
});
