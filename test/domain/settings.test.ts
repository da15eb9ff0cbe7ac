import { describe, expect, it } from "vitest";
import { applySettingChange, DEFAULT_SETTINGS, settingsFromStored } from "../../src/domain/settings";

describe("settings from storage", () => {
  it("one bad stored value falls back to its default alone", () => {
    const settings = settingsFromStored({
      name: "某县政协",
      timeZone: "Mars/Olympus",
      categories: ["教育", "医疗"],
      titleMinLength: 8,
    });
    expect(settings.name).toBe("某县政协");
    expect(settings.timeZone).toBe(DEFAULT_SETTINGS.timeZone);
    expect(settings.categories).toEqual(["教育", "医疗"]);
    expect(settings.titleMinLength).toBe(8);
  });

  it("a value that only breaks a rule between keys is dropped, not the others", () => {
    const settings = settingsFromStored({ titleMinLength: 90, titleMaxLength: 80, bodyMaxLength: 5000 });
    expect(settings.titleMinLength).toBe(DEFAULT_SETTINGS.titleMinLength);
    expect(settings.titleMaxLength).toBe(80);
    expect(settings.bodyMaxLength).toBe(5000);
  });
});

describe("refusing a change", () => {
  it.each([
    ["timeZone", "Mars/Olympus", { code: "time-zone", path: "timeZone", detail: "" }],
    ["titleMinLength", "999", { code: "too-big", path: "titleMinLength", detail: "100" }],
    ["titleMinLength", "2.5", { code: "not-integer", path: "titleMinLength", detail: "" }],
    ["titleMinLength", '"5"', { code: "wrong-type", path: "titleMinLength", detail: "number" }],
    ["categories", "[]", { code: "too-few", path: "categories", detail: "1" }],
    ["name", "x".repeat(101), { code: "too-long", path: "name", detail: "100" }],
    [
      "ownLevel",
      "moon",
      { code: "not-one-of", path: "ownLevel", detail: "county, city, province, national" },
    ],
    ["levels", '["city"]', { code: "own-level", path: "ownLevel", detail: "" }],
    ["schedules", '{"memberReminders":"x"}', { code: "cron", path: "schedules.memberReminders", detail: "" }],
    ["name", "  ", { code: "value-required", path: "name", detail: "" }],
  ])("%s = %s", (key, value, refusal) => {
    const change = applySettingChange(DEFAULT_SETTINGS, key, value);
    expect(change.ok).toBe(false);
    if (!change.ok) expect(change.refusal).toEqual(refusal);
  });

  it("names the keys when the key is unknown, and gives an example when the value is not JSON", () => {
    const unknown = applySettingChange(DEFAULT_SETTINGS, "colour", "blue");
    expect(unknown.ok || unknown.refusal.code).toBe("unknown-key");
    expect(unknown.ok || unknown.reason).toContain("timeZone");
    const notJson = applySettingChange(DEFAULT_SETTINGS, "quotas", "{");
    expect(notJson.ok || notJson.refusal.detail).toContain('"informant":{"count":1,"period":"month"}');
  });
});
