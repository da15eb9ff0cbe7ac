// Roles of the people on the roster and what each may do. Pure: no I/O.

export const ROLES = ["member", "standing", "informant", "staff", "leader", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that write reports and owe a quota. */
export const WRITER_ROLES: readonly Role[] = ["member", "standing", "informant"];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Staff work: roster, groups, review. Admins can do everything staff can. */
export function isStaff(role: Role | undefined): boolean {
  return role === "staff" || role === "admin";
}

export function isAdmin(role: Role | undefined): boolean {
  return role === "admin";
}

export function isLeader(role: Role | undefined): boolean {
  return role === "leader" || role === "admin";
}

/** Everyone bound may write a report; staff and leaders may too, they just owe no quota. */
export function canWriteReports(role: Role | undefined): boolean {
  return role !== undefined;
}

/** Staff edit writers and leaders on the roster; only admins edit staff and admins. */
export function mayEditPerson(actor: Role | undefined, target: Role): boolean {
  return isAdmin(actor) || (isStaff(actor) && !isStaff(target));
}

/** Staff manage writers and leaders; only admins grant or take away staff and admin roles. */
export function mayAssignRole(actor: Role | undefined, current: Role, wanted: Role): boolean {
  if (isAdmin(actor)) return true;
  return isStaff(actor) && mayEditPerson(actor, current) && !isStaff(wanted);
}
