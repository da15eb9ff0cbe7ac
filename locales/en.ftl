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
update-given-up = Sorry, this message could not be handled after several tries and will not be retried; it has been kept for the staff to look at. Please send it again another way later, or contact the office staff.
nothing-to-cancel = There is nothing to cancel.

## Command menus
command-start = Start / main menu
command-help = Help
command-lang = Language / 语言
command-cancel = Cancel the current step
command-roster = Roster
command-template = Download the roster template (Excel)
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
    You have joined. Welcome, { $name }. This is the public-opinion report assistant of { $committee }.
    Unit: { $unit }
    Role: { $role }
    Send /help to see what you can do.
start-first-admin =
    Welcome, { $name } (administrator)! I am Minyi, the committee's public-opinion report assistant. Three steps to start:
    1. Set the committee up: press “Start the set-up” below (or send /setup) and answer a few questions (the committee's name, level, publication, quotas…); each offers its default as one tap
    2. At the end I send the roster template: fill it in and send the file back to me (/template sends it again any time)
    3. Send /invites to get everyone's personal invite link and hand them out
    Send /help to see every command.
start-first-admin-button = Start the set-up
start-welcome-back = Welcome back, { $name } ({ $role }). This is the public-opinion report assistant of { $committee }. Send /help to see what you can do.
start-already-yours = You have already joined as “{ $name }”.
start-account-taken = This Telegram account is already bound to “{ $name }” and cannot be bound to someone else. Please contact the information staff to change it.
start-code-used = This invite code has already been used. If it was not you, please tell the information staff at once so they can issue a new one.
start-code-malformed = That invite code is not well formed. Please open the complete link the staff sent you.
start-code-unknown = That invite code is unknown or no longer valid. Please ask the information staff for a new invite link.

## Help
help-intro-private = You can:
help-intro-leader = You can:
help-intro-staff = Information staff can:
help-intro-admin = Administrators can:
help-intro-group = Write and follow your reports in a private chat with me. In this group:
help-example = e.g. { $example }
help-notes-staff =
    Send a CSV or XLSX roster file — import or update the roster
    In a group: /bind <unit> or /bind all — bind the group; /unbind to undo
help-start = main menu
help-settings = view and change the settings
help-review = review the queue: accept, return for revision, reject
help-report = open a report and record forwarding, adoption, instructions, transfer, reply, closing
help-args-report = <number>
help-example-report = 12
help-find = find reports by title, text, author or unit
help-args-find = <words>
help-example-find = parking
help-issue = compile this issue of the publication: add accepted reports, single or merged into a combined piece, order them, write an editor's note, publish and get the Word file
help-args-issue = [number]
help-example-issue = 12
help-roster = list and search the roster, change a role or unit, deactivate a person, get invite links
help-args-roster = [name]
help-example-roster = 张三
help-template = download the roster template: fill it in and send the file back to import it
help-invites = export the invite links of everyone not yet joined (CSV)
help-stats = statistics: submitted, accepted, adopted, instructions, quotas and points, against the previous period
help-args-stats = [period] [unit or person]
help-example-stats = last quarter
help-rank = the full standings of units and people
help-args-rank = [period]
help-example-rank = 2026Q3
help-export = the Excel bulletin, or with “word” the bulletin as a Word document
help-args-export = [period] [word]
help-example-export = 2026Q3
help-new = write a report
help-drafts = continue a draft
help-my = my reports: follow review and handling, revise a returned report
help-me = my quota progress, points and rank
help-web = a one-time sign-in link to the web console
help-bind = bind this group to a unit (all: every member)
help-args-bind = <unit>
help-example-bind = 民革
help-unbind = unbind this group
help-help = this help
help-lang = change the language
help-args-lang = [zh|en]
help-example-lang = en
help-cancel = cancel the current step

## Language
lang-choose = 请选择语言 / Choose a language:
lang-name-zh = 简体中文
lang-name-en = English
lang-changed = Language set to English.
lang-unknown = Unsupported language: { $given }. Choose zh or en.

## Settings
settings-usage =
    Show one: /settings <key>
    Change one: /settings set <key> <value>
    For example: /settings set timeZone Asia/Shanghai
    Lists may be comma-separated: /settings set categories Education,Health,Other
    Use JSON for anything else.
settings-changed = Changed: { $key } = { $value }
settings-stats-recounting = Recounting all statistics for the new setting in the background; the bot answers as usual meanwhile, and until it is done /stats says the figures are being recounted.
settings-refused = { $key } was not changed: { $reason }
settings-unknown-key = There is no setting called “{ $key }”. Keys: { $keys }
settings-reason-unknown-key = there is no such setting. Keys: { $detail }
settings-reason-value-required = a value is required
settings-reason-not-json = the value cannot be read; write it as JSON, e.g. { $detail }
settings-reason-time-zone = not a known IANA time zone, e.g. Asia/Shanghai
settings-reason-cron = a cron expression has five fields (minute hour day month weekday), e.g. 0 9 1 * *
settings-reason-title-lengths = titleMinLength must be below titleMaxLength
settings-reason-own-level = ownLevel must be one of levels
settings-reason-too-small = must be at least { $detail }
settings-reason-too-big = must be at most { $detail }
settings-reason-too-short = must be at least { $detail } characters long
settings-reason-too-long = must be at most { $detail } characters long
settings-reason-too-few = must have at least { $detail } items
settings-reason-too-many = must have at most { $detail } items
settings-reason-not-integer = must be a whole number
settings-reason-wrong-type = wrong type, expected { $detail }
settings-reason-not-one-of = must be one of: { $detail }
settings-reason-invalid = invalid value

## Roster
roster-error-unsupported-file-type = Unsupported file type. Please send the roster as .csv or .xlsx.
roster-error-missing-columns = The roster lacks required columns: { $detail }. Required: name, role, unit (optional: unit type, phone).
roster-column-name = name
roster-column-role = role
roster-column-unit = unit
roster-column-separator = {", "}
roster-error-empty-file = The roster file is empty.
roster-error-unreadable = This file cannot be read. Please send the roster as a .csv or .xlsx file (saved from Excel or WPS), with a header row.
roster-rejected-title = { $count } rows have problems, so nothing was imported. Please fix them and send the whole file again:
roster-rejected-line = Line { $line }: { $reason }
roster-rejected-more = …and { $count } more rows with problems; the attached file lists them all.
roster-rejected-file = All { $count } rows with problems (line and reason).
roster-csv-line = Line
roster-csv-reason = Reason
roster-reason-empty-name = the name is empty
roster-reason-name-too-long = the name is too long ({ $detail })
roster-reason-unknown-role = unknown role “{ $detail }” (use member, standing, informant, staff, leader, admin)
roster-reason-empty-unit = the unit is empty
roster-reason-unknown-unit-type = unknown unit type “{ $detail }” (use party, federation, committee, sector, township, other)
roster-reason-bad-phone = the phone number is not valid ({ $detail })
roster-reason-duplicate-in-unit = same name in the same unit as line { $detail }
roster-reason-staff-role-needs-admin = { $detail }: only an admin may grant the staff or admin role
roster-reason-staff-person-needs-admin = { $detail }: holds a staff or admin role; only an admin may change their role, unit or phone
roster-imported =
    Roster imported ({ $rows } rows):
    { $unitsCreated } units created, { $peopleCreated } people added, { $peopleUpdated } updated, { $peopleUnchanged } unchanged.
    Send /invites to export the invite links.
roster-imported-inactive = { $count } of them are deactivated: their details were updated and they stay deactivated; reactivate them in /roster if needed.
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
roster-template-file-name = roster-template.xlsx
roster-template-caption = The roster template: fill in the 名单 sheet, one person a row (身份 and 单位类型 have drop-down lists; the 填写说明 sheet explains each column), then send the file back to me to import it. The two rows starting with 示例 are examples and are not imported.
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

## Reports (display)
report-untitled = (no title yet)
report-urgent-mark = [URGENT]
report-line-id = No. #{ $id }
report-line-status = Status: { $status }
report-line-category = Category: { $category }
report-line-authors = Author(s): { $authors } ({ $unit })
report-line-attachments = Attachments: { $count }
report-section-heading =
    { $nth ->
        [first] 1
        [second] 2
       *[third] 3
    }. { $name }
report-section-situation = Situation
report-section-analysis = Analysis
report-section-suggestions = Suggestions
status-draft = draft
status-submitted = submitted, awaiting review
status-accepted = accepted
status-returned = returned for revision
status-rejected = rejected
status-forwarded = forwarded
status-forwarded-level = forwarded ({ $level })
status-transferred = transferred
status-closed = closed

## Writing a report
command-new = Write a report
command-drafts = My drafts
submit-intro =
    Let's write a public-opinion report. Every step is saved at once; you can stop any time and continue with /drafts.
    What makes a good report: one matter per report; a title like “Suggestions on …”; about 1,500 characters is plenty.
    Send /cancel at any time to leave.
submit-ask-title = Step 1: send the title ({ $min }–{ $max } characters). Name one matter, e.g. “Suggestions on safer drinking water in villages”.
submit-current = Current text (press and hold to copy):
submit-current-above = The current text is long: it is shown above, in several parts you can copy.
submit-title-too-short = The title is too short ({ $length } characters); it needs at least { $min }. Please send it again.
submit-title-too-long = The title is too long ({ $length } characters); at most { $max }. Please shorten it.
submit-title-multiline = The title must be a single line. Please send it again.
submit-ask-category = Step 2: choose a category.
submit-category-unknown = Please choose a category with the buttons below.
submit-ask-situation = Step 3: the situation or problem. What happened, where, how many people, what figures. You can send several messages; press “Section done” when finished. You may also send a Word (.docx) file. The whole report may have at most { $max } characters.
submit-ask-analysis = Analysis (optional): the causes of the problem. Press “Section done” when finished.
submit-ask-suggestions = Step 4: suggestions. Concrete, practicable steps, best as a numbered list.
submit-suggestions-then-preview = Once sent, the preview follows; text sent after it is added to the suggestions.
submit-suggestions-added = Added to the suggestions. Suggestions: { $length } characters; whole report: { $total }/{ $max }.
submit-edit-mode-append = What you send now is added after the current text (press “Replace” to replace it all instead). Press “Section done” when finished.
submit-edit-mode-replace = What you send now replaces the current text (press “Append” to add after it instead). Press “Section done” when finished.
submit-button-mode-append = Append
submit-button-mode-replace = Replace
submit-button-add-analysis = + Analysis (optional)
submit-button-edit-analysis = ✏️ Analysis
submit-button-coauthors = 👥 Co-authors ({ $count })
submit-button-urgent-on = ☑ Urgent
submit-button-urgent-off = ☐ Urgent
submit-section-so-far = { $length } characters of this section are saved; you can keep writing:
submit-section-saved = Saved. This section: { $length } characters; whole report: { $total }/{ $max }. Send more, or press “Section done”.
submit-section-imported = Read from the file. This section: { $length } characters; whole report: { $total }/{ $max }. Press “Section done” if it is right.
submit-section-empty = This section is still empty; please send some text first.
submit-body-too-long = That would take the report over { $max } characters, so this message was not saved (everything before it is). About { $room } characters still fit in this section; please shorten and send again.
submit-docx-unreadable = This Word file cannot be read. Please make sure it is a .docx, or send the text instead.
submit-ask-attachments = Attachments (optional). Send photos or files, at most { $max }; you have { $count }. Press “Attachments done” when finished, or “No attachments”.
submit-attachment-added = Attachment added ({ $count }/{ $max }).
submit-attachment-duplicate = This attachment is already there.
submit-attachment-full = At most { $max } attachments.
submit-attachments-cleared = Attachments removed.
submit-ask-coauthors = Co-authors (optional). Type part of a name to search; chosen: { $chosen }. Tap someone chosen to remove them, then press the button below when done.
submit-coauthor-none = Nobody who has joined has “{ $query }” in their name. Please try another part of the name.
submit-coauthor-pick = Tap to choose co-authors (tap again to remove):
submit-coauthor-added = Added { $name }
submit-coauthor-removed = Removed { $name }
submit-ask-urgent = Is this an urgent matter that needs reporting at once?
submit-preview-intro = Preview: this is what the staff will read.
submit-preview-revision = Preview (revised, to be resubmitted):
submit-preview-actions = Press “Submit” when it is right. Optional: an analysis, co-authors, urgency; send a photo or file to attach it; text you send now is added to the suggestions.
submit-edit-which = Which part do you want to change?
submit-similar-found = Note: these reports from the last year look similar. Please make sure yours is not a duplicate:
submit-similar-line = #{ $id } “{ $title }” — { $status }, { $date }
submit-done = Submitted! Report No. #{ $id }. You will be told here what becomes of it; send /my to follow it.
submit-resubmitted = Your revised report was resubmitted (No. #{ $id }).
submit-already = This report was already submitted (No. #{ $id }); it will not be submitted twice.
submit-failed-not-found = This draft no longer exists.
submit-failed-incomplete = The draft is not complete yet: title, category, situation and suggestions are needed.
submit-failed-not-returned = This report is not in the “returned” state, so it cannot be resubmitted.
submit-saved = Saved as a draft. Send /drafts to continue.
submit-cancel-ask = Leave the report? You can keep the draft and continue later with /drafts.
submit-cancel-choose = Please use the buttons above: keep the draft, delete it, or continue writing.
submit-draft-kept = The draft is kept. Send /drafts to continue.
submit-draft-discarded = The draft was deleted.
submit-finish-or-cancel = You are writing a report, so { $command } is not available now. Continue with this step, or send /cancel to leave.
submit-edits-ignored = Edits to messages you already sent are not picked up. Please send the corrected text again, or change the section from the preview.
submit-wrong-input-title = Please send the title as text.
submit-wrong-input-category = Please choose a category with the buttons.
submit-wrong-input-section = This step needs text (or a .docx file). Everything written so far is saved; please continue in text.
submit-wrong-input-attachments = Attachments must be photos or files. Press “Attachments done” when finished.
submit-wrong-input-coauthors = Type part of a co-author's name to search, or press “No co-authors”.
submit-wrong-input-urgent = Please answer with the buttons: yes or no.
submit-wrong-input-preview = Please use the buttons under the preview: submit, edit, save or cancel.
submit-button-section-done = ✅ Section done
submit-button-clear-analysis = Remove this section
submit-button-skip = Skip
submit-button-keep = Keep as is
submit-button-attachments-done = ✅ Attachments done
submit-button-no-attachments = No attachments
submit-button-clear-attachments = Remove all
submit-button-coauthors-done = ✅ Co-authors chosen
submit-button-no-coauthors = No co-authors
submit-button-urgent-yes = Yes, urgent
submit-button-urgent-no = No
submit-button-submit = 📨 Submit
submit-button-edit = ✏️ Edit
submit-button-save = 💾 Save draft
submit-button-cancel = Cancel
submit-button-submit-anyway = Not a duplicate: submit
submit-button-back-to-preview = Back to the preview
submit-button-keep-draft = Keep the draft
submit-button-discard-draft = Delete the draft
submit-button-continue = Continue writing
submit-button-stale-draft = Writing this draft was interrupted. Send /drafts to continue.
submit-button-outdated = This button belongs to an older version of the screen and no longer works. Here is your current step.
submit-step-title = Title
submit-step-category = Category
submit-step-situation = Situation
submit-step-analysis = Analysis
submit-step-suggestions = Suggestions
submit-step-attachments = Attachments
submit-step-coauthors = Co-authors
submit-step-urgent = Urgent
submit-step-preview = Preview
draft-not-found = This draft cannot be found; it may have been deleted.
drafts-none = You have no unfinished drafts. Send /new to start one.
drafts-title = Your drafts ({ $count }):
drafts-line = { $n }. “{ $title }” — next: { $step } ({ $date })
drafts-line-revision = { $n }. “{ $title }” (revision) — next: { $step } ({ $date })
drafts-button-open = Continue
drafts-confirm-delete = Delete the draft “{ $title }”? This cannot be undone.
drafts-button-confirm-delete = Delete
staff-new-report = 📥 New report #{ $id }{ $urgent }: “{ $title }” — { $author } ({ $unit })
staff-report-resubmitted = 📥 Revised and resubmitted #{ $id }{ $urgent }: “{ $title }” — { $author } ({ $unit })

## My reports
command-my = My reports
my-none = You have not submitted any report yet. Send /new to write one.
my-none-with-status = No reports with the status “{ $status }”. Send /my to see them all.
my-unknown-status = Unknown status “{ $given }”. Available: { $statuses }
my-title = My reports: { $from }–{ $to } of { $total }
my-count = { $status } { $count }
my-filter = Filter: { $status } (send /my to see all)
my-line = #{ $id } “{ $title }” — { $status }, { $date }
my-page-hint = Press a number to read the report and follow what became of it.
my-revision = Version { $revision } ({ $previous } earlier version(s) kept)
my-timeline-title = What became of report #{ $id }:
my-event-line = { $time } { $kind }
my-event-by = by { $name }
my-event-level = level: { $level }
my-event-mode = as: { $mode }
my-event-department = department: { $department }
my-event-note = Note: { $note }
my-returned-hint = This report was returned. Please revise it following the note above and submit it again.
my-returned-hint-coauthor = This report was returned; its main author will revise and resubmit it.
my-button-attachments = 📎 Show attachments ({ $count })
my-button-revise = ✏️ Revise and resubmit
my-attachments-none = This report has no attachments.
my-revise-main-author-only = Only the main author can revise this report.
my-revise-not-returned = This report is not returned for revision, so it cannot be revised now.
my-revise-other-draft-kept = The other draft you were writing is saved; send /drafts to continue it later.

## Timeline
event-submitted = submitted
event-resubmitted = revised and resubmitted
event-accepted = accepted
event-returned = returned for revision
event-rejected = rejected
event-forwarded = forwarded upward
event-adopted = adopted
event-instructed = leader's instruction
event-read = leader read with comment
event-transferred = transferred to a department
event-replied = department replied
event-closed = closed
level-county = county
level-city = city
level-province = province
level-national = national
mode-single = single piece
mode-combined = combined piece
menu-new = ✍️ Write a new report
menu-drafts = 📝 My drafts
menu-my = 📋 My reports

## My progress (/me)
command-me = My quota progress and points
me-title = { $name } ({ $role }, { $unit })
me-quota = Quota for { $period }: { $required }. Submitted { $done }, { $owed } still owed, { $days } days left.
me-quota-met = Quota for { $period }: { $required }. Submitted { $done }: done ✅
me-no-quota = Your role has no report quota.
me-behind = You are behind pace. Send /new to start a report, /drafts to continue a draft.
me-counts = Submitted (not counting rejected): { $month } this month, { $quarter } this quarter, { $year } this year.
me-points = Points in { $year }: { $points } ({ $adopted } adopted, { $instructed } leader instructions)
me-rank-unit = Rank in your unit: { $rank } of { $total }
me-rank-all = Overall rank: { $rank } of { $total }

## Scheduled jobs: reminders, progress, bulletins
period-name =
    { $kind ->
        [month] month { $index } of { $year }
        [quarter] { $year } { $quarter ->
            [q1] Q1
            [q2] Q2
            [q3] Q3
           *[q4] Q4
        }
       *[year] { $year }
    }
job-list-separator = {", "}
job-list-more = …and { $count } more.
job-no-unit = No unit
job-everyone = Everyone
job-name-unbound = { $name } (not bound)
job-unit-names = { $unit } ({ $count }): { $names }
job-level-count = { $level } { $count }
job-member-reminder =
    Hello { $name }, this is a reminder from { $committee } about public-opinion reports.
    Your quota for { $period } is { $required }: { $done } submitted, { $owed } still owed, { $days } days left.
    Send /new to start a report, or /drafts to continue a draft. Send /me to see your progress and points.
job-staff-digest-title = 📋 Weekly report work digest ({ $date })
job-staff-digest-waiting = Reports waiting for review more than { $days } days: { $count }
job-staff-digest-waiting-line = #{ $id } "{ $title }" — { $author } ({ $unit }), waiting { $days } days
job-staff-digest-zero = People with no report yet this period: { $count }
job-staff-digest-unbound = People without a bound account (they get no reminders): { $count }. Send /invites to export their invite links.
job-staff-digest-unreachable = Unreachable people (blocked the bot): { $count }
job-staff-digest-unreachable-line = { $name } ({ $unit }), since { $since }
job-group-progress-title = 📊 { $committee } · { $unit } · report work progress, { $period }
job-group-progress-quota = Quota met: { $met } of { $total } people (as at the end of { $period }, each in their own quota period)
job-group-progress-month = { $period }: { $submitted } submitted, { $adopted } adopted
job-group-progress-year = { $year } so far: { $submitted } submitted, { $adopted } adopted
job-group-progress-unit-line = { $unit }: { $met } of { $total } met their quota, { $submitted } submitted this month
job-group-progress-behind-title = Behind pace ({ $count }):
job-group-progress-footer = Message me privately: /new to write a report, /me to see your own progress.
job-standings-title = 📢 { $committee } — public-opinion report bulletin, { $period }
job-standings-summary = { $submitted } reports submitted, { $adopted } adopted ({ $levels }), { $instructed } leader instructions, adoption rate { $rate }, { $points } points.
job-standings-units = 1. Units by points
job-standings-people = 2. People by points
job-standings-unit-line = { $rank }. { $name } — { $points } points: { $submitted } submitted, { $adopted } adopted ({ $levels }), { $instructed } instructions, adoption rate { $rate }
job-standings-person-line = { $rank }. { $name } ({ $unit }) — { $points } points: { $submitted } submitted, { $adopted } adopted ({ $levels }), { $instructed } instructions, adoption rate { $rate }
job-standings-none = (none)
job-standings-people-more = …and { $count } more: the full standings are in /rank (in a private chat with the bot) and in the Excel bulletin from /export.
job-standings-zero-title = No report in { $period } ({ $count } people; sent to staff only):
job-draft-reminder =
    You have { $count } draft(s) not edited for more than { $days } days:
    { $titles }
    Send /drafts to continue; once finished you can submit.
job-draft-reminder-line = · "{ $title }"
job-draft-reminder-line-revision = · "{ $title }" (revision of a returned report)
job-submission-digest-title = 📥 New submissions ({ $count }):
job-submission-digest-line = #{ $id }{ $urgent } "{ $title }" — { $author } ({ $unit })
job-submission-digest-line-resubmitted = #{ $id }{ $urgent } "{ $title }" — { $author } ({ $unit }), revised and resubmitted

## Review and follow-up (staff)
command-review = Review the queue
command-report = Open a report and record its progress
command-find = Find reports
command-issue = Compile the committee's publication
review-empty = No reports are waiting for review.
review-end = No more reports are waiting after this one. Send /review to start from the first.
review-queue-position = Waiting for review: { $position } of { $total }
card-status = #{ $id } “{ $title }” — status: { $status }
card-submitted = Submitted { $date }, version { $revision }
card-similar-title = Similar reports (check that this is not a duplicate):
card-similar-line = #{ $id } “{ $title }” — { $status }, { $date }
card-hint-returned = Returned to the author for revision; waiting for resubmission.
card-hint-rejected = Rejected; nothing more is recorded.
card-button-attachments = 📎 Attachments ({ $count })
card-button-refresh = 🔄 Refresh
card-button-add-to-issue = 📰 Add to this issue
review-button-accept = ✅ Accept
review-button-return = ↩️ Return
review-button-reject = ❌ Reject
review-button-next = ⏭ Next
review-button-publish-single = Own bulletin, single piece
review-button-publish-combined = Own bulletin, combined piece
review-button-publish-none = Accept, publish later
review-button-publish-issue = 📰 Accept and add to this issue
review-button-fix-title = ✏️ Fix the title first
review-button-fix-category = 🏷 Fix the category first
review-button-other-reason = ✍️ Another reason (type it)
review-accept-ask =
    Accept #{ $id } “{ $title }” (category: { $category }).
    Publish it in the committee's own bulletin? You can fix the title or category first.
review-ask-title =
    Send the new title ({ $min }–{ $max } characters).
    Current title: { $title }
    Send /cancel to leave it.
review-ask-category = Choose the category of #{ $id } (now: { $category }):
review-heading-changed = Changed #{ $id }: “{ $title }”, category { $category }.
review-return-ask = Return #{ $id } “{ $title }” for revision. Choose a reason (the author will see it), or “another reason” to type one:
review-reject-ask = Reject #{ $id } “{ $title }”. Choose a reason (the author will see it), or “another reason” to type one:
review-ask-reason = Type the reason; the author will see it. Send /cancel to leave it.
review-done-accepted = ✅ Accepted #{ $id } “{ $title }”; the authors were told.
review-done-published = ✅ Accepted #{ $id } “{ $title }” and published it in the committee's publication ({ $mode }); the authors were told.
review-done-returned = ↩️ Returned #{ $id } “{ $title }”; the authors were given the reason.
review-done-rejected = ❌ Rejected #{ $id } “{ $title }”; the authors were given the reason.
action-button-forward = 📤 Forwarded
action-button-adopt = 🏅 Adopted
action-button-instruct = 🖊 Instruction
action-button-read = 👁 Read with comment
action-button-transfer = 🏢 Transferred
action-button-reply = 💬 Reply
action-button-close = 🔒 Close
action-button-confirm-close = Close it
action-ask-level-fwd = To which level was #{ $id } “{ $title }” forwarded?
action-ask-level-ado = Which level adopted #{ $id } “{ $title }”?
action-ask-level-ins = At which level did a leader write an instruction on #{ $id } “{ $title }”?
action-ask-level-rdg = At which level did a leader read #{ $id } “{ $title }” and comment?
action-ask-mode = How did the { $level } level adopt #{ $id }?
action-ask-instruction = Type the { $level } leader's instruction (who, and its gist). Send /cancel to leave it.
action-ask-read = Type who read it at the { $level } level and their comment. Send /cancel to leave it.
action-ask-department = Type the name of the department handling it. Send /cancel to leave it.
action-ask-reply = Type the gist of the reply from { $department }. Send /cancel to leave it.
action-confirm-close = Close #{ $id } “{ $title }”? Adoptions and instructions can still be recorded afterwards.
action-recorded = ✅ Recorded for #{ $id } “{ $title }”: { $event }. The authors were told.
action-already-handled = #{ $id } was just handled ({ $event }, by { $name }); your action was not applied and nothing is recorded twice.
action-changed = #{ $id } changed after you opened it; your action was not applied. Please look at it as it is now.
refusal-not-submitted = This report is no longer waiting for review (now: { $status }).
refusal-not-accepted = This report has not been accepted (now: { $status }), so this step cannot be recorded.
refusal-not-forwarded = This report has not been forwarded, so an adoption or instruction at the { $level } level cannot be recorded. Record “forwarded” first.
refusal-below-own-level = Adoptions and instructions below the committee's own level cannot be recorded.
refusal-not-above-own-level = Reports are forwarded only to levels above the committee's own.
refusal-no-transfer = This report has not been transferred to a department, so a reply cannot be recorded. Record “transferred” first.
refusal-rejected = This report was rejected; nothing more can be recorded for it.
refusal-already-final = This report is closed; only adoptions and instructions can still be recorded.
refusal-duplicate = The adoption at the { $level } level is already recorded for this report; it is not recorded twice.
refusal-no-level-above = This committee is at the top level: there is no higher level to forward to. An admin can change the levels in the settings (levels, ownLevel).
refusal-all-adopted = Every level's adoption is already recorded for this report; nothing more to record.
refusal-other = This step cannot be recorded now (status: { $status }).
prompt-cancelled = Cancelled; nothing was recorded.
prompt-text-only = Please answer with text, or send /cancel to leave it.
prompt-empty = Please type something, or press Cancel.
prompt-one-line = Please keep it to one line.
prompt-too-long = That is too long ({ $length } characters, at most { $max }); please shorten it and send it again.
prompt-finish-report-first = You are writing a report. Finish it or send /cancel to leave it, then do this step.
prompt-expired = This reply came too late (the question was asked over an hour ago), so nothing was recorded. Press the button on the card again and send it once more.
prompt-button-cancel = Cancel
report-usage = Usage: /report <number>, e.g. /report 12. Send /find <words> to look a number up.
report-not-found = There is no report #{ $id }.
find-usage = Usage: /find <words>. Words from the title or text, an author's name or a unit's name; separate several words with spaces.
find-none = No report contains “{ $words }”.
find-title = Found { $total } reports (showing the newest { $shown }):
find-line = #{ $id } “{ $title }” — { $status }, { $author } ({ $unit }), { $date }
find-hint = Tap a number to open the report's card.

## Telling the authors
author-event-accepted = ✅ Your report “{ $title }” (#{ $id }) was accepted.
author-event-adopted = 🏅 Your report “{ $title }” (#{ $id }) was adopted at the { $level } level ({ $mode }).
author-event-returned =
    ↩️ Your report “{ $title }” (#{ $id }) was returned for revision.
    Comment: { $note }
    Send /my, open the report, revise it as asked and submit it again.
author-event-returned-coauthor =
    ↩️ The report you co-authored, “{ $title }” (#{ $id }), was returned for revision; its main author will revise and resubmit it.
    Comment: { $note }
author-event-rejected =
    Your report “{ $title }” (#{ $id }) was rejected.
    Reason: { $note }
    Thank you for taking part; we look forward to your next report.
author-event-forwarded = 📤 Your report “{ $title }” (#{ $id }) was forwarded to the { $level } level.
author-event-instructed =
    🖊 A { $level } leader wrote an instruction on your report “{ $title }” (#{ $id }):
    { $note }
author-event-read =
    👁 A { $level } leader read your report “{ $title }” (#{ $id }) and commented:
    { $note }
author-event-transferred = 🏢 Your report “{ $title }” (#{ $id }) was transferred to { $department } for handling.
author-event-replied =
    💬 { $department } replied on your report “{ $title }” (#{ $id }):
    { $note }
author-event-closed = 🔒 Your report “{ $title }” (#{ $id }) is closed. Send /my to see its whole history.

## Statistics, standings and Excel bulletins (/stats, /rank, /export)
command-stats = Statistics
command-rank = Standings by points
command-export = Export the Excel bulletin
stats-recounting = The statistics are being recounted for the new settings ({ $percent } done); until then the figures are incomplete and not shown. Please send /stats again a little later.
stats-bad-period =
    “{ $given }” is not a period I know. Write for example:
    /stats 2026 — the whole of 2026
    /stats 2026Q3 — Q3 2026; /stats Q3 — Q3 of this year
    /stats 2026-05 — May 2026
    /stats this quarter, last quarter, this year, last year (or 本季度, 上季度, 本年, 去年)
    Without a period: this year. A unit or a person may follow, e.g. /stats last quarter 民建县委会
stats-unknown-target = No unit or person is called “{ $given }”. Check the name; the period comes first, e.g. /stats 2026Q3 { $given }
stats-choose-target = “{ $given }” matches several units or people; please write the full name: { $names }
stats-target-unit = { $name } (unit)
stats-target-person = { $name } ({ $unit })
stats-title = 📊 { $committee }: public-opinion reports, { $period }
stats-title-unit = 📊 { $unit }: public-opinion reports, { $period }
stats-title-person = 📊 { $name } ({ $unit }): public-opinion reports, { $period }
stats-compare = In brackets: the change against the previous period ({ $previous }).
stats-submitted = Submitted: { $count } ({ $delta })
stats-decisions = Review: accepted { $accepted } ({ $acceptedDelta }), returned { $returned } ({ $returnedDelta }), rejected { $rejected } ({ $rejectedDelta })
stats-adopted = Adopted: { $count } ({ $delta })
stats-adopted-level = · { $level }: single piece { $single } ({ $singleDelta }), combined piece { $combined } ({ $combinedDelta })
stats-instructed = Leaders' instructions: { $count } ({ $delta })
stats-read = Leaders' readings with comment: { $count } ({ $delta })
stats-transferred = Transferred to departments: { $count } ({ $delta })
stats-rate = Adoption rate: { $rate } (previous period { $previous }, change { $delta } points)
stats-rate-no-previous = Adoption rate: { $rate } (no data for the previous period)
stats-rate-none = Adoption rate: nothing submitted in this period
stats-quota = Quota met: { $met } of { $total } people ({ $percent }; previous period { $previousMet } of { $previousTotal })
stats-quota-none = Quota met: nobody owes reports.
stats-points = Points: { $points } ({ $delta })
stats-top-units = Top { $count } units by points:
stats-top-people = Top { $count } people by points:
stats-top-unit-line = { $rank }. { $name } — { $points } points (submitted { $submitted }, adopted { $adopted })
stats-top-person-line = { $rank }. { $name } ({ $unit }) — { $points } points (submitted { $submitted }, adopted { $adopted })
stats-top-none = (none yet)
stats-definitions = Note: submissions count by submission date; acceptances, returns, adoptions, instructions, transfers and points by the date they were recorded; the adoption rate is the share of this period's reports adopted by its end; quotas are scaled to the period.
stats-more = Send /rank { $period } for the full standings, /export { $period } for the Excel bulletin.
stats-refused-group-role = In groups only leaders can see statistics. Send /stats to me in a private chat.
stats-refused-group-disabled = Statistics are not shown in this group. Send /stats to me in a private chat (an administrator can allow it with /settings set statsInGroups true).
stats-refused-group-unbound = This group is not bound to a unit, so statistics are not shown here. Staff can bind it with /bind.
stats-chart-units = Units by points, { $period }
stats-chart-people = People by points, { $period }
stats-chart-header = { $committee } · statistics for { $period }
stats-chart-trend = Submitted and adopted per month (the chosen period shaded)
web-chart-trend = Submitted and adopted, the last twelve months
web-chart-month = { $month }/{ $year }
stats-chart-month = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
stats-chart-year = { $year }
stats-chart-submitted = Submitted
stats-chart-adopted = Adopted
stats-chart-empty = No data yet
rank-title-units = 🏆 Units by points, { $period } ({ $from }–{ $to } of { $total })
rank-title-people = 🏆 People by points, { $period } ({ $from }–{ $to } of { $total })
rank-unit-line = { $rank }. { $name } — { $points } points: submitted { $submitted }, adopted { $adopted }, instructions { $instructed }, adoption rate { $rate }
rank-person-line = { $rank }. { $name } ({ $unit }) — { $points } points: submitted { $submitted }, adopted { $adopted }, instructions { $instructed }, adoption rate { $rate }
rank-empty-units = No unit standings for { $period } yet.
rank-empty-people = Nobody has submitted or scored in { $period } yet.
rank-button-units = 🏢 Units
rank-button-people = 👤 People
export-caption = { $committee }: bulletin of public-opinion reports, { $period } ({ $units } units, { $people } people, { $reports } reports)
bulletin-sheet-summary = 汇总
bulletin-sheet-units = 单位排名
bulletin-sheet-people = 个人排名
bulletin-sheet-reports = 信息明细
bulletin-col-item = Item
bulletin-col-value = Value
bulletin-col-rank = Rank
bulletin-col-unit = Unit
bulletin-col-name = Name
bulletin-col-role = Role
bulletin-col-points = Points
bulletin-col-submitted = Submitted
bulletin-col-accepted = Accepted
bulletin-col-returned = Returned
bulletin-col-rejected = Rejected
bulletin-col-adopted = Adopted
bulletin-col-level-single = { $level } single
bulletin-col-level-combined = { $level } combined
bulletin-col-instructed = Instructions
bulletin-col-read = Read with comment
bulletin-col-transferred = Transferred
bulletin-col-rate = Adoption rate
bulletin-col-quota-met = Quota met
bulletin-col-quota-total = Owing a quota
bulletin-col-id = No.
bulletin-col-title = Title
bulletin-col-authors = Authors
bulletin-col-category = Category
bulletin-col-submitted-at = Submitted at
bulletin-col-status = Status now
bulletin-col-events = Steps in the period
bulletin-col-report-points = Points in the period
bulletin-title = { $committee }: public-opinion report work, { $period }
bulletin-file-name = { $committee } public-opinion bulletin { $period }
bulletin-total = Total
bulletin-summary-period = Period
bulletin-summary-submitted = Reports submitted
bulletin-summary-accepted = Accepted
bulletin-summary-returned = Returned for revision
bulletin-summary-rejected = Rejected
bulletin-summary-adopted = Adopted
bulletin-summary-instructed = Leaders' instructions
bulletin-summary-read = Leaders' readings with comment
bulletin-summary-transferred = Transferred to departments
bulletin-summary-rate = Adoption rate
bulletin-summary-quota-met = Quota met (people)
bulletin-summary-quota-total = Owing a quota (people)
bulletin-summary-points = Total points
bulletin-summary-generated = Generated at
bulletin-event = { $date } { $event }
bulletin-event-detailed = { $date } { $event } ({ $details })
bulletin-event-separator = {"; "}
bulletin-reports-left-out = …and { $count } more reports not listed (beyond one file's limit); export quarters or months instead.

## Web console (/web)
web-brand = Minyi console
web-nav-home = Home
web-nav-dashboard = Statistics
web-nav-queue = Review
web-nav-mine = My reports
web-sign-out = Sign out
web-signed-out = You are signed out.
web-sign-in-hint = Send /web to the bot in Telegram for a new sign-in link.
web-sign-in-title = Sign in
web-sign-in-confirm = Press the button to sign in to the console. This link works once, for 10 minutes.
web-sign-in-button = Sign in
web-sign-in-link-invalid = This sign-in link is invalid, expired or already used.
web-welcome-signed-out = You are not signed in to the console.
web-mini-app-signing-in = Signing in through Telegram…
web-mini-app-outside = Open this page in Telegram, or use the sign-in link the bot sends.
web-init-data-invalid = Telegram's sign-in data is invalid; close the page and open it again.
web-init-data-stale = Telegram's sign-in data has expired; close the page and open it again.
web-error-signed-out = Your session has ended; please sign in again.
web-error-csrf = This request's origin could not be verified; reload the page and try again.
web-error-not-found = No such page or record.
web-home-title = Console
web-home-hello = Hello, { $name } ({ $role }).
web-sessions-revoked = Signed this person out of { $count } sessions.
web-link-message = Your console sign-in link (valid for 10 minutes, works once, do not forward):
    { $url }
web-link-open-app = Open the console in Telegram
command-web = Open the web console
web-menu-button = Console
web-dashboard-title = { $committee } · { $period }
web-unit-title = { $unit } · { $period }
web-back-to-dashboard = ← Back to all statistics
web-unit-people = People's points
web-unit-reports = Reports submitted in the period ({ $count })
web-export-xlsx = Export the Excel bulletin
web-export-docx = Export the bulletin as a Word document
web-period-label = Period
web-period-show = Show
web-period-this-year = This year
web-period-last-year = Last year
web-period-this-quarter = This quarter
web-period-last-quarter = Last quarter
web-period-this-month = This month
web-fig-submitted = Submitted
web-fig-accepted = Accepted
web-fig-returned = Returned
web-fig-rejected = Rejected
web-fig-adopted = Adopted
web-fig-instructed = Instructions
web-fig-read = Read with comment
web-fig-transferred = Transferred
web-fig-points = Points
web-fig-rate = Adoption rate
web-col-level = Level
web-col-single = Single
web-col-combined = Combined
web-col-rank = Rank
web-col-unit = Unit
web-col-person = Name
web-col-points = Points
web-col-title = Title
web-col-author = Author
web-col-status = Status
web-back = ← Back
web-queue-title = Reports waiting for review ({ $count })
web-queue-empty = Nothing is waiting for review.
web-urgent = Urgent
web-section-situation = Situation
web-section-analysis = Analysis
web-section-suggestions = Suggestions
web-attachments = Attachments
web-attachment-photo = Photo
web-attachment-document = File
web-timeline = Timeline
web-decide = Review
web-record-step = Record a step
web-action-accept = Accept
web-action-return = Return for revision
web-action-reject = Reject
web-publish = Publish in our bulletin
web-publish-later = Not now
web-mode = As a
web-reason = Reason
web-instruction = Instruction
web-read-note = Who read it, and the comment
web-department = Department
web-reply = Department's reply
web-decision-recorded = Recorded: { $event }. The authors will be told.
web-decision-text-required = Please fill this in.
web-decision-level-required = Please choose a level.
web-attachment-unavailable = This attachment cannot be fetched from Telegram right now; please try again later.
web-drafts = My drafts ({ $count })
web-drafts-none = No unsubmitted drafts.
web-draft-untitled = (untitled draft)
web-draft-new = Write a new report
web-my-reports = Reports I submitted ({ $count })
web-my-reports-none = You have not submitted any reports yet.
web-draft-title = Title
web-draft-title-hint = Suggestions on …
web-draft-category = Category
web-draft-save = Save draft
web-draft-saved = Saved
web-draft-saving = Saving…
web-draft-changed = This draft was just changed in chat. Nothing was saved, so your words in chat are kept; reload the page and edit again.
web-draft-continue-in-chat = This is the same draft as in chat: send /drafts to the bot to continue, preview and submit it.
web-title-too-short = The title is too short ({ $length } characters); at least { $min }.
web-title-too-long = The title is too long ({ $length } characters); at most { $max }.
web-title-multiline = The title must be one line.
web-body-too-long = The text has { $length } characters, over the limit of { $max }.
web-nav-roster = Roster
web-roster-title = Roster ({ $total } people)
web-roster-search = Search by name
web-roster-search-button = Search
web-roster-none = Nobody found.
web-col-role = Role
web-col-phone = Phone
web-col-invite = Invite link
web-col-sessions = Console sessions
web-sign-out-everywhere = Sign this person out of the console everywhere
web-nav-settings = Settings
web-settings-title = Settings
web-settings-save = Save this setting
web-setting-name = Committee name
web-setting-shortName = Short name
web-setting-publicationName = Publication
web-setting-timeZone = Time zone
web-setting-ownLevel = Own level
web-setting-levels = Levels (lowest first)
web-setting-categories = Categories
web-setting-quotas = Quotas
web-setting-scoring = Scoring table
web-setting-titleMinLength = Title: fewest characters
web-setting-titleMaxLength = Title: most characters
web-setting-bodyMaxLength = Text: most characters
web-setting-draftReminderDays = Draft reminder after days
web-setting-notifyStaff = Tell staff of new reports
web-setting-reviewWaitingDays = Review reminder after days
web-setting-groupShowNamesBehind = Name people behind in groups
web-setting-statsInGroups = Statistics in groups
web-setting-rejectReasons = Usual reasons for rejection
web-setting-schedules = Schedules
web-roster-import = Import a roster
web-roster-import-hint = A CSV or XLSX file with columns 姓名, 身份, 单位 (optional 单位类型, 手机). As in chat: if any row is wrong, nothing is imported.
web-roster-import-button = Import
web-home-queue = Waiting for review: { $count }
web-home-dashboard = Statistics and standings
web-home-mine = My reports and drafts
## Files people send (src/files): the bound a file crossed; nothing else was changed.
file-too-large = The file is too large: { $limit } MB at most. Please send a smaller file.
file-too-large-unpacked = This file unpacks to more than { $limit } MB, so it was not read. Please save it again without large pictures, or send the text instead.
file-too-many-entries = This file holds more than { $limit } parts, so it was not read. Please save it again from Word, Excel or WPS.
file-too-many-rows = A roster file takes at most { $limit } people; this one has more. Please split it into several files.
file-too-slow = Reading this file took more than { $limit } seconds, so it was stopped. Please save it again, or send a simpler file.
file-too-much-memory = Reading this file needed more than { $limit } MB of memory, so it was stopped. Please save it again, or send a simpler file.
file-draft-kept = What you had written for this section is kept as it was.
roster-file-too-big = The file is too large (5 MB at most). Please split it.
## Word documents (src/documents, src/handlers/documents.ts): the documents themselves are always in Chinese.
button-word-document = 📄 Word document
doc-preparing = Preparing the Word document…
doc-report-caption = Report #{ $id } “{ $title }” as a Word document (official layout)
doc-person-unit = { $name } ({ $unit })
doc-report-author = Reported by: { $author }
doc-report-coauthors = Co-authors: { $authors }
doc-section-situation = Situation
doc-section-analysis = Analysis
doc-section-suggestions = Suggestions
doc-attachment-unnamed =
    { $kind ->
        [photo] Photo { $n }
       *[other] File { $n }
    }

## The committee's publication (编发)
issue-usage = Usage: /issue opens this issue of the publication; /issue <number> adds that accepted report to it.
issue-panel-open = 📰 《{ $publication }》, this issue (being compiled, not yet published)
issue-panel-published = 📰 { $label } (published)
issue-panel-issue-note = Editor's note for the issue: { $note }
issue-panel-empty = No pieces yet. Press “Add reports” to pick accepted reports.
issue-panel-single = { $index }. [single] “{ $title }” — { $reports }
issue-panel-combined = { $index }. [combined] “{ $title }” — { $reports }
issue-panel-report = #{ $id } { $author }
issue-panel-piece-note = Editor's note: { $note }
issue-piece-ask = Piece { $index }: what should be done?
issue-button-add = ➕ Add reports
issue-button-merge = 🔗 Combined piece
issue-button-issue-note = ✍️ Issue's editor's note
issue-button-piece-note = ✍️ Editor's note
issue-button-clear-note = 🗑 Delete editor's note
issue-button-title = ✏️ Change title
issue-button-up = ⬆️ Up
issue-button-down = ⬇️ Down
issue-button-remove = ✖️ Take out
issue-button-preview = 👁 Preview
issue-button-publish = 📤 Publish this issue
issue-button-publish-confirm = ✅ Publish
issue-button-file = 📄 Word file
issue-button-merge-done = ✅ Done ({ $count }), type the title
issue-candidates-title = Accepted reports that can go into this issue ({ $total }); press one to add it as a single piece:
issue-candidates-none = Nothing to add: every accepted report is published or already in this issue.
issue-candidate-line = #{ $id } “{ $title }” — { $author } ({ $unit })
issue-merge-title = Pick the reports to merge into one combined piece (at least two; { $count } picked), then type its title.
issue-merge-too-few = A combined piece merges at least two reports: pick them first.
issue-ask-combined-title = Type the title of the combined piece ({ $count } reports; one line, at most { $max } characters):
issue-ask-title = Type the new title of the combined piece (one line, at most { $max } characters):
issue-ask-issue-note = Type the editor's note for the issue (at most { $max } characters):
issue-ask-piece-note = Type the editor's note for this piece (at most { $max } characters):
issue-note-empty = An editor's note cannot be empty. To delete it, press “Delete editor's note”.
issue-title-saved = ✅ Title saved.
issue-note-saved = ✅ Editor's note saved.
issue-note-cleared = Editor's note deleted.
issue-piece-removed = Taken out of the issue.
issue-added = #{ $id } “{ $title }” added to this issue (single piece).
issue-not-includable = #{ $id } cannot go into this issue: only accepted reports not yet published and not in the issue can.
issue-not-open = { $label } is published and can no longer change. Send /issue to compile the next one.
issue-not-open-any = This issue is published and can no longer change. Send /issue to compile the next one.
issue-problem-not-open = This issue is already published.
issue-problem-empty = The issue has no pieces yet.
issue-problem-combined-too-few = Combined piece { $piece } holds only one report: add another or make it a single piece.
issue-problem-combined-no-title = Combined piece { $piece } has no title yet.
issue-publish-ask = Publish this issue of 《{ $publication }》: { $pieces } pieces, { $reports } reports. It gets the year's next number, every report is recorded as published in the committee's publication (single or combined) and scored, the authors are told, and the issue can no longer change. Publish?
issue-publish-refused = #{ $id } “{ $title }” can no longer be published (its status changed or it is published already); nothing was published. Take it out of the issue and try again.
issue-published = ✅ { $label } published: { $reports } reports recorded as published in the committee's publication; the authors were told. Here is the Word file.
issue-already-published = { $label } was published already ({ $reports } reports); nothing was recorded twice. Here is the Word file.
issue-number = { $year }年第{ $number }期
issue-number-open = (being compiled)
issue-doc-issuer = { $committee }编印
issue-doc-authors = 反映人：{ $names }（{ $unit }）
issue-doc-editor-note = 编者按：
issue-doc-combined = （综合）
issue-doc-section-situation = 基本情况
issue-doc-section-analysis = 原因分析
issue-doc-section-suggestions = 意见建议
author-event-published = 📰 Your report “{ $title }” (#{ $id }) was published in { $note } ({ $mode }).
review-done-added-to-issue = ✅ #{ $id } “{ $title }” accepted and added to this issue (single piece). It is recorded as published when the issue is; send /issue to work on it.
web-nav-issue = Publication
web-home-issue = Compile the committee's publication
web-issue-title = Compile 《{ $publication }》
web-issue-saved = Saved.
web-issue-none-open = No issue is being compiled.
web-issue-open = Start the next issue
web-issue-open-hint = Not yet published: change anything at any time; /issue in chat works on the same issue.
web-issue-published-list = Published issues (Word files)
web-issue-pick-some = Tick some reports first.
web-issue-pieces = Pieces of this issue
web-issue-piece-title = Title of the combined piece
web-issue-save = Save
web-issue-candidates = Accepted reports that can be added ({ $total })
web-issue-singles = Single pieces already in this issue (tick them to merge into a combined piece):
web-issue-add = Add to this issue (single pieces)
web-issue-combined-title = Title of the combined piece (when merging)
web-issue-combine = Merge into one combined piece
web-issue-finish = Preview and publish
web-issue-preview = Download a preview (Word file)
web-issue-publish-hint = Once published the issue gets the year's next number, every report is recorded as published in the committee's publication (single or combined) and scored, the authors are told, and the issue can no longer change.

## Set-up and settings
command-setup = Set-up (the committee's name, quotas…)
help-setup = set up the committee step by step: its name, level, time zone, publication, quotas and rejection reasons
help-header = { $committee } — public-opinion report assistant
settings-list-title = Settings:
settings-list-hint = Press a button below to change one.
settings-line = { $label }: { $value }
settings-item-done = Saved.
setup-intro = { $steps } short questions set the committee up. Press a button or type your answer; “(default)” marks the recommended default. You can leave at any time: /setup or /start brings back the question you were at.
setup-step = Step { $step } of { $steps }
setup-now = Now: { $value }
setup-default-mark = (default)
setup-button-keep = Keep as is
setup-button-default = Use the default
setup-button-back = « Back to settings
setup-changed = { $label } changed: { $value }
setup-refused = { $label } was not changed: { $reason }
setup-resume = Continuing the set-up where you left it:
setup-stopped = The set-up is stopped. What you answered is saved; send /setup to start again.
setup-cancelled = Cancelled; this setting was not changed.
setup-done =
    { $committee } is set up! Send /settings any time to see and change the settings.
    Next: fill in the roster template below and send the file back to me; once the roster is in, /invites gives everyone's invite link.
setup-done-template = Roster template: fill in one person per row on the “名单” sheet (身份 and 单位类型 have drop-down lists; the “填写说明” sheet explains each column), then send this file back to me to import it. The two rows starting with 示例 are not imported.
setup-q-name = What is the committee's full name? Type it, e.g. 某某县政协
setup-q-short-name = And its short name, for chart titles and other tight places (e.g. 某县政协)? Type it or press a button.
setup-q-own-level = At which level is the committee?
setup-q-time-zone = Which time zone does the committee use? Reminders and statistics periods follow it. You can also type a zone name such as Asia/Shanghai.
setup-q-publication-name = What is the committee's own publication called? Press a button or type it, e.g. 社情民意
setup-q-quota = How many reports does a { $role } owe? Press a button or type e.g. 2 a year, 1 a quarter, 1 a month, none
setup-q-quota-optional = Does the role “{ $role }” owe reports? Usually not: press “{ words-quota-none }” or “{ setup-button-keep }” to skip; to set one, press a button or type e.g. 2 a year
setup-q-reject-reasons = Which reasons for rejecting a report do reviewers use most? Type one per line, or press “Use the default”.
setup-q-levels = Which levels are involved (lowest first)?
setup-q-categories = Which categories do reports have? Type them separated by commas, or press “Use the default”.
setup-q-scoring-single = Points for adoption as a single piece, from the own level up, separated by spaces, e.g. 5 10 20 30
setup-q-scoring-combined = Points for adoption in a combined piece, from the own level up, e.g. 2 5 10 15
setup-q-scoring-instruction = Points for a leader's instruction, from the own level up, e.g. 5 10 15 30
setup-q-scoring-transferred = Points for a report transferred to a department?
setup-q-title-min-length = At least how many characters in a title?
setup-q-title-max-length = At most how many characters in a title?
setup-q-body-max-length = At most how many characters in a report's text?
setup-q-draft-reminder-days = After how many days is the author of an untouched draft reminded?
setup-q-review-waiting-days = After how many days waiting for review is a report flagged to staff?
setup-q-notify-staff = How are information staff told of a new report?
setup-q-group-show-names-behind = When groups get the progress, should the names of those behind be listed?
setup-q-stats-in-groups = May /stats be used in groups?
setup-q-day = On which day should “{ $what }” happen? Press a button or type e.g. wednesday, 10th, last day
setup-q-hour = At what time on { $day } should “{ $what }” happen? Press a button or type e.g. 9:30
setup-typed-text = Please type some text.
setup-typed-number = Please type a whole number, e.g. 7
setup-typed-numbers = Please type the points separated by spaces, e.g. 5 10 20 30
setup-typed-list = Please type at least one item.
setup-typed-quota = I could not read that quota. Type e.g. 2 a year, 1 a quarter, 1 a month, or none.
setup-typed-day = I could not read that day. Type e.g. daily, monday, 1st (1st to 28th), last day.
setup-typed-clock = I could not read that time. Type e.g. 9:00 or 18:30.
setup-typed-buttons = Please choose with the buttons.
setting-label-name = Committee name
setting-label-short-name = Short name
setting-label-publication-name = Publication
setting-label-own-level = Committee level
setting-label-levels = Levels (lowest first)
setting-label-time-zone = Time zone
setting-label-quotas = Quotas
setting-label-scoring = Scoring
setting-label-categories = Categories
setting-label-reject-reasons = Rejection reasons
setting-label-title-min-length = Shortest title
setting-label-title-max-length = Longest title
setting-label-body-max-length = Longest text
setting-label-draft-reminder-days = Draft reminder days
setting-label-review-waiting-days = Review reminders
setting-label-notify-staff = New report notices
setting-label-group-show-names-behind = Names behind in groups
setting-label-stats-in-groups = Statistics in groups
setting-label-member-reminders = Quota reminders
setting-label-member-reminders-last-month = Last-month nudges
setting-label-group-progress = Group progress
setting-label-quarterly-standings = Quarterly bulletin
setting-label-staff-digest = Staff digest
setting-label-submission-digest = New reports digest
setting-label-draft-reminders = Draft reminder time
words-list-separator = { ", " }
words-clause-separator = { "; " }
words-yes = yes
words-no = no
words-short-name-same = same as the full name
words-time-zone-named = { $name } ({ $zone })
words-tz-asia-shanghai = Beijing time
words-tz-asia-urumqi = Urumqi time
words-tz-asia-hong-kong = Hong Kong time
words-tz-asia-macau = Macau time
words-tz-asia-taipei = Taipei time
words-quota = { $count } { $per }
words-quota-none = no quota
words-quota-of = { $role }: { $quota }
words-per-month = a month
words-per-quarter = a quarter
words-per-year = a year
words-level-own = own level
words-level-up = { $up } levels up
words-points = { $points } points
words-points-at = { $level } { $points }
words-scoring-single = single piece: { $points }
words-scoring-combined = combined piece: { $points }
words-scoring-instruction = instruction: { $points }
words-scoring-transferred = transferred: { $points }
words-scoring-read = read with comment: { $points }
setup-q-scoring-read = Points for a leader's reading with comment (阅批)?
words-characters = { $count } characters
words-days = { $days } days
words-draft-reminder-days = the author is reminded of a draft untouched for { $days } days
words-review-waiting-days = staff are reminded of reports waiting over { $days } days
words-notify-immediately = at once, for each new report
words-notify-digest = once a day, in a digest
words-day-daily = every day
words-day-weekly = every { $weekday }
words-day-monthly = on day { $day } of every month
words-day-monthly-last = on the last day of every month
words-day-quarterly = on day { $day } of each quarter's first month
words-weekday-0 = Sunday
words-weekday-1 = Monday
words-weekday-2 = Tuesday
words-weekday-3 = Wednesday
words-weekday-4 = Thursday
words-weekday-5 = Friday
words-weekday-6 = Saturday
words-schedule-at = { $day } at { $time }
words-schedule-custom = at a custom time (set on the command line)
words-schedule = { $when }: { $what }
words-job-member-reminders = remind members behind on their quota
words-job-member-reminders-last-month = remind them again in a quota period's last month
words-job-group-progress = post each unit's progress in its group
words-job-quarterly-standings = send the quarterly bulletin
words-job-staff-digest = send information staff their to-do digest
words-job-submission-digest = send information staff the digest of new reports
words-job-draft-reminders = remind authors of forgotten drafts
doc-period =
    { $kind ->
        [month] { $index }/{ $year }
        [quarter] { $quarter ->
            [q1] Q1
            [q2] Q2
            [q3] Q3
           *[q4] Q4
        } { $year }
       *[year] { $year }
    }
doc-quoted-title = “{ $title }”
doc-total = Total
doc-bulletin-title = { $committee }: public-opinion report work in { $period }
doc-bulletin-to = To the participating units and all members:
doc-bulletin-summary = In { $period }, { $submitted } reports were submitted: { $accepted } accepted, { $returned } returned for revision, { $rejected } rejected.
doc-bulletin-adopted = { " " }{ $adopted } were adopted{ $levels }, { $instructed } received a leader's instruction, { $transferred } were transferred.
doc-bulletin-levels = { " " }({ $levels })
doc-bulletin-level-count = { $level } { $count }
doc-bulletin-rate = { " " }The adoption rate was { $rate }.
doc-bulletin-quota = { " " }{ $met } of the { $total } people with a quota met it ({ $share }).
doc-bulletin-units = Units
doc-bulletin-people = Members
doc-bulletin-people-more = The other { $count } people are in the Excel bulletin.
doc-bulletin-outcomes = Reports adopted or instructed
doc-bulletin-none = None in this period.
doc-bulletin-outcome-adopted = adopted at { $level } level ({ $mode })
doc-bulletin-outcome-instructed = leader's instruction at { $level } level
doc-bulletin-office = Office of { $committee }
doc-bulletin-caption = { $committee }: public-opinion report work in { $period } (Word)
doc-col-rank = Rank
doc-col-unit = Unit
doc-col-name = Name
doc-col-submitted = Submitted
doc-col-accepted = Accepted
doc-col-adopted = Adopted
doc-col-instructed = Instructed
doc-col-points = Points
doc-col-number = No.
doc-col-title = Title
doc-col-authors = Authors
doc-col-outcome = Adopted / instructed
