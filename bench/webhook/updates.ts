// The updates section 1 posts: a realistic mix of people writing reports, pressing menu buttons, sending
// commands and talking in their units' groups, generated the same way every run (seeded).
import type { Update } from "grammy/types";
import { menuButtons } from "../../src/bot/menu-buttons";
import { langButtons } from "../../src/handlers/lang/callback-data";
import { flowData } from "../../test/support/report-script";
import { BOT_INFO, type FakeTelegram } from "../../test/support/fake-telegram";
import { pickWeighted, seededRandom } from "../measure";

/** Share of each kind of update in the mix, in percent. */
export const MIX = { conversation: 30, command: 20, callback: 20, group: 30 } as const;
type MixKind = keyof typeof MIX;

/** What the report counts each update as: a report-flow step, its submit, a command, a button, a group message. */
export const KINDS = ["step", "submit", "command", "button", "group"] as const;
export type Kind = (typeof KINDS)[number];

export interface Person {
  index: number;
  telegramId: number;
  firstName: string;
  flow: Flow | undefined;
  language: "zh" | "en";
}

export interface Group {
  id: number;
  title: string;
}

/** One update to post, with what it is for the report. */
export interface Planned {
  kind: Kind;
  label: string;
  body: string;
  /** Runs after the bot answered (e.g. to look at the keyboard it sent). */
  after?: () => void;
}

let nextMessageId = 1;

export class UpdateFactory {
  private nextUpdateId = 1;
  private nextCallbackId = 1;

  body(update: Omit<Update, "update_id">): string {
    return JSON.stringify({ update_id: this.nextUpdateId++, ...update });
  }

  from(p: Person) {
    return { id: p.telegramId, is_bot: false as const, first_name: p.firstName, language_code: "zh-hans" };
  }

  privateText(p: Person, text: string): string {
    const command = /^\/\w+/.exec(text);
    return this.body({
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: p.telegramId, type: "private", first_name: p.firstName },
        from: this.from(p),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      },
    });
  }

  press(p: Person, data: string): string {
    return this.body({
      callback_query: {
        id: `cb-${this.nextCallbackId++}`,
        from: this.from(p),
        chat_instance: "bench",
        data,
        message: {
          message_id: 1000,
          date: Math.floor(Date.now() / 1000),
          chat: { id: p.telegramId, type: "private", first_name: p.firstName },
          from: BOT_INFO,
          text: "…",
        },
      },
    });
  }

  groupText(p: Person, g: Group, text: string): string {
    return this.body({
      message: {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: g.id, type: "supergroup", title: g.title },
        from: this.from(p),
        text,
      },
    });
  }

  botAdded(p: Person, g: Group): string {
    return this.body({
      my_chat_member: {
        chat: { id: g.id, type: "supergroup", title: g.title },
        from: this.from(p),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "left", user: BOT_INFO },
        new_chat_member: { status: "member", user: BOT_INFO },
      },
    });
  }
}

const HAN =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";

function chineseText(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out += HAN[Math.floor(random() * HAN.length)];
    if (i > 0 && i % 37 === 36) out += "，";
  }
  return `${out}。`;
}

/** The guided report as a person answers it: /new, title, category, sections, buttons, submit or save. */
interface FlowItem {
  label: string;
  make: (f: UpdateFactory, p: Person, draftId: number) => string;
}

export class Flow {
  step = 0;
  private readonly items: FlowItem[] = [];

  constructor(random: () => number) {
    const text = (label: string, min: number, max: number): FlowItem => {
      const body = chineseText(random, min + Math.floor(random() * (max - min)));
      return { label, make: (f, p) => f.privateText(p, body) };
    };
    const press = (label: string, action: string): FlowItem => ({
      label,
      make: (f, p, draftId) => f.press(p, flowData(draftId, `${action}`)),
    });
    const title = `关于${chineseText(random, 6 + Math.floor(random() * 14)).slice(0, -1)}的建议`;
    this.items.push({ label: "/new", make: (f, p) => f.privateText(p, "/new") });
    this.items.push({ label: "title", make: (f, p) => f.privateText(p, title) });
    this.items.push(press("category button", `cat:${Math.floor(random() * 10)}`));
    for (let i = 1 + Math.floor(random() * 4); i > 0; i--) this.items.push(text("section text", 40, 300));
    this.items.push(press("section done button", "done:situation"));
    // The first suggestions lead to the preview; more text there is added to them.
    this.items.push(text("suggestions text", 40, 300));
    for (let i = Math.floor(random() * 3); i > 0; i--) this.items.push(text("text at the preview", 40, 300));
    // Optional parts, from the preview.
    if (random() < 0.5) {
      this.items.push(press("analysis button", "edit:analysis"));
      this.items.push(text("section text", 40, 300));
      this.items.push(press("section done button", "done:analysis"));
    }
    if (random() < 0.3) this.items.push(press("urgent toggle", "urgent:1"));
    if (random() < 0.8) this.items.push(press("submit", "submit"));
    else this.items.push(press("save draft", "save"));
  }

  get done(): boolean {
    return this.step >= this.items.length;
  }

  next(): FlowItem {
    return this.items[this.step++]!;
  }

  /** The similar-report warning asks once more: "submit anyway". */
  insertNext(item: FlowItem): void {
    this.items.splice(this.step, 0, item);
  }
}

/** Watches the fake Bot API for keyboards sent to each private chat: the flow's buttons carry the draft id. */
export class KeyboardWatch {
  readonly draftIds = new Map<number, number>();
  readonly lastButtons = new Map<number, string[]>();

  constructor(fake: FakeTelegram) {
    fake.hooks.push((call) => {
      const markup = call.payload.reply_markup as
        | { inline_keyboard?: { callback_data?: string }[][] }
        | undefined;
      if (!markup?.inline_keyboard) return undefined;
      const chatId = Number(call.payload.chat_id);
      const data = markup.inline_keyboard.flat().map((b) => b.callback_data ?? "");
      this.lastButtons.set(chatId, data);
      for (const d of data) {
        const match = /^r1:(\d+):/.exec(d);
        if (match) this.draftIds.set(chatId, Number(match[1]));
      }
      return undefined;
    });
  }
}

/**
 * The realistic mix, one driver per update in flight, each with its own people so a person waits for replies.
 * One workload serves a server's whole life: a run at fewer in flight uses the first drivers, whose people
 * carry on with the reports they were writing.
 */
export class MixedWorkload {
  private readonly drivers: { people: Person[]; flows: Person[]; random: () => number }[] = [];

  constructor(
    private readonly f: UpdateFactory,
    private readonly watch: KeyboardWatch,
    people: Person[],
    private readonly groups: Group[],
    drivers: number,
    /** Flows one driver keeps open at a time (people in the middle of /new). */
    private readonly openFlows: number,
    seed: number,
  ) {
    for (let d = 0; d < drivers; d++)
      this.drivers.push({
        people: people.filter((p) => p.index % drivers === d),
        flows: [],
        random: seededRandom(seed * 1000 + d),
      });
  }

  next(driver: number): Planned {
    const d = this.drivers[driver]!;
    const kind: MixKind = pickWeighted(MIX, d.random());
    const idle = () => {
      for (;;) {
        const p = d.people[Math.floor(d.random() * d.people.length)]!;
        if (!p.flow) return p;
      }
    };
    switch (kind) {
      case "conversation": {
        let p: Person;
        if (d.flows.length < this.openFlows) {
          p = idle();
          p.flow = new Flow(d.random);
          d.flows.push(p);
        } else p = d.flows[Math.floor(d.random() * d.flows.length)]!;
        const flow = p.flow!;
        const item = flow.next();
        return {
          kind: /^submit/.test(item.label) ? "submit" : "step",
          label: `report: ${item.label}`,
          body: item.make(this.f, p, this.watch.draftIds.get(p.telegramId) ?? 0),
          after: () => {
            const buttons = this.watch.lastButtons.get(p.telegramId) ?? [];
            if (item.label === "submit" && buttons.some((b) => /^r1:\d+:S:1$/.test(b)))
              flow.insertNext({
                label: "submit anyway",
                make: (f, person, draftId) => f.press(person, flowData(draftId, "submit!")),
              });
            if (flow.done) {
              p.flow = undefined;
              d.flows.splice(d.flows.indexOf(p), 1);
            }
          },
        };
      }
      case "command": {
        const p = idle();
        const command = ["/help", "/start", "/drafts", "/my"][Math.floor(d.random() * 4)]!;
        return { kind: "command", label: `command: ${command}`, body: this.f.privateText(p, command) };
      }
      case "callback": {
        const p = idle();
        const choice = Math.floor(d.random() * 3);
        if (choice === 2) {
          p.language = p.language === "zh" ? "en" : "zh";
          return {
            kind: "button",
            label: "button: lang",
            body: this.f.press(p, langButtons.encode({ action: "choose", locale: p.language })),
          };
        }
        const action = choice === 0 ? "drafts" : "my";
        return {
          kind: "button",
          label: `button: menu ${action}`,
          body: this.f.press(p, menuButtons.encode({ action })),
        };
      }
      case "group": {
        // Each person talks in one group of the bench's.
        const p = d.people[Math.floor(d.random() * d.people.length)]!;
        const g = this.groups[p.index % this.groups.length]!;
        return {
          kind: "group",
          label: "group: message",
          body: this.f.groupText(p, g, chineseText(d.random, 5 + Math.floor(d.random() * 40))),
        };
      }
    }
  }
}
