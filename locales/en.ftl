# Minyi — English

## Roles
role-member = Member
role-standing = Standing member
role-informant = Special informant
role-staff = Information staff
role-leader = Leader
role-admin = Administrator

## Common
button-back = « Back
button-back-to-list = « Back to the list
button-previous = « Previous
button-next = Next »
error-deactivated = Your account has been deactivated and can no longer act. Please contact the committee's information staff.
error-not-bound = You have not joined yet. Please use the invite link the staff sent you.
error-not-allowed = Sorry, you are not allowed to do that.
error-stale-button = This button is no longer valid; please open the menu again.
error-unknown-command = Unknown command: { $command }. Send /help to see what you can do.
error-not-understood = I did not understand that message. Send /help to see what you can do.
error-internal = Sorry, something went wrong while handling your message. It will be retried automatically; nothing you wrote is lost.
nothing-to-cancel = There is nothing to cancel.

## Command menus
command-start = Start / main menu
command-help = Help
command-lang = Language / 语言
command-cancel = Cancel the current step
command-roster = Roster
command-invites = Export invite links
command-settings = Settings
command-bind = Bind this group to a unit
command-unbind = Unbind this group

## Start and binding
start-how-to-join =
    Hello! This is Minyi, the public-opinion report assistant of { $committee }.
    You have not joined yet. Open the personal invite link the information staff sent you (it looks like https://t.me/…?start=…) to join.
    If you have no invite link, please ask the information staff of your unit or of the committee office.
start-bound =
    You have joined. Welcome, { $name }.
    Unit: { $unit }
    Role: { $role }
    Send /help to see what you can do.
start-welcome-back = Welcome back, { $name } ({ $role }). This is the public-opinion report assistant of { $committee }. Send /help to see what you can do.
start-already-yours = You have already joined as “{ $name }”.
start-account-taken = This Telegram account is already bound to “{ $name }” and cannot be bound to someone else. Please contact the information staff to change it.
start-code-used = This invite code has already been used. If it was not you, please tell the information staff at once so they can issue a new one.
start-code-malformed = That invite code is not well formed. Please open the complete link the staff sent you.
start-code-unknown = That invite code is unknown or no longer valid. Please ask the information staff for a new invite link.

## Help
help-private =
    You can:
    /start — main menu
    /lang — change the language
    /help — this help
help-leader =
    You can:
    /start — main menu
    /lang — change the language
    /help — this help
help-staff =
    Information staff can:
    /roster [name] — list and search the roster, change a role or unit, deactivate a person, get invite links
    /invites — export the invite links of everyone not yet joined (CSV)
    Send a CSV or XLSX roster file — import or update the roster
    In a group: /bind <unit> or /bind all — bind the group; /unbind to undo
    /lang — change the language
help-admin =
    Administrators can:
    /settings — view and change the settings
    /roster [name] — roster
    /invites — export invite links (CSV)
    Send a CSV or XLSX roster file — import or update the roster
    In a group: /bind <unit> or /bind all — bind the group; /unbind to undo
    /lang — change the language
help-group = I am the committee's public-opinion report assistant. Write and follow your reports in a private chat with me; staff can bind this group to a unit with /bind.

## Language
lang-choose = 请选择语言 / Choose a language:
lang-name-zh = 简体中文
lang-name-en = English
lang-changed = Language set to English.
lang-unknown = Unsupported language: { $given }. Choose zh or en.

## Settings
settings-title = Current settings:
settings-usage =
    Show one: /settings <key>
    Change one: /settings set <key> <value>
    For example: /settings set timeZone Asia/Shanghai
    Lists may be comma-separated: /settings set categories Education,Health,Other
    Use JSON for anything else.
settings-changed = Changed: { $key } = { $value }
settings-refused = { $key } was not changed: { $reason }
settings-unknown-key = There is no setting called “{ $key }”. Keys: { $keys }

## Roster
roster-file-too-big = The file is too large (5 MB at most). Please split it.
roster-error-unsupported-file-type = Unsupported file type. Please send the roster as .csv or .xlsx.
roster-error-missing-columns = The roster lacks required columns: { $detail }. Required: name, role, unit (optional: unit type, phone).
roster-error-empty-file = The roster file is empty.
roster-error-unreadable = This file cannot be read: { $detail }
roster-rejected-title = { $count } rows have problems, so nothing was imported. Please fix them and send the whole file again:
roster-rejected-line = Line { $line }: { $reason }
roster-rejected-more = …and { $count } more rows with problems.
roster-reason-empty-name = the name is empty
roster-reason-name-too-long = the name is too long ({ $detail })
roster-reason-unknown-role = unknown role “{ $detail }” (use member, standing, informant, staff, leader, admin)
roster-reason-empty-unit = the unit is empty
roster-reason-unknown-unit-type = unknown unit type “{ $detail }” (use party, federation, committee, sector, township, other)
roster-reason-bad-phone = the phone number is not valid ({ $detail })
roster-reason-duplicate-in-unit = same name in the same unit as line { $detail }
roster-imported =
    Roster imported ({ $rows } rows):
    { $unitsCreated } units created, { $peopleCreated } people added, { $peopleUpdated } updated, { $peopleUnchanged } unchanged.
    Send /invites to export the invite links.
roster-empty = The roster is empty. Send a CSV or XLSX roster file to import one.
roster-none-found = Nobody whose name contains “{ $search }”.
roster-page-title = Roster { $from }–{ $to } of { $total } (search: { $search })
roster-page-hint = Tap a name for details; send /roster <name> to search.
roster-inactive = deactivated
roster-status-bound = joined
roster-status-unbound = not joined
roster-status-inactive = deactivated
roster-card =
    { $name }
    Role: { $role }
    Unit: { $unit }
    Phone: { $phone }
    Status: { $status } (Telegram: { $username })
    Invite link: { $invite }
roster-button-role = Change role
roster-button-unit = Change unit
roster-button-reissue = Re-issue invite code
roster-button-deactivate = Deactivate
roster-button-reactivate = Reactivate
roster-button-confirm-deactivate = Yes, deactivate
roster-button-confirm-reactivate = Yes, reactivate
roster-choose-role = Choose the new role of { $name }:
roster-choose-unit = Choose the new unit of { $name }:
roster-role-changed = { $name } is now: { $role }.
roster-unit-changed = Unit changed.
roster-unit-not-found = That person or unit no longer exists.
roster-unit-name-taken = Someone with the same name is already in that unit; nothing changed.
roster-confirm-deactivate = Deactivate { $name }? Their account can no longer act; their reports and points stay.
roster-confirm-reactivate = Reactivate { $name }?
roster-deactivated = { $name } is deactivated.
roster-reactivated = { $name } is active again.
roster-code-reissued = A new invite code was issued; the old link no longer works.
roster-invites-none = Everyone on the roster has joined; there are no invite links to hand out.
roster-invites-caption = Invite links of { $count } people who have not joined. Send each one privately; every link works once.
roster-csv-name = Name
roster-csv-unit = Unit
roster-csv-link = Invite link

## Groups
group-hello =
    Hello everyone! I am Minyi, the public-opinion report assistant of { $committee }.
    I post report reminders and quarterly standings here. To write a report, talk to me in private.
    Information staff: send /bind <unit name> (or /bind all) to bind this group to a unit.
group-bind-usage = Usage: /bind <unit name>, or /bind all for everyone. Units: { $units }
group-bound-all = This group is bound to: everyone.
group-bound-unit = This group is bound to the unit: { $unit }.
group-unknown-unit = There is no unit called “{ $unit }”. Units: { $units }
group-unbound = This group is no longer bound.
group-not-bound = This group is not bound to any unit.
