// The roster at a desk: search, a person's card with role, unit, activation, a new invite and signing them out
// everywhere — the same functions and the same permissions as /roster in chat (only admins touch staff).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { html } from "hono/html";
import {
  findPersonWithUnit,
  listPeople,
  type PersonWithUnit,
  reissueInviteCode,
  setPersonActive,
  setPersonRole,
  setPersonUnit,
} from "../db/people";
import { importRoster } from "../db/roster";
import { listUnits } from "../db/units";
import { countOpenSessions, revokeSessionsOf } from "../db/web-sessions";
import { inviteLink } from "../domain/invite";
import { inlineReader } from "../files/read";
import { refusalText } from "../files/refusal";
import { rosterErrorText } from "../roster/errors";
import { MAX_ROSTER_FILE_BYTES, type RosterRejection } from "../roster/parse";
import { isRole, isStaff, mayAssignRole, mayEditPerson, ROLES } from "../domain/roles";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, type T, translator } from "./env";
import { messagePage, page } from "./layout";
import { requires } from "./security";

const PAGE_SIZE = 50;

export function rosterRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const staffOnly = requires(options, isStaff);

  routes.get("/roster", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const search = (c.req.query("q") ?? "").trim().slice(0, 50);
    const offset = Math.max(0, Number(c.req.query("offset")) || 0);
    const { people, total } = await listPeople(options.db, { search, offset, limit: PAGE_SIZE });
    return c.html(
      page(c, options, {
        title: t("web-roster-title", { total }),
        active: "roster",
        body: html`<form method="get" action="/web/roster" class="row"><input name="q" value="${search}" placeholder="${t("web-roster-search")}" class="grow"><button type="submit" class="secondary">${t("web-roster-search-button")}</button></form>
${
  people.length === 0
    ? html`<p class="muted">${t("web-roster-none")}</p>`
    : html`<div class="scroll"><table id="roster"><thead><tr><th>${t("web-col-person")}</th><th>${t("web-col-unit")}</th><th>${t("web-col-role")}</th><th>${t("web-col-status")}</th></tr></thead><tbody>${people.map(
        (p) =>
          html`<tr><td><a href="/web/people/${p.id}">${p.name}</a></td><td>${p.unit_name ?? "—"}</td><td>${t(`role-${p.role}`)}</td><td>${statusOf(t, p)}</td></tr>`,
      )}</tbody></table></div>`
}
<form method="post" action="/web/roster/import?_csrf=${c.get("viewer")!.csrfToken}" enctype="multipart/form-data" class="card" id="roster-import"><label for="roster-file">${t("web-roster-import")}</label><input type="file" id="roster-file" name="file" accept=".csv,.xlsx" required><p class="muted">${t("web-roster-import-hint")}</p><button type="submit" class="secondary">${t("web-roster-import-button")}</button></form>
<p class="row">${offset > 0 ? html`<a href="/web/roster?q=${search}&offset=${Math.max(0, offset - PAGE_SIZE)}">◀</a>` : ""}${
          offset + PAGE_SIZE < total
            ? html`<a href="/web/roster?q=${search}&offset=${offset + PAGE_SIZE}">▶</a>`
            : ""
        }</p>`,
      }),
    );
  });

  // The same file, checks and answers as a roster sent in chat; nothing is imported when any row is wrong.
  routes.post(
    "/roster/import",
    bodyLimit({
      maxSize: MAX_ROSTER_FILE_BYTES + 64 * 1024,
      onError: (c) =>
        c.html(
          messagePage(
            c as ConsoleContext,
            options,
            translator(options, (c as ConsoleContext).get("locale"))("roster-file-too-big"),
            { back: "/web/roster" },
          ),
          413,
        ),
    }),
    staffOnly,
    async (c) => {
      const t = translator(options, c.get("locale"));
      const viewer = c.get("viewer")!;
      const form = await c.req.parseBody();
      const file = form.file;
      const back = { back: "/web/roster" };
      if (!(file instanceof File))
        return c.html(messagePage(c, options, t("roster-error-empty-file"), back), 400);
      if (file.size > MAX_ROSTER_FILE_BYTES)
        return c.html(messagePage(c, options, t("roster-file-too-big"), back), 413);
      // The chat's guard, bounds and reader (src/files): a bomb gets the same refusal, naming the bound.
      const read = await (options.files ?? inlineReader).roster(
        new Uint8Array(await file.arrayBuffer()),
        file.name,
      );
      if (!read.ok) {
        options.log.warn("roster file refused on the web", { by: viewer.personId, refusal: read.refusal });
        return c.html(
          messagePage(c, options, refusalText(t, read.refusal, "roster-error-unreadable"), back),
          400,
        );
      }
      const parsed = read.value;
      if (!parsed.ok) return c.html(messagePage(c, options, rosterErrorText(t, parsed), back), 400);
      const result =
        parsed.rejections.length > 0
          ? ({ ok: false, rejections: parsed.rejections } as const)
          : await importRoster(options.db, parsed.rows, options.now(), { importer: viewer.role });
      if (!result.ok) {
        const reasonOf = (r: RosterRejection) => t(`roster-reason-${r.reason}`, { detail: r.detail ?? "" });
        return c.html(
          page(c, options, {
            title: t("web-roster-import"),
            active: "roster",
            body: html`<p class="notice" role="alert" id="import-result">${t("roster-rejected-title", { count: result.rejections.length })}</p>
<ul id="rejections">${result.rejections.map((r) => html`<li>${t("roster-rejected-line", { line: r.line, reason: reasonOf(r) })}</li>`)}</ul>
<p><a href="/web/roster">${t("web-back")}</a></p>`,
          }),
          400,
        );
      }
      const { summary } = result;
      options.log.info("roster imported on the web", { by: viewer.personId, ...summary });
      const lines = [t("roster-imported", { ...summary, rows: parsed.rows.length })];
      if (summary.peopleLeftInactive > 0)
        lines.push(t("roster-imported-inactive", { count: summary.peopleLeftInactive }));
      return c.html(
        page(c, options, {
          title: t("web-roster-import"),
          active: "roster",
          body: html`<p class="notice body-text" role="status" id="import-result">${lines.join("\n\n")}</p><p><a href="/web/roster">${t("web-back")}</a></p>`,
        }),
      );
    },
  );

  routes.get("/people/:id", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const person = await findPersonWithUnit(options.db, Number(c.req.param("id")));
    if (!person) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    return c.html(await card(c, options, person));
  });

  routes.post("/people/:id", staffOnly, async (c) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer")!;
    const person = await findPersonWithUnit(options.db, Number(c.req.param("id")));
    if (!person) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    const back = `/web/people/${person.id}`;
    const refuse = () => c.html(messagePage(c, options, t("error-not-allowed"), { back }), 403);
    if (!mayEditPerson(viewer.role, person.role)) return refuse();
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
    const now = options.now();
    let done: string;
    switch (field("action")) {
      case "role": {
        const role = field("role");
        if (!isRole(role) || !mayAssignRole(viewer.role, person.role, role)) return refuse();
        await setPersonRole(options.db, person.id, role, now);
        done = t("roster-role-changed", { name: person.name, role: t(`role-${role}`) });
        break;
      }
      case "unit": {
        const result = await setPersonUnit(options.db, person.id, Number(field("unit")), now);
        if (result !== "changed")
          return c.html(messagePage(c, options, t(`roster-unit-${result}`), { back }), 409);
        done = t("roster-unit-changed");
        break;
      }
      case "active": {
        // The form names the state it asks for: sent twice, it cannot undo itself.
        const active = field("active") === "1";
        if (!active && person.id === viewer.personId) return refuse();
        if ((person.active === 1) !== active) await setPersonActive(options.db, person.id, active, now);
        if (!active) await revokeSessionsOf(options.db, person.id, now);
        done = t(active ? "roster-reactivated" : "roster-deactivated", { name: person.name });
        break;
      }
      case "invite":
        await reissueInviteCode(options.db, person.id, now);
        done = t("roster-code-reissued");
        break;
      case "sign-out": {
        const revoked = await revokeSessionsOf(options.db, person.id, now);
        done = t("web-sessions-revoked", { count: revoked });
        break;
      }
      default:
        return c.html(messagePage(c, options, t("web-error-not-found"), { back }), 400);
    }
    options.log.info("roster changed on the web", {
      personId: person.id,
      action: field("action"),
      by: viewer.personId,
    });
    const updated = (await findPersonWithUnit(options.db, person.id)) ?? person;
    return c.html(await card(c, options, updated, done));
  });

  return routes;
}

function statusOf(t: T, p: PersonWithUnit) {
  if (p.active !== 1) return t("roster-status-inactive");
  return t(p.telegram_id === null ? "roster-status-unbound" : "roster-status-bound");
}

async function card(c: ConsoleContext, options: ConsoleOptions, person: PersonWithUnit, done?: string) {
  const t = translator(options, c.get("locale"));
  const viewer = c.get("viewer")!;
  const editable = mayEditPerson(viewer.role, person.role);
  const units = editable ? await listUnits(options.db) : [];
  const sessions = await countOpenSessions(options.db, person.id, options.now());
  const form = (
    action: string,
    body: unknown,
    label: string,
    extra: { danger?: boolean; confirm?: string } = {},
  ) =>
    html`<form method="post" action="/web/people/${person.id}" class="card row" id="person-${action}"${extra.confirm ? html` data-confirm="${extra.confirm}"` : ""}><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><input type="hidden" name="action" value="${action}">${body}<button type="submit"${extra.danger ? html` class="danger"` : ""}>${label}</button></form>`;
  const roles = ROLES.filter((role) => mayAssignRole(viewer.role, person.role, role));
  return page(c, options, {
    title: person.name,
    active: "roster",
    body: html`${done ? html`<p class="notice" role="status" id="done">${done}</p>` : ""}
<p><a href="/web/roster">${t("web-back")}</a></p>
<table id="person"><tbody>
<tr><th>${t("web-col-unit")}</th><td>${person.unit_name ?? "—"}</td></tr>
<tr><th>${t("web-col-role")}</th><td>${t(`role-${person.role}`)}</td></tr>
<tr><th>${t("web-col-phone")}</th><td>${person.phone ?? "—"}</td></tr>
<tr><th>${t("web-col-status")}</th><td>${statusOf(t, person)}</td></tr>
${
  person.telegram_id === null && person.invite_code && options.botUsername
    ? html`<tr><th>${t("web-col-invite")}</th><td id="invite">${inviteLink(options.botUsername, person.invite_code)}</td></tr>`
    : ""
}
<tr><th>${t("web-col-sessions")}</th><td>${sessions}</td></tr>
</tbody></table>
${
  editable
    ? html`${form("role", html`<select name="role">${roles.map((role) => html`<option value="${role}"${role === person.role ? html` selected` : ""}>${t(`role-${role}`)}</option>`)}</select>`, t("roster-button-role"))}
${form("unit", html`<select name="unit">${units.map((u) => html`<option value="${u.id}"${u.id === person.unit_id ? html` selected` : ""}>${u.name}</option>`)}</select>`, t("roster-button-unit"))}
${form("invite", "", t("roster-button-reissue"))}
${form("sign-out", "", t("web-sign-out-everywhere"))}
${
  person.active === 1
    ? person.id === viewer.personId
      ? ""
      : form("active", html`<input type="hidden" name="active" value="0">`, t("roster-button-deactivate"), {
          danger: true,
          confirm: t("roster-confirm-deactivate", { name: person.name }),
        })
    : form("active", html`<input type="hidden" name="active" value="1">`, t("roster-button-reactivate"))
}`
    : html`<p class="muted">${t("error-not-allowed")}</p>`
}`,
  });
}
