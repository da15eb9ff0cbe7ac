import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n";
import { DEFAULT_SETTINGS, type Settings } from "../../src/domain/settings";
import {
  readSchedule,
  SCHEDULE_KEYS,
  type SettingItem,
  SETTING_ITEMS,
  scheduleCron,
  settingWords,
} from "../../src/domain/settings-words";
import { readClock, readDay, readQuota } from "../../src/domain/setup";
import { readLocales } from "../../src/node-runtime";

const i18n = createI18n(readLocales());
const zh = (key: string, variables?: Record<string, string | number>) => i18n.t("zh", key, variables);
const en = (key: string, variables?: Record<string, string | number>) => i18n.t("en", key, variables);

const withSettings = (change: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...change });
const schedule = (cron: string) => ({ schedules: { ...DEFAULT_SETTINGS.schedules, memberReminders: cron } });

describe("settings in words", () => {
  const cases: [SettingItem, Partial<Settings>, string][] = [
    ["name", { name: "某某县政协" }, "某某县政协"],
    ["shortName", {}, "与全称相同"],
    ["publicationName", {}, "《社情民意》"],
    ["ownLevel", { ownLevel: "city" }, "市级"],
    ["levels", {}, "县级、市级、省级、全国"],
    ["timeZone", {}, "北京时间（Asia/Shanghai）"],
    ["timeZone", { timeZone: "Europe/Berlin" }, "Europe/Berlin"],
    ["quotas", {}, "常委每年2篇；委员每年1篇；特邀信息员每月1篇；信息工作人员、领导、管理员不设任务"],
    [
      "scoring",
      {},
      "单篇：本级5分、市级10分、省级20分、全国30分；综合：本级2分、市级5分、省级10分、全国15分；批示：本级5分、市级10分、省级15分、全国30分；转办：1分；阅批：0分",
    ],
    [
      "scoring",
      {
        ownLevel: "province",
        levels: ["province", "national"],
        scoring: {
          adoptedByLevelsUp: [
            { single: 5, combined: 2 },
            { single: 9, combined: 4 },
            { single: 20, combined: 10 },
          ],
          instructionByLevelsUp: [5],
          transferred: 0,
          read: 2,
        },
      },
      "单篇：本级5分、全国9分、上2级20分；综合：本级2分、全国4分、上2级10分；批示：本级5分；转办：0分；阅批：2分",
    ],
    ["categories", { categories: ["教育", "其他"] }, "教育、其他"],
    ["rejectReasons", { rejectReasons: ["重复", "信访"] }, "重复；信访"],
    ["bodyMaxLength", {}, "3000字"],
    ["draftReminderDays", {}, "草稿7天未报送时提醒作者"],
    ["notifyStaff", { notifyStaff: "digest" }, "每天汇总通知一次"],
    ["statsInGroups", {}, "否"],
    ["memberReminders", schedule("0 10 L * *"), "每月最后一天10:00提醒未完成任务的委员"],
    ["memberReminders", {}, "每月1日09:00提醒未完成任务的委员"],
    ["memberReminders", schedule("30 8 * * 3"), "每周三08:30提醒未完成任务的委员"],
    ["memberReminders", schedule("0 9 * * MON"), "每周一09:00提醒未完成任务的委员"],
    ["memberReminders", schedule("0 20 * * *"), "每天20:00提醒未完成任务的委员"],
    ["quarterlyStandings", {}, "每季度首月1日09:00发送季度通报"],
    ["memberReminders", schedule("*/5 9-17 * * 1-5"), "自定义时间（由命令行设置）提醒未完成任务的委员"],
  ];
  it.each(cases)("%s %j reads %s", (item, change, words) => {
    expect(settingWords(item, withSettings(change), zh)).toBe(words);
  });

  it("words every item in both languages, never as cron or JSON", () => {
    for (const t of [zh, en])
      for (const item of SETTING_ITEMS) {
        const words = settingWords(item, DEFAULT_SETTINGS, t);
        expect(words).not.toMatch(/[{}*]|\d+ \d+ /);
        expect(words).not.toMatch(/^(words|setting)-/);
      }
    expect(settingWords("quotas", DEFAULT_SETTINGS, en)).toBe(
      "Standing member: 2 a year; Member: 1 a year; Special informant: 1 a month; Information staff, Leader, Administrator: no quota",
    );
    expect(settingWords("memberReminders", withSettings(schedule("0 10 L * *")), en)).toBe(
      "on the last day of every month at 10:00: remind members behind on their quota",
    );
  });
});

describe("schedules from words and back", () => {
  it("reads every default schedule and writes it back unchanged", () => {
    for (const key of SCHEDULE_KEYS) {
      const cron = DEFAULT_SETTINGS.schedules[key];
      const time = readSchedule(cron);
      expect(time, key).toBeDefined();
      expect(readSchedule(scheduleCron(time!))).toEqual(time);
    }
  });

  it.each([
    ["每天", { kind: "daily" }],
    ["每周三", { kind: "weekly", weekday: 3 }],
    ["周日", { kind: "weekly", weekday: 0 }],
    ["每月10日", { kind: "monthly", day: 10 }],
    ["15号", { kind: "monthly", day: 15 }],
    ["每月最后一天", { kind: "monthly-last" }],
    ["每季度1日", { kind: "quarterly", day: 1 }],
    ["monday", { kind: "weekly", weekday: 1 }],
    ["last day", { kind: "monthly-last" }],
    ["每月31日", undefined],
    ["明天", undefined],
  ])("day %s", (text, day) => {
    expect(readDay(text)).toEqual(day);
  });

  it.each([
    ["9:30", { hour: 9, minute: 30 }],
    ["18：00", { hour: 18, minute: 0 }],
    ["9点半", { hour: 9, minute: 30 }],
    ["21", { hour: 21, minute: 0 }],
    ["25:00", undefined],
    ["早上", undefined],
  ])("time %s", (text, clock) => {
    expect(readClock(text)).toEqual(clock);
  });

  it.each([
    ["每年2篇", { count: 2, period: "year" }],
    ["2/年", { count: 2, period: "year" }],
    ["每季度1篇", { count: 1, period: "quarter" }],
    ["1 a month", { count: 1, period: "month" }],
    ["不设", null],
    ["0", null],
    ["很多", undefined],
  ])("quota %s", (text, quota) => {
    expect(readQuota(text)).toEqual(quota);
  });
});
