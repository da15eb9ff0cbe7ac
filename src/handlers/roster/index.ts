// Roster work for staff: import a CSV/XLSX file, list and search people, open a person's card and change
// their role or unit, deactivate them, hand out or re-issue invite codes, and export all open invites.
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { fitBytes } from "../../bot/callback-data";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { answerStale, pressesOf, readPress } from "../../bot/presses";
import {
  findPersonWithUnit,
  listPeople,
  listUnboundInvites,
  type PersonWithUnit,
  reissueInviteCode,
  setPersonActive,
  setPersonRole,
  setPersonUnit,
} from "../../db/people";
import { importRoster } from "../../db/roster";
import { listUnits } from "../../db/units";
import { csvFile } from "../../domain/csv";
import { inviteLink } from "../../domain/invite";
import { isStaff, mayAssignRole, mayEditPerson, ROLES, type Role } from "../../domain/roles";
import { splitMessage } from "../../domain/text";
import { rosterErrorText } from "../../roster/errors";
import { rosterTemplateXlsx } from "../../roster/template";
import { type Download, downloadRoster } from "../../files/read";
import { refusalText } from "../../files/refusal";
import type { RosterRejection } from "../../roster/parse";
import { rosterButtons, SEARCH_MAX_BYTES } from "./callback-data";

const PAGE_SIZE = 10;
/** Shown in one message; the rest are summarised as "…and N more". */
const MAX_LISTED_REJECTIONS = 50;

export interface RosterOptions {
  downloadFile: Download;
  /** Called when a bound person's role changed, so their command menu follows. */
  onRoleChanged?: (ctx: MinyiContext, telegramId: number, role: Role) => Promise<void>;
}

export function rosterFeature(options: RosterOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  privateChat.on("message:document").filter(
    (ctx) => /\.(csv|xlsx)$/i.test(ctx.message.document.file_name ?? ""),
    allowRoles(isStaff),
    async (ctx) => {
      const document = ctx.message.document;
      // Bounded and read off the event loop (src/files): a bomb gets a refusal naming the bound.
      const read = await downloadRoster(
        options.downloadFile,
        document.file_id,
        document.file_name ?? "",
        ctx.deps.files,
      );
      if (!read.ok) {
        ctx.deps.log.warn("roster file refused", { by: ctx.person?.id, refusal: read.refusal });
        return void (await ctx.reply(refusalText(ctx.t, read.refusal, "roster-error-unreadable")));
      }
      const parsed = read.value;
      if (!parsed.ok) {
        return void (await ctx.reply(rosterErrorText(ctx.t, parsed)));
      }
      if (parsed.rejections.length > 0) return reportRejections(ctx, parsed.rejections);
      const result = await importRoster(ctx.deps.db, parsed.rows, ctx.deps.now(), { importer: ctx.role });
      if (!result.ok) return reportRejections(ctx, result.rejections);
      const { summary } = result;
      ctx.deps.log.info("roster imported", { by: ctx.person?.id, ...summary });
      for (const change of result.roleChanges)
        await options.onRoleChanged?.(ctx, change.telegramId, change.role);
      const lines = [ctx.t("roster-imported", { ...summary, rows: parsed.rows.length })];
      if (summary.peopleLeftInactive > 0)
        lines.push(ctx.t("roster-imported-inactive", { count: summary.peopleLeftInactive }));
      await ctx.reply(lines.join("\n\n"));
    },
  );
  // Any other file a staff member sends outside a report: say which files the roster takes.
  privateChat.on("message:document").filter(
    (ctx) => isStaff(ctx.role),
    async (ctx) => void (await ctx.reply(ctx.t("roster-error-unsupported-file-type"))),
  );

  privateChat.command("roster", allowRoles(isStaff), async (ctx) =>
    showPage(ctx, 0, ctx.match.trim(), "reply"),
  );

  privateChat.command("template", allowRoles(isStaff), async (ctx) => {
    const settings = await ctx.settings();
    await ctx.replyWithDocument(
      new InputFile(await rosterTemplateXlsx(settings.name), ctx.t("roster-template-file-name")),
      { caption: ctx.t("roster-template-caption") },
    );
  });

  privateChat.command("invites", allowRoles(isStaff), async (ctx) => {
    const invites = await listUnboundInvites(ctx.deps.db);
    if (invites.length === 0) return void (await ctx.reply(ctx.t("roster-invites-none")));
    const header = [ctx.t("roster-csv-name"), ctx.t("roster-csv-unit"), ctx.t("roster-csv-link")];
    const lines = [
      header,
      ...invites.map((p) => [p.name, p.unit_name ?? "", inviteLink(ctx.me.username, p.invite_code)]),
    ];
    await ctx.replyWithDocument(new InputFile(csvFile(lines), "invites.csv"), {
      caption: ctx.t("roster-invites-caption", { count: invites.length }),
    });
  });

  feature.on("callback_query:data").filter(pressesOf(rosterButtons), allowRoles(isStaff), async (ctx) => {
    const press = await readPress(ctx, rosterButtons);
    if (!press) return;
    if (press.action === "page") {
      await ctx.answerCallbackQuery();
      return showPage(ctx, press.offset, press.search, "edit");
    }
    const person = await findPersonWithUnit(ctx.deps.db, press.personId);
    if (!person) return stale(ctx);
    const now = ctx.deps.now();
    switch (press.action) {
      case "card":
        await ctx.answerCallbackQuery();
        return showCard(ctx, person);
      case "roles": {
        const keyboard = new InlineKeyboard();
        for (const role of ROLES)
          if (mayAssignRole(ctx.role, person.role, role))
            keyboard
              .text(
                ctx.t(`role-${role}`),
                rosterButtons.encode({ action: "set-role", personId: person.id, role }),
              )
              .row();
        keyboard.text(ctx.t("button-back"), rosterButtons.encode({ action: "card", personId: person.id }));
        await ctx.answerCallbackQuery();
        return void (await ctx.editMessageText(ctx.t("roster-choose-role", { name: person.name }), {
          reply_markup: keyboard,
        }));
      }
      case "set-role": {
        const role = press.role;
        if (!mayAssignRole(ctx.role, person.role, role)) {
          return void (await ctx.answerCallbackQuery({
            text: ctx.t("error-not-allowed"),
            show_alert: true,
          }));
        }
        await setPersonRole(ctx.deps.db, person.id, role, now);
        ctx.deps.log.info("role changed", { personId: person.id, role, by: ctx.person?.id });
        if (person.telegram_id !== null) await options.onRoleChanged?.(ctx, person.telegram_id, role);
        await ctx.answerCallbackQuery({
          text: ctx.t("roster-role-changed", { name: person.name, role: ctx.t(`role-${role}`) }),
        });
        return showCard(ctx, { ...person, role });
      }
      case "units": {
        if (!mayEditPerson(ctx.role, person.role)) return denied(ctx);
        const units = await listUnits(ctx.deps.db);
        const page = press.page;
        const keyboard = new InlineKeyboard();
        for (const unit of units.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE)) {
          keyboard
            .text(
              unit.name,
              rosterButtons.encode({ action: "set-unit", personId: person.id, unitId: unit.id }),
            )
            .row();
        }
        if (page > 0)
          keyboard.text("◀", rosterButtons.encode({ action: "units", personId: person.id, page: page - 1 }));
        if ((page + 1) * PAGE_SIZE < units.length)
          keyboard.text("▶", rosterButtons.encode({ action: "units", personId: person.id, page: page + 1 }));
        keyboard
          .row()
          .text(ctx.t("button-back"), rosterButtons.encode({ action: "card", personId: person.id }));
        await ctx.answerCallbackQuery();
        return void (await ctx.editMessageText(ctx.t("roster-choose-unit", { name: person.name }), {
          reply_markup: keyboard,
        }));
      }
      case "set-unit": {
        if (!mayEditPerson(ctx.role, person.role)) return denied(ctx);
        const result = await setPersonUnit(ctx.deps.db, person.id, press.unitId, now);
        if (result !== "changed")
          return void (await ctx.answerCallbackQuery({
            text: ctx.t(`roster-unit-${result}`),
            show_alert: true,
          }));
        await ctx.answerCallbackQuery({ text: ctx.t("roster-unit-changed") });
        return showCard(ctx, (await findPersonWithUnit(ctx.deps.db, person.id)) ?? person);
      }
      case "deactivate": {
        if (!mayEditPerson(ctx.role, person.role)) return denied(ctx);
        const keyboard = new InlineKeyboard()
          .text(
            ctx.t(person.active ? "roster-button-confirm-deactivate" : "roster-button-confirm-reactivate"),
            rosterButtons.encode({ action: "set-active", personId: person.id, active: !person.active }),
          )
          .text(ctx.t("button-back"), rosterButtons.encode({ action: "card", personId: person.id }));
        await ctx.answerCallbackQuery();
        return void (await ctx.editMessageText(
          ctx.t(person.active ? "roster-confirm-deactivate" : "roster-confirm-reactivate", {
            name: person.name,
          }),
          { reply_markup: keyboard },
        ));
      }
      case "set-active": {
        if (!mayEditPerson(ctx.role, person.role) || person.id === ctx.person?.id) return denied(ctx);
        // The button names the state it asks for, so a press handled twice (redelivered after a crash) or
        // two staff confirming at once cannot turn a deactivation back.
        const active = press.active;
        if ((person.active === 1) !== active) await setPersonActive(ctx.deps.db, person.id, active, now);
        ctx.deps.log.info(active ? "person reactivated" : "person deactivated", {
          personId: person.id,
          by: ctx.person?.id,
        });
        await ctx.answerCallbackQuery({
          text: ctx.t(active ? "roster-reactivated" : "roster-deactivated", { name: person.name }),
        });
        return showCard(ctx, { ...person, active: active ? 1 : 0 });
      }
      case "reissue": {
        if (!mayEditPerson(ctx.role, person.role)) return denied(ctx);
        const code = await reissueInviteCode(ctx.deps.db, person.id, now);
        if (!code) return stale(ctx);
        await ctx.answerCallbackQuery({ text: ctx.t("roster-code-reissued") });
        return showCard(ctx, { ...person, invite_code: code });
      }
    }
  });

  return feature;
}

async function denied(ctx: MinyiContext) {
  await ctx.answerCallbackQuery({ text: ctx.t("error-not-allowed"), show_alert: true });
}

async function stale(ctx: MinyiContext) {
  ctx.deps.log.warn("stale or malformed callback", { from: ctx.from?.id, data: ctx.callbackQuery?.data });
  await answerStale(ctx);
}

async function showPage(ctx: MinyiContext, offset: number, search: string, mode: "reply" | "edit") {
  // Keep the search short enough to ride along in the paging buttons.
  const query = fitBytes(search, SEARCH_MAX_BYTES);
  const { people, total } = await listPeople(ctx.deps.db, { search: query, offset, limit: PAGE_SIZE });
  if (total === 0) {
    const text = ctx.t(query ? "roster-none-found" : "roster-empty", { search: query });
    return void (mode === "edit" ? await ctx.editMessageText(text) : await ctx.reply(text));
  }
  const lines = people.map(
    (p, i) =>
      `${offset + i + 1}. ${p.name} · ${ctx.t(`role-${p.role}`)} · ${p.unit_name ?? "—"}${p.telegram_id ? " ✅" : ""}${p.active ? "" : ` (${ctx.t("roster-inactive")})`}`,
  );
  const keyboard = new InlineKeyboard();
  people.forEach((p, i) => {
    keyboard.text(`${offset + i + 1}. ${p.name}`, rosterButtons.encode({ action: "card", personId: p.id }));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row();
  if (offset > 0)
    keyboard.text(
      ctx.t("button-previous"),
      rosterButtons.encode({ action: "page", offset: Math.max(0, offset - PAGE_SIZE), search: query }),
    );
  if (offset + PAGE_SIZE < total)
    keyboard.text(
      ctx.t("button-next"),
      rosterButtons.encode({ action: "page", offset: offset + PAGE_SIZE, search: query }),
    );
  const title = ctx.t("roster-page-title", {
    from: offset + 1,
    to: offset + people.length,
    total,
    search: query || "-",
  });
  const text = `${title}\n\n${lines.join("\n")}\n\n${ctx.t("roster-page-hint")}`;
  if (mode === "edit") await ctx.editMessageText(text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}

async function showCard(ctx: MinyiContext, person: PersonWithUnit) {
  const status = person.active !== 1 ? "inactive" : person.telegram_id ? "bound" : "unbound";
  const invite =
    person.active === 1 && !person.telegram_id && person.invite_code
      ? inviteLink(ctx.me.username, person.invite_code)
      : "—";
  const text = ctx.t("roster-card", {
    name: person.name,
    role: ctx.t(`role-${person.role}`),
    unit: person.unit_name ?? "—",
    phone: person.phone ?? "—",
    status: ctx.t(`roster-status-${status}`),
    username: person.telegram_username ? `@${person.telegram_username}` : "—",
    invite,
  });
  const keyboard = new InlineKeyboard();
  if (mayEditPerson(ctx.role, person.role)) {
    keyboard
      .text(ctx.t("roster-button-role"), rosterButtons.encode({ action: "roles", personId: person.id }))
      .text(
        ctx.t("roster-button-unit"),
        rosterButtons.encode({ action: "units", personId: person.id, page: 0 }),
      )
      .row();
    if (!person.telegram_id)
      keyboard.text(
        ctx.t("roster-button-reissue"),
        rosterButtons.encode({ action: "reissue", personId: person.id }),
      );
    keyboard
      .text(
        ctx.t(person.active ? "roster-button-deactivate" : "roster-button-reactivate"),
        rosterButtons.encode({ action: "deactivate", personId: person.id }),
      )
      .row();
  }
  keyboard.text(
    ctx.t("button-back-to-list"),
    rosterButtons.encode({ action: "page", offset: 0, search: "" }),
  );
  await ctx.editMessageText(text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}

/** Every rejected row with its line and reason: in the chat, and beyond the first ones as a CSV file too. */
async function reportRejections(ctx: MinyiContext, rejections: RosterRejection[]): Promise<void> {
  const reasonOf = (r: RosterRejection) => ctx.t(`roster-reason-${r.reason}`, { detail: r.detail ?? "" });
  const lines = rejections
    .slice(0, MAX_LISTED_REJECTIONS)
    .map((r) => ctx.t("roster-rejected-line", { line: r.line, reason: reasonOf(r) }));
  if (rejections.length > MAX_LISTED_REJECTIONS)
    lines.push(ctx.t("roster-rejected-more", { count: rejections.length - MAX_LISTED_REJECTIONS }));
  const text = `${ctx.t("roster-rejected-title", { count: rejections.length })}\n\n${lines.join("\n")}`;
  for (const chunk of splitMessage(text)) await ctx.reply(chunk);
  if (rejections.length <= MAX_LISTED_REJECTIONS) return;
  const rows = [
    [ctx.t("roster-csv-line"), ctx.t("roster-csv-reason")],
    ...rejections.map((r) => [String(r.line), reasonOf(r)]),
  ];
  await ctx.replyWithDocument(new InputFile(csvFile(rows), "rejected-rows.csv"), {
    caption: ctx.t("roster-rejected-file", { count: rejections.length }),
  });
}
