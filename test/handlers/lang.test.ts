import { describe, expect, it } from "vitest";
import { langButtons } from "../../src/handlers/lang/callback-data";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

describe("/lang", () => {
  it("switches to English, persists across restarts, and back", async () => {
    const h = await Harness.create();
    const { member } = await seedBasicRoster(h);
    await member.send("/lang en");
    expect(member.lastText()).toBe("Language set to English.");
    await member.send("/help");
    expect(member.lastText()).toContain("You can:");

    const restarted = await h.restart();
    const same = restarted.user(102);
    await same.send("/help");
    expect(same.lastText()).toContain("You can:");

    await same.send("/lang");
    expect(same.lastButtons().map(([, data]) => data)).toEqual([
      langButtons.encode({ action: "choose", locale: "zh" }),
      langButtons.encode({ action: "choose", locale: "en" }),
    ]);
    await same.press(langButtons.encode({ action: "choose", locale: "zh" }));
    expect(same.lastText()).toBe("已切换为简体中文。");
    await same.send("/help");
    expect(same.lastText()).toContain("您可以");
  });

  it("follows Telegram's language until a choice is saved, and refuses unknown languages", async () => {
    const h = await Harness.create();
    const stranger = h.user(900, { languageCode: "en-US" });
    await stranger.send("/lang fr");
    expect(stranger.lastText()).toContain("Unsupported language: fr");
    await stranger.press("lang1:c:xx");
    expect(stranger.lastText()).toContain("no longer valid");
    await stranger.send("/lang zh");
    await stranger.send("/start");
    expect(stranger.lastText()).toContain("您还没有绑定身份");
  });
});
