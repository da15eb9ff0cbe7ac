import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canApply,
  EVENT_KINDS,
  type EventKind,
  replay,
  STATUSES,
  type Status,
} from "../../src/domain/lifecycle";
import type { Level } from "../../src/domain/settings";

// Every status × event kind at the own level (no level given). "→x" allowed, next status x; "!r" refused, reason r.
const MATRIX: Record<Status, Record<EventKind, string>> = {
  draft: {
    submitted: "→submitted",
    accepted: "!not-submitted",
    returned: "!not-submitted",
    rejected: "!not-submitted",
    resubmitted: "!not-returned",
    forwarded: "!not-accepted",
    adopted: "!not-accepted",
    instructed: "!not-accepted",
    read: "!not-accepted",
    transferred: "!not-accepted",
    replied: "!no-transfer",
    closed: "!not-accepted",
  },
  submitted: {
    submitted: "!not-draft",
    accepted: "→accepted",
    returned: "→returned",
    rejected: "→rejected",
    resubmitted: "!not-returned",
    forwarded: "!not-accepted",
    adopted: "!not-accepted",
    instructed: "!not-accepted",
    read: "!not-accepted",
    transferred: "!not-accepted",
    replied: "!no-transfer",
    closed: "!not-accepted",
  },
  accepted: {
    submitted: "!not-draft",
    accepted: "!not-submitted",
    returned: "!not-submitted",
    rejected: "!not-submitted",
    resubmitted: "!not-returned",
    forwarded: "→forwarded",
    adopted: "→accepted",
    instructed: "→accepted",
    read: "→accepted",
    transferred: "→transferred",
    replied: "!no-transfer",
    closed: "→closed",
  },
  returned: {
    submitted: "!not-draft",
    accepted: "!not-submitted",
    returned: "!not-submitted",
    rejected: "!not-submitted",
    resubmitted: "→submitted",
    forwarded: "!not-accepted",
    adopted: "!not-accepted",
    instructed: "!not-accepted",
    read: "!not-accepted",
    transferred: "!not-accepted",
    replied: "!no-transfer",
    closed: "!not-accepted",
  },
  rejected: {
    submitted: "!rejected",
    accepted: "!rejected",
    returned: "!rejected",
    rejected: "!rejected",
    resubmitted: "!rejected",
    forwarded: "!rejected",
    adopted: "!rejected",
    instructed: "!rejected",
    read: "!rejected",
    transferred: "!rejected",
    replied: "!rejected",
    closed: "!rejected",
  },
  forwarded: {
    submitted: "!not-draft",
    accepted: "!not-submitted",
    returned: "!not-submitted",
    rejected: "!not-submitted",
    resubmitted: "!not-returned",
    forwarded: "→forwarded",
    adopted: "→forwarded",
    instructed: "→forwarded",
    read: "→forwarded",
    transferred: "→transferred",
    replied: "!no-transfer",
    closed: "→closed",
  },
  transferred: {
    submitted: "!not-draft",
    accepted: "!not-submitted",
    returned: "!not-submitted",
    rejected: "!not-submitted",
    resubmitted: "!not-returned",
    forwarded: "→transferred",
    adopted: "→transferred",
    instructed: "→transferred",
    read: "→transferred",
    transferred: "→transferred",
    replied: "→transferred",
    closed: "→closed",
  },
  closed: {
    submitted: "!already-final",
    accepted: "!already-final",
    returned: "!already-final",
    rejected: "!already-final",
    resubmitted: "!already-final",
    forwarded: "!already-final",
    adopted: "→closed",
    instructed: "→closed",
    read: "→closed",
    transferred: "!already-final",
    replied: "!already-final",
    closed: "!already-final",
  },
};

function expected(cell: string) {
  return cell.startsWith("→") ? { ok: true, next: cell.slice(1) } : { ok: false, reason: cell.slice(1) };
}

describe("canApply: every status and event kind", () => {
  const pairs = STATUSES.flatMap((status) =>
    EVENT_KINDS.map((kind) => [status, kind, MATRIX[status][kind]] as const),
  );
  it("covers all pairs", () => {
    expect(pairs).toHaveLength(STATUSES.length * EVENT_KINDS.length);
  });
  it.each(pairs)("%s + %s → %s", (status, kind, cell) => {
    expect(canApply(status, kind)).toEqual(expected(cell));
  });
});

describe("canApply: levels", () => {
  const own = { ownLevel: "county" as Level };
  type Case = [Status, "adopted" | "instructed" | "forwarded", Level | null, { kind: string }[], string];
  const cases: Case[] = [
    ["accepted", "adopted", "county", [], "→accepted"],
    ["accepted", "adopted", null, [], "→accepted"],
    ["accepted", "adopted", "city", [], "!not-forwarded"],
    ["accepted", "instructed", "county", [], "→accepted"],
    ["accepted", "instructed", "province", [], "!not-forwarded"],
    ["forwarded", "adopted", "city", [], "→forwarded"],
    ["forwarded", "adopted", "national", [], "→forwarded"],
    ["forwarded", "instructed", "province", [], "→forwarded"],
    ["transferred", "adopted", "city", [], "!not-forwarded"],
    ["transferred", "adopted", "city", [{ kind: "accepted" }, { kind: "forwarded" }], "→transferred"],
    ["transferred", "adopted", "county", [], "→transferred"],
    ["closed", "adopted", "province", [{ kind: "forwarded" }], "→closed"],
    ["closed", "instructed", "city", [], "!not-forwarded"],
    ["accepted", "forwarded", "city", [], "→forwarded"],
    ["accepted", "forwarded", "county", [], "!not-above-own-level"],
    ["forwarded", "forwarded", "province", [], "→forwarded"],
    ["rejected", "adopted", "county", [], "!rejected"],
    ["submitted", "adopted", "city", [], "!not-accepted"],
  ];
  it.each(cases)("%s + %s at %s with %j → %s", (status, kind, level, history, cell) => {
    expect(canApply(status, kind, { ...own, level, history })).toEqual(expected(cell));
  });

  it("refuses adoption and instruction below the own level", () => {
    const city = { ownLevel: "city" as Level, level: "county" as Level };
    expect(canApply("forwarded", "adopted", city)).toEqual({ ok: false, reason: "below-own-level" });
    expect(canApply("accepted", "instructed", city)).toEqual({ ok: false, reason: "below-own-level" });
    expect(canApply("accepted", "forwarded", city)).toEqual({ ok: false, reason: "not-above-own-level" });
  });

  it("measures levels on the configured ladder", () => {
    const levels: Level[] = ["county", "province"];
    expect(canApply("accepted", "forwarded", { ownLevel: "county", level: "province", levels })).toEqual({
      ok: true,
      next: "forwarded",
    });
  });

  it("refuses unknown event kinds", () => {
    expect(canApply("accepted", "published")).toEqual({ ok: false, reason: "unknown-event" });
  });
});

describe("replay", () => {
  it.each([
    [[], "draft"],
    [["submitted"], "submitted"],
    [["submitted", "returned", "resubmitted", "accepted"], "accepted"],
    [["submitted", "returned", "resubmitted", "returned", "resubmitted", "rejected"], "rejected"],
    [["submitted", "accepted", "adopted", "forwarded", "adopted", "instructed"], "forwarded"],
    [["submitted", "accepted", "forwarded", "transferred", "replied", "closed", "adopted"], "closed"],
    [["submitted", "accepted", "transferred", "transferred", "replied", "replied", "closed"], "closed"],
  ])("%j → %s", (kinds, status) => {
    expect(replay(kinds.map((kind) => ({ kind })))).toEqual({ ok: true, status });
  });

  it("uses the history to allow a higher adoption after the status moved on", () => {
    const events = [
      { kind: "submitted" },
      { kind: "accepted" },
      { kind: "forwarded", level: "city" as Level },
      { kind: "transferred" },
      { kind: "adopted", level: "province" as Level },
    ];
    expect(replay(events, { ownLevel: "county" })).toEqual({ ok: true, status: "transferred" });
  });

  it.each([
    [["accepted"], 0, "draft", "not-submitted"],
    [["submitted", "rejected", "resubmitted"], 2, "rejected", "rejected"],
    [["submitted", "accepted", "replied"], 2, "accepted", "no-transfer"],
    [["submitted", "accepted", "closed", "transferred"], 3, "closed", "already-final"],
    [["submitted", "returned", "adopted"], 2, "returned", "not-accepted"],
  ])("%j stops at %i", (kinds, index, status, reason) => {
    expect(replay(kinds.map((kind) => ({ kind })))).toEqual({ ok: false, index, status, reason });
  });

  it("keeps a rejected report rejected, whatever follows", () => {
    const kindArb = fc.constantFrom(...EVENT_KINDS);
    fc.assert(
      fc.property(fc.array(kindArb, { maxLength: 25 }), (kinds) => {
        const result = replay(kinds.map((kind) => ({ kind })));
        expect(STATUSES).toContain(result.status);
        if (!result.ok) expect(result.index).toBeLessThan(kinds.length);
        // A rejected report stays rejected: nothing after rejection is accepted.
        const rejectedAt = kinds.indexOf("rejected");
        const firstRefusal = result.ok ? kinds.length : result.index;
        if (rejectedAt >= 0 && rejectedAt < firstRefusal) {
          expect(result.status).toBe("rejected");
          expect(firstRefusal).toBeGreaterThanOrEqual(Math.min(kinds.length, rejectedAt + 1));
        }
      }),
    );
  });
});
