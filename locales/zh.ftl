# Minyi — 简体中文（默认语言）

## 角色
role-member = 委员
role-standing = 常委
role-informant = 特邀信息员
role-staff = 信息工作人员
role-leader = 领导
role-admin = 管理员

## 通用
button-back = « 返回
button-back-to-list = « 返回名单
button-previous = « 上一页
button-next = 下一页 »
error-deactivated = 您的账号已停用，无法继续操作。如有疑问，请联系政协信息工作人员。
error-not-bound = 您还没有绑定身份。请使用工作人员发给您的邀请链接加入。
error-not-allowed = 抱歉，您没有权限进行此操作。
error-stale-button = 这个按钮已失效，请重新打开相应的菜单。
error-unknown-command = 未知命令：{ $command }。发送 /help 查看可用命令。
error-not-understood = 我没有理解这条消息。发送 /help 查看可以做什么。
error-internal = 抱歉，处理您的消息时出了问题。我们会自动重试，您写的内容不会丢失。
update-given-up = 抱歉，这条消息多次处理都没有成功，已停止重试；消息已留存，供工作人员查看。请稍后换一种方式重发，或联系信息工作人员。
nothing-to-cancel = 当前没有进行中的操作。

## 命令菜单
command-start = 开始 / 主菜单
command-help = 帮助
command-lang = 切换语言 / Language
command-cancel = 取消当前操作
command-roster = 名单管理
command-template = 下载名单模板（Excel）
command-invites = 导出邀请链接
command-settings = 系统设置
command-bind = 将本群绑定到单位
command-unbind = 解除本群绑定

## 开始与绑定
start-how-to-join =
    您好！这里是{ $committee }社情民意信息工作助手“民意”。
    您还没有绑定身份。请点击信息工作人员发给您的专属邀请链接（形如 https://t.me/…?start=…），即可完成绑定。
    如果还没有收到邀请链接，请联系本单位或政协办公室的信息工作人员。
start-bound =
    绑定成功！欢迎您，{ $name }。这里是{ $committee }社情民意信息工作助手。
    单位：{ $unit }
    身份：{ $role }
    发送 /help 查看可以做什么。
start-first-admin =
    欢迎，{ $name }（管理员）！我是政协社情民意信息工作助手“民意”。开始之前请完成三步：
    1. 设置委员会：点下面的“开始设置”（或发送 /setup），逐项回答委员会名称、层级、刊物名称、报送任务等几个问题，每项都可以一键采用默认值
    2. 设置完成后我会发来名单模板，填好后把文件发回给我（也可以随时发送 /template 下载）
    3. 发送 /invites 获取每个人的专属邀请链接，分发给大家
    发送 /help 查看全部命令。
start-first-admin-button = 开始设置
start-welcome-back = 欢迎回来，{ $name }（{ $role }）。这里是{ $committee }社情民意信息工作助手。发送 /help 查看可以做什么。
start-already-yours = 您已经以“{ $name }”的身份绑定，无需重复绑定。
start-account-taken = 这个 Telegram 账号已经绑定为“{ $name }”，不能再绑定其他人。如需更换，请联系信息工作人员。
start-code-used = 这个邀请码已经被使用过了。如果不是您本人使用的，请立即联系信息工作人员重新发放。
start-code-malformed = 邀请码格式不正确。请直接点击工作人员发给您的完整链接。
start-code-unknown = 邀请码无效或已作废。请联系信息工作人员获取新的邀请链接。

## 帮助
help-intro-private = 您可以：
help-intro-leader = 您可以：
help-intro-staff = 信息工作人员可以：
help-intro-admin = 管理员可以：
help-intro-group = 请在与我的私聊中撰写和查看信息。在本群中：
help-example = 例：{ $example }
help-notes-staff =
    发送 CSV 或 XLSX 名单文件 — 导入或更新名单
    在群里发送 /bind 单位名称 或 /bind all — 绑定群组；/unbind 解除
help-start = 主菜单
help-settings = 查看和修改系统设置
help-review = 审核待处理的信息：录用、退回修改、不予录用
help-report = 打开信息，记录上报、采用、批示、转办、答复、办结
help-args-report = 编号
help-example-report = 12
help-find = 按标题、正文、作者或单位查找信息
help-args-find = 关键词
help-example-find = 停车
help-issue = 编辑本期刊物：加入已录用的信息，单篇或合成综合稿，排序，编者按，编发后生成 Word 文件
help-args-issue = [编号]
help-example-issue = 12
help-roster = 查看、搜索名单，修改身份或单位，停用人员，获取邀请链接
help-args-roster = [姓名]
help-example-roster = 张三
help-template = 下载名单模板：填好后把文件发回给我即可导入
help-invites = 导出所有未绑定人员的邀请链接（CSV）
help-stats = 统计数据：报送、录用、采用、批示、完成任务和积分，与上期比较
help-args-stats = [时间段] [单位或人员]
help-example-stats = 上季度
help-rank = 完整的单位和个人积分排名
help-args-rank = [时间段]
help-example-rank = 2026Q3
help-export = 导出Excel通报；加“word”导出Word通报
help-args-export = [时间段] [word]
help-example-export = 2026年第三季度
help-new = 撰写社情民意信息
help-drafts = 继续编辑草稿
help-my = 我的信息：查看审核和办理进程，修改退回的信息
help-me = 我的任务进度、积分和排名
help-web = 获取工作台（网页）的一次性登录链接
help-bind = 将本群绑定到单位（all 表示全体委员）
help-args-bind = 单位名称
help-example-bind = 民革
help-unbind = 解除本群绑定
help-help = 查看本帮助
help-lang = 切换语言
help-args-lang = [zh|en]
help-example-lang = en
help-cancel = 取消当前操作

## 语言
lang-choose = 请选择语言 / Choose a language:
lang-name-zh = 简体中文
lang-name-en = English
lang-changed = 已切换为简体中文。
lang-unknown = 不支持的语言：{ $given }。可选：zh、en。

## 设置
settings-usage =
    查看一项：/settings 键名
    修改一项：/settings set 键名 值
    例如：/settings set timeZone Asia/Shanghai
    列表可以用逗号分隔：/settings set categories 教育,医疗,其他
    其他结构请使用 JSON。
settings-changed = 已修改：{ $key } = { $value }
settings-stats-recounting = 正在后台按新的设置重新统计全部信息，期间机器人照常回复；统计完成前，/stats 会说明数据正在重新统计。
settings-refused = 未修改 { $key }：{ $reason }
settings-unknown-key = 没有名为“{ $key }”的设置项。可用的键：{ $keys }
settings-reason-unknown-key = 没有这个设置项。可用的键：{ $detail }
settings-reason-value-required = 需要填写一个值
settings-reason-not-json = 无法读取这个值。请按 JSON 格式填写，例如：{ $detail }
settings-reason-time-zone = 不是有效的时区名称（IANA），例如 Asia/Shanghai
settings-reason-cron = 定时表达式应有五段（分 时 日 月 周），例如 0 9 1 * *
settings-reason-title-lengths = 标题最短字数（titleMinLength）必须小于最长字数（titleMaxLength）
settings-reason-own-level = 本级（ownLevel）必须在层级列表（levels）之中
settings-reason-too-small = 不能小于{ $detail }
settings-reason-too-big = 不能大于{ $detail }
settings-reason-too-short = 至少要有{ $detail }个字
settings-reason-too-long = 最多{ $detail }个字
settings-reason-too-few = 至少要有{ $detail }项
settings-reason-too-many = 最多{ $detail }项
settings-reason-not-integer = 必须是整数
settings-reason-wrong-type = 类型不对，应为{ $detail }
settings-reason-not-one-of = 只能是以下之一：{ $detail }
settings-reason-invalid = 值无效

## 名单
roster-error-unsupported-file-type = 不支持的文件类型。请发送 .csv 或 .xlsx 格式的名单。
roster-error-missing-columns = 名单缺少必需的列：{ $detail }。需要的列：姓名、身份、单位（可选：单位类型、手机）。
roster-column-name = 姓名
roster-column-role = 身份
roster-column-unit = 单位
roster-column-separator = {"、"}
roster-error-empty-file = 名单文件是空的。
roster-error-unreadable = 无法读取这个文件。请用 Excel 或 WPS 另存为 .csv 或 .xlsx（第一行为表头）后再发送。
roster-rejected-title = 名单中有{ $count }行有问题，本次没有导入任何内容。请修改后重新发送整个文件：
roster-rejected-line = 第{ $line }行：{ $reason }
roster-rejected-more = ……另有{ $count }行有问题，全部问题见随附的文件。
roster-rejected-file = 全部{ $count }行问题（行号和原因）。
roster-csv-line = 行号
roster-csv-reason = 原因
roster-reason-empty-name = 姓名为空
roster-reason-name-too-long = 姓名过长（{ $detail }）
roster-reason-unknown-role = 无法识别的身份“{ $detail }”（可用：委员、常委、特邀信息员、工作人员、领导、管理员）
roster-reason-empty-unit = 单位为空
roster-reason-unknown-unit-type = 无法识别的单位类型“{ $detail }”（可用：民主党派、工商联、专委会、界别、镇街、其他）
roster-reason-bad-phone = 手机号码格式不正确（{ $detail }）
roster-reason-duplicate-in-unit = 与第{ $detail }行重复（同一单位中姓名相同）
roster-reason-staff-role-needs-admin = { $detail }：只有管理员可以授予工作人员或管理员身份
roster-reason-staff-person-needs-admin = { $detail }：是工作人员或管理员，只有管理员可以修改其身份、单位或手机
roster-imported =
    名单导入成功（共{ $rows }行）：
    新建单位{ $unitsCreated }个，新增人员{ $peopleCreated }人，更新{ $peopleUpdated }人，未变化{ $peopleUnchanged }人。
    发送 /invites 导出邀请链接。
roster-imported-inactive = 其中{ $count }人已停用，本次只更新了资料，仍保持停用；如需重新启用，请在 /roster 中操作。
roster-empty = 名单还是空的。请发送 CSV 或 XLSX 名单文件导入。
roster-none-found = 没有找到姓名包含“{ $search }”的人员。
roster-page-title = 名单{ $from }–{ $to } / 共{ $total }人（搜索：{ $search }）
roster-page-hint = 点击姓名查看详情；发送 /roster 姓名 可以搜索。
roster-inactive = 已停用
roster-status-bound = 已绑定
roster-status-unbound = 未绑定
roster-status-inactive = 已停用
roster-card =
    { $name }
    身份：{ $role }
    单位：{ $unit }
    手机：{ $phone }
    状态：{ $status }（Telegram：{ $username }）
    邀请链接：{ $invite }
roster-button-role = 修改身份
roster-button-unit = 修改单位
roster-button-reissue = 重新发放邀请码
roster-button-deactivate = 停用
roster-button-reactivate = 重新启用
roster-button-confirm-deactivate = 确认停用
roster-button-confirm-reactivate = 确认启用
roster-choose-role = 请选择{ $name }的新身份：
roster-choose-unit = 请选择{ $name }的新单位：
roster-role-changed = 已将{ $name }的身份改为{ $role }。
roster-unit-changed = 单位已修改。
roster-unit-not-found = 找不到该人员或单位。
roster-unit-name-taken = 该单位已有同名人员，未修改。
roster-confirm-deactivate = 确定停用{ $name }吗？停用后其账号不能再操作，已提交的信息和积分都会保留。
roster-confirm-reactivate = 确定重新启用{ $name }吗？
roster-deactivated = 已停用{ $name }。
roster-reactivated = 已重新启用{ $name }。
roster-code-reissued = 已重新发放邀请码，旧的邀请链接已失效。
roster-invites-none = 所有在册人员都已绑定，没有待发放的邀请链接。
roster-template-file-name = 名单模板.xlsx
roster-template-caption = 名单模板：请在“名单”页按行填写（身份和单位类型可从下拉列表选择，说明见“填写说明”页），填好后把文件发回给我即可导入。以“示例”开头的两行不会导入。
roster-invites-caption = 共{ $count }位未绑定人员的邀请链接。请逐一私下发送，每个链接只能使用一次。
roster-csv-name = 姓名
roster-csv-unit = 单位
roster-csv-link = 邀请链接

## 群组
group-hello =
    大家好！我是{ $committee }社情民意信息工作助手“民意”。
    我会在本群发布信息工作提醒和季度通报。撰写社情民意信息请私聊我。
    信息工作人员：请发送 /bind 单位名称（或 /bind all）将本群绑定到单位。
group-bind-usage = 用法：/bind 单位名称，或 /bind all 绑定到全体人员。现有单位：{ $units }
group-bound-all = 本群已绑定到：全体人员。
group-bound-unit = 本群已绑定到单位：{ $unit }。
group-unknown-unit = 没有名为“{ $unit }”的单位。现有单位：{ $units }
group-unbound = 已解除本群的绑定。
group-not-bound = 本群尚未绑定到任何单位。

## 报告（展示）
report-untitled = （未填写标题）
report-urgent-mark = 【急】
report-line-id = 编号：#{ $id }
report-line-status = 状态：{ $status }
report-line-category = 类别：{ $category }
report-line-authors = 作者：{ $authors }（{ $unit }）
report-line-attachments = 附件：{ $count }个
report-section-heading =
    { $nth ->
        [first] 一
        [second] 二
       *[third] 三
    }、{ $name }
report-section-situation = 情况
report-section-analysis = 分析
report-section-suggestions = 建议
status-draft = 草稿
status-submitted = 已报送，待审核
status-accepted = 已录用
status-returned = 已退回修改
status-rejected = 不予录用
status-forwarded = 已上报
status-forwarded-level = 已上报（{ $level }）
status-transferred = 已转办
status-closed = 已办结

## 撰写信息
command-new = 撰写社情民意信息
command-drafts = 我的草稿
submit-intro =
    开始撰写一篇社情民意信息。每一步都会自动保存，随时可以中断，之后用 /drafts 继续。
    写好信息的要点：一事一报；标题一般为“关于……的建议”；全文1500字左右即可。
    任何时候发送 /cancel 可以退出。
submit-ask-title = 第1步：请发送标题（{ $min }–{ $max }个字）。标题要点明一件事，例如“关于加强农村饮水安全管理的建议”。
submit-current = 当前内容（长按可复制）：
submit-current-above = 当前内容较长，已在上方分几条显示，可以长按复制。
submit-title-too-short = 标题太短（{ $length }个字），至少需要{ $min }个字。请重新发送。
submit-title-too-long = 标题太长（{ $length }个字），最多{ $max }个字。请精简后重新发送。
submit-title-multiline = 标题只能是一行。请重新发送。
submit-ask-category = 第2步：请选择类别。
submit-category-unknown = 请点击下面的按钮选择类别。
submit-ask-situation = 第3步：情况／问题。请写清楚发生了什么、在哪里、涉及多少人、有什么数据。可以分几条消息发送，写完后点“本段写完了”。也可以直接发送 Word（.docx）文件。全文不超过{ $max }字。
submit-ask-analysis = 分析（可选）。请分析问题产生的原因。写完后点“本段写完了”。
submit-ask-suggestions = 第4步：建议。请提出具体、可操作的建议，最好分条列出。
submit-suggestions-then-preview = 发送后即显示预览，之后发送的文字会接在建议后面。
submit-suggestions-added = 已接在建议后面。建议{ $length }字，全文{ $total }／{ $max }字。
submit-edit-mode-append = 现在发送的文字会追加在当前内容之后（点“替换”可改为替换全部）。写完后点“本段写完了”。
submit-edit-mode-replace = 现在发送的文字会替换当前内容（点“追加”可改为追加在后面）。写完后点“本段写完了”。
submit-button-mode-append = 追加
submit-button-mode-replace = 替换
submit-button-add-analysis = ＋ 分析（可选）
submit-button-edit-analysis = ✏️ 分析
submit-button-coauthors = 👥 联名作者（{ $count }）
submit-button-urgent-on = ☑ 急事急报
submit-button-urgent-off = ☐ 急事急报
submit-section-so-far = 本段已保存{ $length }字，可以继续发送：
submit-section-saved = 已保存。本段{ $length }字，全文{ $total }／{ $max }字。可以继续发送，写完后点“本段写完了”。
submit-section-imported = 已从文件读取。本段{ $length }字，全文{ $total }／{ $max }字。确认无误后点“本段写完了”。
submit-section-empty = 本段还没有内容，请先发送文字。
submit-body-too-long = 超出全文{ $max }字的上限，这条消息没有保存（之前的内容都在）。本段还可以写约{ $room }字，请精简后重新发送。
submit-docx-unreadable = 无法读取这个 Word 文件，请确认是 .docx 格式，或者直接发送文字。
submit-ask-attachments = 附件（可选）。可以发送照片或文件，最多{ $max }个；当前{ $count }个。发送完毕后点“附件已发完”，没有附件点“没有附件”。
submit-attachment-added = 已添加附件（{ $count }／{ $max }）。
submit-attachment-duplicate = 这个附件已经添加过了。
submit-attachment-full = 最多只能添加{ $max }个附件。
submit-attachments-cleared = 已清空附件。
submit-ask-coauthors = 联名作者（可选）。请输入联名人姓名中的几个字进行查找；已选：{ $chosen }。点已选的人可以取消，选好后点下面的按钮。
submit-coauthor-none = 没有找到姓名包含“{ $query }”且已绑定的人员。请换个关键字。
submit-coauthor-pick = 请点击选择联名作者（再点一次取消）：
submit-coauthor-added = 已添加{ $name }
submit-coauthor-removed = 已移除{ $name }
submit-ask-urgent = 这是需要急事急报的紧急信息吗？
submit-preview-intro = 预览：以下是工作人员将看到的内容。
submit-preview-revision = 预览（修改后重新提交）：
submit-preview-actions = 确认无误后点“提交”。可选：补充分析、联名作者、急事急报；发送照片或文件即添加为附件；继续发送文字会接在建议后面。
submit-edit-which = 要修改哪一部分？
submit-similar-found = 提示：过去一年有以下内容相近的信息。请确认不是重复报送：
submit-similar-line = #{ $id }“{ $title }”— { $status }，{ $date }
submit-done = 提交成功！信息编号 #{ $id }。审核结果会通过这里通知您；发送 /my 查看进度。
submit-resubmitted = 修改后的信息已重新提交（编号 #{ $id }）。
submit-already = 这篇信息已经提交过了（编号 #{ $id }），不会重复提交。
submit-failed-not-found = 找不到这份草稿。
submit-failed-incomplete = 草稿还不完整，请先补全标题、类别、情况和建议。
submit-failed-not-returned = 这篇信息目前不是“退回修改”状态，不能重新提交。
submit-saved = 已保存为草稿。发送 /drafts 可以继续编辑。
submit-cancel-ask = 要退出撰写吗？草稿可以保留，之后用 /drafts 继续。
submit-cancel-choose = 请点击上面的按钮：保留草稿、删除草稿或继续撰写。
submit-draft-kept = 草稿已保留。发送 /drafts 继续编辑。
submit-draft-discarded = 草稿已删除。
submit-finish-or-cancel = 正在撰写信息，暂时不能使用 { $command }。请继续当前这一步，或发送 /cancel 退出。
submit-edits-ignored = 修改已发送的消息不会被记录。请重新发送修改后的内容，或在预览中修改相应部分。
submit-wrong-input-title = 请用文字发送标题。
submit-wrong-input-category = 请点击按钮选择类别。
submit-wrong-input-section = 这一步需要文字（或 .docx 文件）。已写的内容都保存着，请继续发送文字。
submit-wrong-input-attachments = 附件只能是照片或文件。发送完毕请点“附件已发完”。
submit-wrong-input-coauthors = 请输入联名人姓名进行查找，或点“没有联名作者”。
submit-wrong-input-urgent = 请点击按钮选择“是”或“否”。
submit-wrong-input-preview = 请点击预览下方的按钮：提交、修改、保存或取消。
submit-button-section-done = ✅ 本段写完了
submit-button-clear-analysis = 删去这一段
submit-button-skip = 跳过
submit-button-keep = 保持不变
submit-button-attachments-done = ✅ 附件已发完
submit-button-no-attachments = 没有附件
submit-button-clear-attachments = 清空附件
submit-button-coauthors-done = ✅ 联名作者已选好
submit-button-no-coauthors = 没有联名作者
submit-button-urgent-yes = 是，急事急报
submit-button-urgent-no = 否
submit-button-submit = 📨 提交
submit-button-edit = ✏️ 修改
submit-button-save = 💾 保存草稿
submit-button-cancel = 取消
submit-button-submit-anyway = 确认不重复，提交
submit-button-back-to-preview = 返回预览
submit-button-keep-draft = 保留草稿
submit-button-discard-draft = 删除草稿
submit-button-continue = 继续撰写
submit-button-stale-draft = 这份草稿的撰写已中断。请发送 /drafts 继续。
submit-button-outdated = 这个按钮来自旧版本的界面，已失效。下面是您当前这一步。
submit-step-title = 标题
submit-step-category = 类别
submit-step-situation = 情况
submit-step-analysis = 分析
submit-step-suggestions = 建议
submit-step-attachments = 附件
submit-step-coauthors = 联名作者
submit-step-urgent = 急事急报
submit-step-preview = 预览
draft-not-found = 找不到这份草稿，可能已被删除。
drafts-none = 您没有未完成的草稿。发送 /new 开始撰写。
drafts-title = 您的草稿（{ $count }份）：
drafts-line = { $n }.“{ $title }”— 下一步：{ $step }（{ $date }）
drafts-line-revision = { $n }.“{ $title }”（修改稿）— 下一步：{ $step }（{ $date }）
drafts-button-open = 继续
drafts-confirm-delete = 确定删除草稿“{ $title }”吗？删除后无法恢复。
drafts-button-confirm-delete = 确定删除
staff-new-report = 📥 新信息 #{ $id }{ $urgent }：“{ $title }”— { $author }（{ $unit }）
staff-report-resubmitted = 📥 修改后重新提交 #{ $id }{ $urgent }：“{ $title }”— { $author }（{ $unit }）

## 我的信息
command-my = 我的信息
my-none = 您还没有提交过信息。发送 /new 开始撰写。
my-none-with-status = 没有状态为“{ $status }”的信息。发送 /my 查看全部。
my-unknown-status = 无法识别的状态“{ $given }”。可用：{ $statuses }
my-title = 我的信息：第{ $from }–{ $to }篇，共{ $total }篇
my-count = { $status } { $count }
my-filter = 筛选：{ $status }（发送 /my 查看全部）
my-line = #{ $id }“{ $title }”— { $status }，{ $date }
my-page-hint = 点击编号查看全文和办理进程。
my-revision = 当前为第{ $revision }稿（此前{ $previous }稿已存档）
my-timeline-title = 办理进程（信息 #{ $id }）：
my-event-line = { $time } { $kind }
my-event-by = 经办：{ $name }
my-event-level = 层级：{ $level }
my-event-mode = 方式：{ $mode }
my-event-department = 承办部门：{ $department }
my-event-note = 说明：{ $note }
my-returned-hint = 这篇信息已被退回。请根据上面的意见修改后重新提交。
my-returned-hint-coauthor = 这篇信息已被退回，由第一作者修改后重新提交。
my-button-attachments = 📎 查看附件（{ $count }）
my-button-revise = ✏️ 修改后重新提交
my-attachments-none = 这篇信息没有附件。
my-revise-main-author-only = 只有第一作者可以修改这篇信息。
my-revise-not-returned = 这篇信息目前不是“退回修改”状态，不能修改。
my-revise-other-draft-kept = 您正在撰写的另一份草稿已保存，之后发送 /drafts 可以继续。

## 办理进程
event-submitted = 报送
event-resubmitted = 重新报送
event-accepted = 录用
event-returned = 退回修改
event-rejected = 不予录用
event-forwarded = 上报
event-adopted = 采用
event-instructed = 领导批示
event-read = 领导阅批
event-transferred = 转办
event-replied = 部门答复
event-closed = 办结
level-county = 县级
level-city = 市级
level-province = 省级
level-national = 全国
mode-single = 单篇
mode-combined = 综合
menu-new = ✍️ 撰写新信息
menu-drafts = 📝 我的草稿
menu-my = 📋 我的信息

## 我的进度（/me）
command-me = 我的任务进度和积分
me-title = { $name }（{ $role }，{ $unit }）
me-quota = { $period }报送任务{ $required }篇：已报送{ $done }篇，还差{ $owed }篇，距截止还有{ $days }天。
me-quota-met = { $period }报送任务{ $required }篇：已报送{ $done }篇，已完成 ✅
me-no-quota = 您的身份没有报送任务。
me-behind = 按进度您已经落后了。发送 /new 开始撰写，/drafts 继续草稿。
me-counts = 已报送（不含不予录用的）：本月{ $month }篇，本季度{ $quarter }篇，本年{ $year }篇。
me-points = { $year }年积分：{ $points }分（采用{ $adopted }篇，领导批示{ $instructed }件）
me-rank-unit = 单位内排名：第{ $rank }名（共{ $total }人）
me-rank-all = 全体排名：第{ $rank }名（共{ $total }人）

## 定时任务：提醒、进度、通报
period-name =
    { $kind ->
        [month] { $year }年{ $index }月
        [quarter] { $year }年第{ $quarter ->
            [q1] 一
            [q2] 二
            [q3] 三
           *[q4] 四
        }季度
       *[year] { $year }年
    }
job-list-separator = 、
job-list-more = ……另有{ $count }项。
job-no-unit = 未分配单位
job-everyone = 全体人员
job-name-unbound = { $name }（未绑定）
job-unit-names = { $unit }（{ $count }）：{ $names }
job-level-count = { $level }{ $count }
job-member-reminder =
    { $name }，您好！这是{ $committee }社情民意信息报送提醒。
    { $period }您的任务是{ $required }篇，已报送{ $done }篇，还差{ $owed }篇，距截止还有{ $days }天。
    发送 /new 开始撰写一篇信息；有未写完的草稿，发送 /drafts 继续。发送 /me 查看进度和积分。
job-staff-digest-title = 📋 信息工作周报（{ $date }）
job-staff-digest-waiting = 等待审核超过{ $days }天的信息：{ $count }篇
job-staff-digest-waiting-line = #{ $id }“{ $title }”— { $author }（{ $unit }），已等待{ $days }天
job-staff-digest-zero = 本期尚未报送信息的人员：{ $count }人
job-staff-digest-unbound = 尚未绑定账号、收不到提醒的人员：{ $count }人。发送 /invites 导出他们的邀请链接。
job-staff-digest-unreachable = 无法送达（已屏蔽机器人）的人员：{ $count }人
job-staff-digest-unreachable-line = { $name }（{ $unit }），自{ $since }起
job-group-progress-title = 📊 { $committee } · { $unit } · { $period }社情民意信息工作进度
job-group-progress-quota = 完成报送任务：{ $met }／{ $total }人（截至{ $period }底，按各自的任务周期计算）
job-group-progress-month = { $period }：报送{ $submitted }篇，采用{ $adopted }篇
job-group-progress-year = { $year }年累计：报送{ $submitted }篇，采用{ $adopted }篇
job-group-progress-unit-line = { $unit }：完成{ $met }／{ $total }人，本月报送{ $submitted }篇
job-group-progress-behind-title = 进度落后的人员（{ $count }人）：
job-group-progress-footer = 私聊我发送 /new 撰写信息，发送 /me 查看自己的进度。
job-standings-title = 📢 { $committee }{ $period }社情民意信息工作通报
job-standings-summary = 共报送信息{ $submitted }篇，采用{ $adopted }篇（{ $levels }），获领导批示{ $instructed }件，采用率{ $rate }，计{ $points }分。
job-standings-units = 一、单位排名（按积分）
job-standings-people = 二、个人排名（按积分）
job-standings-unit-line = { $rank }. { $name } — { $points }分：报送{ $submitted }，采用{ $adopted }（{ $levels }），批示{ $instructed }，采用率{ $rate }
job-standings-person-line = { $rank }. { $name }（{ $unit }）— { $points }分：报送{ $submitted }，采用{ $adopted }（{ $levels }），批示{ $instructed }，采用率{ $rate }
job-standings-none = （无）
job-standings-people-more = ……另有{ $count }人，完整排名请私聊机器人发送 /rank 查看，或发送 /export 导出 Excel 通报。
job-standings-zero-title = { $period }未报送信息的人员（{ $count }人，仅发给信息工作人员）：
job-draft-reminder =
    您有{ $count }份草稿已经{ $days }天以上没有编辑了：
    { $titles }
    发送 /drafts 继续编辑，写完就可以提交。
job-draft-reminder-line = ·“{ $title }”
job-draft-reminder-line-revision = ·“{ $title }”（退回后的修改稿）
job-submission-digest-title = 📥 新提交的信息（{ $count }篇）：
job-submission-digest-line = #{ $id }{ $urgent }“{ $title }”— { $author }（{ $unit }）
job-submission-digest-line-resubmitted = #{ $id }{ $urgent }“{ $title }”— { $author }（{ $unit }），修改后重新提交

## 审核与办理（信息工作人员）
command-review = 审核待处理的信息
command-report = 打开信息，记录办理进程
command-find = 查找信息
command-issue = 编辑本级刊物（编发）
review-empty = 没有待审核的信息。
review-end = 后面没有待审核的信息了。发送 /review 从第一篇开始。
review-queue-position = 待审核：第{ $position }篇，共{ $total }篇
card-status = #{ $id }“{ $title }”　状态：{ $status }
card-submitted = 提交于{ $date }，第{ $revision }稿
card-similar-title = 相近的信息（请注意是否重复报送）：
card-similar-line = #{ $id }“{ $title }”— { $status }，{ $date }
card-hint-returned = 已退回作者修改，等待重新提交。
card-hint-rejected = 已不予录用，不再记录办理进程。
card-button-attachments = 📎 附件（{ $count }）
card-button-refresh = 🔄 刷新
card-button-add-to-issue = 📰 加入本期
review-button-accept = ✅ 录用
review-button-return = ↩️ 退回修改
review-button-reject = ❌ 不予录用
review-button-next = ⏭ 下一篇
review-button-publish-single = 本级刊物单篇编发
review-button-publish-combined = 本级刊物综合编发
review-button-publish-none = 录用，暂不编发
review-button-publish-issue = 📰 录用并加入本期刊物
review-button-fix-title = ✏️ 先修改标题
review-button-fix-category = 🏷 先修改类别
review-button-other-reason = ✍️ 其他原因（自己输入）
review-accept-ask =
    录用 #{ $id }“{ $title }”（类别：{ $category }）。
    是否在本级刊物编发？需要的话，可以先修改标题或类别。
review-ask-title =
    请发送新的标题（{ $min }–{ $max }个字）。
    当前标题：{ $title }
    发送 /cancel 放弃。
review-ask-category = 请选择 #{ $id }的类别（当前：{ $category }）：
review-heading-changed = 已修改 #{ $id }：“{ $title }”，类别：{ $category }。
review-return-ask = 退回 #{ $id }“{ $title }”修改。请选择原因（作者会看到），或选择“其他原因”后输入：
review-reject-ask = 不予录用 #{ $id }“{ $title }”。请选择原因（作者会看到），或选择“其他原因”后输入：
review-ask-reason = 请输入原因，作者会看到。发送 /cancel 放弃。
review-done-accepted = ✅ 已录用 #{ $id }“{ $title }”，已通知作者。
review-done-published = ✅ 已录用 #{ $id }“{ $title }”，记为本级刊物{ $mode }编发，已通知作者。
review-done-returned = ↩️ 已退回 #{ $id }“{ $title }”，已把原因告诉作者。
review-done-rejected = ❌ 已不予录用 #{ $id }“{ $title }”，已把原因告诉作者。
action-button-forward = 📤 上报
action-button-adopt = 🏅 采用
action-button-instruct = 🖊 领导批示
action-button-read = 👁 领导阅批
action-button-transfer = 🏢 转办
action-button-reply = 💬 部门答复
action-button-close = 🔒 办结
action-button-confirm-close = 确认办结
action-ask-level-fwd = #{ $id }“{ $title }”上报到哪一级？
action-ask-level-ado = #{ $id }“{ $title }”被哪一级采用？
action-ask-level-ins = #{ $id }“{ $title }”获得哪一级领导批示？
action-ask-level-rdg = #{ $id }“{ $title }”获得哪一级领导阅批？
action-ask-mode = #{ $id }被{ $level }采用的方式：
action-ask-instruction = 请输入{ $level }领导批示的内容（批示人和要点）。发送 /cancel 放弃。
action-ask-read = 请输入{ $level }领导阅批的情况（阅批人和意见）。发送 /cancel 放弃。
action-ask-department = 请输入承办部门的名称。发送 /cancel 放弃。
action-ask-reply = 请输入{ $department }答复的要点。发送 /cancel 放弃。
action-confirm-close = 确定将 #{ $id }“{ $title }”办结吗？办结后仍可以记录采用和批示。
action-recorded = ✅ 已记录 #{ $id }“{ $title }”：{ $event }。已通知作者。
action-already-handled = #{ $id }刚刚已经被处理过了（{ $event }，经办：{ $name }），本次操作没有执行，也不会重复记录。
action-changed = #{ $id }在您打开之后有了变化，本次操作没有执行。请查看最新内容。
refusal-not-submitted = 这篇信息已不在待审核状态（当前：{ $status }）。
refusal-not-accepted = 这篇信息还没有录用（当前：{ $status }），不能记录这一步。
refusal-not-forwarded = 这篇信息还没有上报，不能记录{ $level }的采用或批示。请先记录“上报”。
refusal-below-own-level = 不能记录低于本级的采用或批示。
refusal-not-above-own-level = 只能上报到本级以上的层级。
refusal-no-transfer = 这篇信息还没有转办，不能记录部门答复。请先记录“转办”。
refusal-rejected = 这篇信息已不予录用，不能再记录任何办理进程。
refusal-already-final = 这篇信息已经办结，只能再记录采用或领导批示。
refusal-duplicate = { $level }对这篇信息的采用已经记录过了，不重复记录。
refusal-no-level-above = 本会已是最高一级，没有可以上报的上级。如需调整，请管理员修改层级设置（levels、ownLevel）。
refusal-all-adopted = 每一级对这篇信息的采用都已经记录过了，不重复记录。
refusal-other = 这一步现在不能记录（当前：{ $status }）。
prompt-cancelled = 已取消，没有记录任何内容。
prompt-text-only = 请用文字回复，或发送 /cancel 放弃。
prompt-empty = 请输入内容，或点“取消”。
prompt-one-line = 请只写一行。
prompt-too-long = 内容太长（{ $length }字，最多{ $max }字），请精简后重新发送。
prompt-finish-report-first = 您正在撰写一篇信息。请先写完或发送 /cancel 退出，再做这一步。
prompt-expired = 这条回复等得太久（超过一小时），已不再记录。请在卡片上重新点按钮，再发送一次。
prompt-button-cancel = 取消
report-usage = 用法：/report 编号，例如 /report 12。发送 /find 关键词 可以查找编号。
report-not-found = 没有编号为 #{ $id }的信息。
find-usage = 用法：/find 关键词。关键词可以是标题或正文中的词、作者姓名或单位名称，多个关键词用空格分开。
find-none = 没有找到包含“{ $words }”的信息。
find-title = 找到{ $total }篇信息（显示最新的{ $shown }篇）：
find-line = #{ $id }“{ $title }”— { $status }，{ $author }（{ $unit }），{ $date }
find-hint = 点击编号打开信息卡片。

## 告诉作者
author-event-accepted = ✅ 您的信息“{ $title }”（#{ $id }）已录用。
author-event-adopted = 🏅 您的信息“{ $title }”（#{ $id }）被{ $level }采用（{ $mode }）。
author-event-returned =
    ↩️ 您的信息“{ $title }”（#{ $id }）被退回修改。
    意见：{ $note }
    请发送 /my 打开这篇信息，按意见修改后重新提交。
author-event-returned-coauthor =
    ↩️ 您联名的信息“{ $title }”（#{ $id }）被退回修改，将由第一作者修改后重新提交。
    意见：{ $note }
author-event-rejected =
    您的信息“{ $title }”（#{ $id }）不予录用。
    原因：{ $note }
    感谢您的参与，欢迎继续反映社情民意。
author-event-forwarded = 📤 您的信息“{ $title }”（#{ $id }）已上报{ $level }。
author-event-instructed =
    🖊 您的信息“{ $title }”（#{ $id }）获得{ $level }领导批示：
    { $note }
author-event-read =
    👁 您的信息“{ $title }”（#{ $id }）获得{ $level }领导阅批：
    { $note }
author-event-transferred = 🏢 您的信息“{ $title }”（#{ $id }）已转{ $department }办理。
author-event-replied =
    💬 { $department }对您的信息“{ $title }”（#{ $id }）作出答复：
    { $note }
author-event-closed = 🔒 您的信息“{ $title }”（#{ $id }）已办结。发送 /my 可以查看全部办理进程。

## 统计、排名和 Excel 通报（/stats、/rank、/export）
command-stats = 统计数据
command-rank = 积分排名
command-export = 导出 Excel 通报
stats-recounting = 统计数据正在按新的设置重新计算（已完成 { $percent }），期间的数字不完整，暂不显示。请稍后再发送 /stats 查看。
stats-bad-period =
    无法识别时间段“{ $given }”。可以这样写：
    /stats 2026 — 2026年全年
    /stats 2026Q3 — 2026年第三季度；/stats Q3 — 今年第三季度
    /stats 2026-05 — 2026年5月
    /stats 本季度、上季度、本年、去年（也可以写 this quarter、last quarter、this year、last year）
    不写时间段就是今年。后面可以加单位或人员，例如：/stats 上季度 民建县委会
stats-unknown-target = 没有找到名为“{ $given }”的单位或人员。请检查名称；时间段写在前面，例如：/stats 2026Q3 { $given }
stats-choose-target = “{ $given }”对应多个单位或人员，请写出完整名称：{ $names }
stats-target-unit = { $name }（单位）
stats-target-person = { $name }（{ $unit }）
stats-title = 📊 { $committee }{ $period }社情民意信息统计
stats-title-unit = 📊 { $unit } · { $period }社情民意信息统计
stats-title-person = 📊 { $name }（{ $unit }）· { $period }社情民意信息统计
stats-compare = 括号内为与上期（{ $previous }）相比的变化。
stats-submitted = 报送信息：{ $count }篇（{ $delta }）
stats-decisions = 审核：录用{ $accepted }篇（{ $acceptedDelta }），退回修改{ $returned }篇（{ $returnedDelta }），不予录用{ $rejected }篇（{ $rejectedDelta }）
stats-adopted = 采用：{ $count }篇（{ $delta }）
stats-adopted-level = · { $level }：单篇{ $single }篇（{ $singleDelta }），综合{ $combined }篇（{ $combinedDelta }）
stats-instructed = 领导批示：{ $count }件（{ $delta }）
stats-read = 领导阅批：{ $count }件（{ $delta }）
stats-transferred = 转办：{ $count }篇（{ $delta }）
stats-rate = 采用率：{ $rate }（上期{ $previous }，变化{ $delta }个百分点）
stats-rate-no-previous = 采用率：{ $rate }（上期无数据）
stats-rate-none = 采用率：本期无报送信息
stats-quota = 完成报送任务：{ $met }／{ $total }人（{ $percent }；上期{ $previousMet }／{ $previousTotal }人）
stats-quota-none = 完成报送任务：没有需要完成报送任务的人员。
stats-points = 积分：{ $points }分（{ $delta }）
stats-top-units = 单位积分前{ $count }名：
stats-top-people = 个人积分前{ $count }名：
stats-top-unit-line = { $rank }. { $name } — { $points }分（报送{ $submitted }，采用{ $adopted }）
stats-top-person-line = { $rank }. { $name }（{ $unit }）— { $points }分（报送{ $submitted }，采用{ $adopted }）
stats-top-none = （暂无）
stats-definitions = 说明：报送按提交时间统计；录用、退回、采用、批示、转办和积分按办理时间统计；采用率为本期报送的信息中到期末已被采用的比例；完成任务按各自的报送任务折算到本期计算。
stats-more = 发送 /rank { $period } 查看完整排名，/export { $period } 导出 Excel 通报。
stats-refused-group-role = 在群里只有领导可以查看统计。请在与我的私聊中发送 /stats。
stats-refused-group-disabled = 本群没有开启统计查询。请在与我的私聊中发送 /stats（管理员可以用 /settings set statsInGroups true 开启）。
stats-refused-group-unbound = 本群还没有绑定到单位，不能在这里查看统计。信息工作人员可以用 /bind 绑定。
stats-chart-units = { $period }单位积分排名
stats-chart-people = { $period }个人积分排名
stats-chart-header = { $committee } · { $period }社情民意信息统计
stats-chart-trend = 各月报送与采用（底色标出所选时段）
web-chart-trend = 近十二个月报送与采用
web-chart-month = { $year }年{ $month }月
stats-chart-month = { $month }月
stats-chart-year = { $year }年
stats-chart-submitted = 报送
stats-chart-adopted = 采用
stats-chart-empty = 暂无数据
rank-title-units = 🏆 { $period }单位积分排名（第{ $from }–{ $to }名，共{ $total }个单位）
rank-title-people = 🏆 { $period }个人积分排名（第{ $from }–{ $to }名，共{ $total }人）
rank-unit-line = { $rank }. { $name } — { $points }分：报送{ $submitted }，采用{ $adopted }，批示{ $instructed }，采用率{ $rate }
rank-person-line = { $rank }. { $name }（{ $unit }）— { $points }分：报送{ $submitted }，采用{ $adopted }，批示{ $instructed }，采用率{ $rate }
rank-empty-units = { $period }还没有单位排名。
rank-empty-people = { $period }还没有人报送信息或获得积分。
rank-button-units = 🏢 单位排名
rank-button-people = 👤 个人排名
export-caption = { $committee }{ $period }社情民意信息工作通报（{ $units }个单位，{ $people }人，{ $reports }篇信息）
bulletin-sheet-summary = 汇总
bulletin-sheet-units = 单位排名
bulletin-sheet-people = 个人排名
bulletin-sheet-reports = 信息明细
bulletin-col-item = 项目
bulletin-col-value = 数值
bulletin-col-rank = 名次
bulletin-col-unit = 单位
bulletin-col-name = 姓名
bulletin-col-role = 身份
bulletin-col-points = 积分
bulletin-col-submitted = 报送
bulletin-col-accepted = 录用
bulletin-col-returned = 退回修改
bulletin-col-rejected = 不予录用
bulletin-col-adopted = 采用
bulletin-col-level-single = { $level }单篇
bulletin-col-level-combined = { $level }综合
bulletin-col-instructed = 领导批示
bulletin-col-read = 领导阅批
bulletin-col-transferred = 转办
bulletin-col-rate = 采用率
bulletin-col-quota-met = 完成任务人数
bulletin-col-quota-total = 应完成人数
bulletin-col-id = 编号
bulletin-col-title = 标题
bulletin-col-authors = 作者
bulletin-col-category = 类别
bulletin-col-submitted-at = 提交时间
bulletin-col-status = 当前状态
bulletin-col-events = 本期办理情况
bulletin-col-report-points = 本期积分
bulletin-title = { $committee }{ $period }社情民意信息通报
bulletin-file-name = { $committee }{ $period }社情民意信息通报
bulletin-total = 合计
bulletin-summary-period = 统计期间
bulletin-summary-submitted = 报送信息（篇）
bulletin-summary-accepted = 录用（篇）
bulletin-summary-returned = 退回修改（篇）
bulletin-summary-rejected = 不予录用（篇）
bulletin-summary-adopted = 采用（篇）
bulletin-summary-instructed = 领导批示（件）
bulletin-summary-read = 领导阅批（件）
bulletin-summary-transferred = 转办（篇）
bulletin-summary-rate = 采用率
bulletin-summary-quota-met = 完成报送任务（人）
bulletin-summary-quota-total = 应完成报送任务（人）
bulletin-summary-points = 积分合计
bulletin-summary-generated = 生成时间
bulletin-event = { $date } { $event }
bulletin-event-detailed = { $date } { $event }（{ $details }）
bulletin-event-separator = ；
bulletin-reports-left-out = ……另有{ $count }篇信息未列出（超过单个文件的上限），请分季度或分月导出。

## Web console (/web)
web-brand = 社情民意工作台
web-nav-home = 首页
web-nav-dashboard = 统计
web-nav-queue = 审核
web-nav-mine = 我的报告
web-sign-out = 退出登录
web-signed-out = 您已退出登录。
web-sign-in-hint = 在机器人对话中发送 /web 获取新的登录链接。
web-sign-in-title = 登录
web-sign-in-confirm = 点击下面的按钮登录工作台。此链接只能使用一次，10分钟内有效。
web-sign-in-button = 登录
web-sign-in-link-invalid = 登录链接无效、已过期或已使用过。
web-welcome-signed-out = 您还没有登录工作台。
web-mini-app-signing-in = 正在通过 Telegram 登录…
web-mini-app-outside = 请在 Telegram 中打开此页面，或使用机器人发送的登录链接。
web-init-data-invalid = Telegram 登录数据无效，请关闭后重新打开。
web-init-data-stale = Telegram 登录数据已过期，请关闭后重新打开。
web-error-signed-out = 登录已过期，请重新登录。
web-error-csrf = 请求来源无法验证，请刷新页面后重试。
web-error-not-found = 没有找到这个页面或记录。
web-home-title = 工作台
web-home-hello = 您好，{ $name }（{ $role }）。
web-sessions-revoked = 已退出此人的{ $count }个登录。
web-link-message = 工作台登录链接（10分钟内有效，只能使用一次，请勿转发）：
    { $url }
web-link-open-app = 在 Telegram 中打开工作台
command-web = 在浏览器中打开工作台
web-menu-button = 工作台
web-dashboard-title = { $committee }{ $period }统计
web-unit-title = { $unit } · { $period }
web-back-to-dashboard = ← 返回全部统计
web-unit-people = 人员积分
web-unit-reports = 本期报送的信息（{ $count }篇）
web-export-xlsx = 导出 Excel 通报
web-export-docx = 导出 Word 通报
web-period-label = 时间段
web-period-show = 查看
web-period-this-year = 今年
web-period-last-year = 去年
web-period-this-quarter = 本季度
web-period-last-quarter = 上季度
web-period-this-month = 本月
web-fig-submitted = 报送
web-fig-accepted = 录用
web-fig-returned = 退回修改
web-fig-rejected = 不予录用
web-fig-adopted = 采用
web-fig-instructed = 领导批示
web-fig-read = 领导阅批
web-fig-transferred = 转办
web-fig-points = 积分
web-fig-rate = 采用率
web-col-level = 级别
web-col-single = 单篇
web-col-combined = 综合
web-col-rank = 名次
web-col-unit = 单位
web-col-person = 姓名
web-col-points = 积分
web-col-title = 标题
web-col-author = 反映人
web-col-status = 状态
web-back = ← 返回
web-queue-title = 待审核信息（{ $count }篇）
web-queue-empty = 目前没有待审核的信息。
web-urgent = 急
web-section-situation = 情况
web-section-analysis = 分析
web-section-suggestions = 建议
web-attachments = 附件
web-attachment-photo = 图片
web-attachment-document = 文件
web-timeline = 办理进程
web-decide = 审核
web-record-step = 记录办理进程
web-action-accept = 录用
web-action-return = 退回修改
web-action-reject = 不予录用
web-publish = 在本级刊物编发
web-publish-later = 暂不记录编发
web-mode = 编发方式
web-reason = 理由
web-instruction = 批示内容
web-read-note = 阅批人和意见
web-department = 承办部门
web-reply = 部门答复
web-decision-recorded = 已记录：{ $event }。作者会收到通知。
web-decision-text-required = 请填写内容。
web-decision-level-required = 请选择层级。
web-attachment-unavailable = 暂时无法从 Telegram 取得这个附件，请稍后再试。
web-drafts = 我的草稿（{ $count }）
web-drafts-none = 没有未提交的草稿。
web-draft-untitled = （未命名草稿）
web-draft-new = 写新的信息
web-my-reports = 我报送的信息（{ $count }篇）
web-my-reports-none = 还没有报送过信息。
web-draft-title = 标题
web-draft-title-hint = 关于……的建议
web-draft-category = 类别
web-draft-save = 保存草稿
web-draft-saved = 已保存
web-draft-saving = 正在保存…
web-draft-changed = 这份草稿刚刚在聊天中有了修改。为了不覆盖您在聊天中写的内容，本次没有保存，请刷新页面后再编辑。
web-draft-continue-in-chat = 草稿与聊天中的草稿是同一份：在机器人对话中发送 /drafts 可以继续填写、预览并提交。
web-title-too-short = 标题太短（{ $length }字），至少{ $min }字。
web-title-too-long = 标题太长（{ $length }字），最多{ $max }字。
web-title-multiline = 标题只能写一行。
web-body-too-long = 正文共{ $length }字，超过了{ $max }字的上限。
web-nav-roster = 名单
web-roster-title = 名单（共{ $total }人）
web-roster-search = 按姓名搜索
web-roster-search-button = 搜索
web-roster-none = 没有找到人员。
web-col-role = 身份
web-col-phone = 手机
web-col-invite = 邀请链接
web-col-sessions = 工作台登录
web-sign-out-everywhere = 退出此人的所有工作台登录
web-nav-settings = 设置
web-settings-title = 系统设置
web-settings-save = 保存此项
web-setting-name = 委员会名称
web-setting-shortName = 简称
web-setting-publicationName = 刊物名称
web-setting-timeZone = 时区
web-setting-ownLevel = 本级层级
web-setting-levels = 层级（由低到高）
web-setting-categories = 信息类别
web-setting-quotas = 报送任务
web-setting-scoring = 计分办法
web-setting-titleMinLength = 标题最少字数
web-setting-titleMaxLength = 标题最多字数
web-setting-bodyMaxLength = 正文最多字数
web-setting-draftReminderDays = 草稿提醒天数
web-setting-notifyStaff = 新信息通知工作人员
web-setting-reviewWaitingDays = 待审核提醒天数
web-setting-groupShowNamesBehind = 群内公布未完成任务人员姓名
web-setting-statsInGroups = 允许在群内查询统计
web-setting-rejectReasons = 常用不予录用理由
web-setting-schedules = 定时任务
web-roster-import = 导入名单
web-roster-import-hint = CSV 或 XLSX 文件，列：姓名、身份、单位（可选：单位类型、手机）。与在聊天中发送名单文件相同：有任何一行有问题时，不会导入任何内容。
web-roster-import-button = 导入
web-home-queue = 待审核信息：{ $count }篇
web-home-dashboard = 查看统计与排名
web-home-mine = 我的报告和草稿
## Files people send (src/files): the bound a file crossed; nothing else was changed.
file-too-large = 文件太大：最多{ $limit } MB。请发送小一些的文件。
file-too-large-unpacked = 这个文件解压后超过{ $limit } MB，没有读取。请去掉大图片后重新保存，或者直接发送文字。
file-too-many-entries = 这个文件包含的部分超过{ $limit }个，没有读取。请用 Word、Excel 或 WPS 重新保存后再发送。
file-too-many-rows = 一个名册文件最多{ $limit }人，这个文件超过了。请拆分成几个文件发送。
file-too-slow = 读取这个文件超过了{ $limit }秒，已停止。请重新保存，或者发送更简单的文件。
file-too-much-memory = 读取这个文件需要超过{ $limit } MB 内存，已停止。请重新保存，或者发送更简单的文件。
file-draft-kept = 这一部分您已写的内容保持不变。
roster-file-too-big = 文件太大（上限5 MB）。请拆分后再发送。
## Word documents (src/documents, src/handlers/documents.ts): the documents themselves are always in Chinese.
button-word-document = 📄 Word 文档
doc-preparing = 正在生成 Word 文档…
doc-report-caption = #{ $id }“{ $title }”的 Word 文档（公文格式）
doc-person-unit = { $name }（{ $unit }）
doc-report-author = 反映人：{ $author }
doc-report-coauthors = 联名反映人：{ $authors }
doc-section-situation = 情况
doc-section-analysis = 分析
doc-section-suggestions = 建议
doc-attachment-unnamed =
    { $kind ->
        [photo] 图片{ $n }
       *[other] 文件{ $n }
    }

## 本级刊物（编发）
issue-usage = 用法：/issue 打开本期刊物；/issue 编号 把这篇已录用的信息加入本期。
issue-panel-open = 📰 《{ $publication }》本期（编辑中，尚未编发）
issue-panel-published = 📰 { $label }（已编发）
issue-panel-issue-note = 本期编者按：{ $note }
issue-panel-empty = 本期还没有稿件。点“加入信息”选择已录用的信息。
issue-panel-single = { $index }. 【单篇】“{ $title }”— { $reports }
issue-panel-combined = { $index }. 【综合】“{ $title }”— { $reports }
issue-panel-report = #{ $id } { $author }
issue-panel-piece-note = 　　编者按：{ $note }
issue-piece-ask = 第{ $index }篇：请选择操作。
issue-button-add = ➕ 加入信息
issue-button-merge = 🔗 合成综合稿
issue-button-issue-note = ✍️ 本期编者按
issue-button-piece-note = ✍️ 编者按
issue-button-clear-note = 🗑 删除编者按
issue-button-title = ✏️ 修改标题
issue-button-up = ⬆️ 上移
issue-button-down = ⬇️ 下移
issue-button-remove = ✖️ 移出本期
issue-button-preview = 👁 预览
issue-button-publish = 📤 编发本期
issue-button-publish-confirm = ✅ 确认编发
issue-button-file = 📄 Word 文件
issue-button-merge-done = ✅ 选好了（{ $count }篇），输入标题
issue-candidates-title = 可以加入本期的已录用信息（共{ $total }篇），点击加入（单篇）：
issue-candidates-none = 没有可以加入本期的信息：已录用的信息都已编发或已在本期中。
issue-candidate-line = #{ $id }“{ $title }”— { $author }（{ $unit }）
issue-merge-title = 选择要合成一篇综合稿的信息（至少两篇，已选{ $count }篇），选好后输入综合稿的标题。
issue-merge-too-few = 综合稿至少要合并两篇信息，请先选择。
issue-ask-combined-title = 请输入综合稿的标题（合并{ $count }篇，一行，不超过{ $max }字）：
issue-ask-title = 请输入综合稿的新标题（一行，不超过{ $max }字）：
issue-ask-issue-note = 请输入本期的编者按（不超过{ $max }字）：
issue-ask-piece-note = 请输入这篇稿件的编者按（不超过{ $max }字）：
issue-note-empty = 编者按不能为空。要删除编者按，请点“删除编者按”。
issue-title-saved = ✅ 标题已保存。
issue-note-saved = ✅ 编者按已保存。
issue-note-cleared = 编者按已删除。
issue-piece-removed = 已移出本期。
issue-added = 已把 #{ $id }“{ $title }”加入本期（单篇）。
issue-not-includable = #{ $id }不能加入本期：只有已录用、尚未编发、不在本期中的信息可以加入。
issue-not-open = { $label }已经编发，不能再修改。发送 /issue 编辑下一期。
issue-not-open-any = 这一期已经编发，不能再修改。发送 /issue 编辑下一期。
issue-problem-not-open = 这一期已经编发。
issue-problem-empty = 本期还没有稿件，不能编发。
issue-problem-combined-too-few = 第{ $piece }篇综合稿只有一篇信息，请再加入信息或改为单篇。
issue-problem-combined-no-title = 第{ $piece }篇综合稿还没有标题。
issue-publish-ask = 编发《{ $publication }》本期：共{ $pieces }篇稿件，{ $reports }篇信息。编发后本期按年编号，每篇信息记为本级刊物编发（单篇或综合）并计分，作者会收到通知，本期不能再修改。确认编发吗？
issue-publish-refused = #{ $id }“{ $title }”已不能编发（状态已改变或已经编发），本期没有编发。请把它移出本期后再试。
issue-published = ✅ { $label }已编发：{ $reports }篇信息记为本级刊物编发，已通知作者。Word 文件如下。
issue-already-published = { $label }已经编发过了（{ $reports }篇信息），没有重复记录。Word 文件如下。
issue-number = { $year }年第{ $number }期
issue-number-open = （编辑中）
issue-doc-issuer = { $committee }编印
issue-doc-authors = 反映人：{ $names }（{ $unit }）
issue-doc-editor-note = 编者按：
issue-doc-combined = （综合）
issue-doc-section-situation = 基本情况
issue-doc-section-analysis = 原因分析
issue-doc-section-suggestions = 意见建议
author-event-published = 📰 您的信息“{ $title }”（#{ $id }）已在{ $note }{ $mode }编发。
review-done-added-to-issue = ✅ 已录用 #{ $id }“{ $title }”，已加入本期刊物（单篇）。编发本期时记为编发，发送 /issue 编辑本期。
web-nav-issue = 刊物
web-home-issue = 编辑本级刊物（编发）
web-issue-title = 编辑《{ $publication }》
web-issue-saved = 已保存。
web-issue-none-open = 现在没有正在编辑的一期。
web-issue-open = 开始编辑新一期
web-issue-open-hint = 本期尚未编发，可以随时修改；聊天中的 /issue 编辑的是同一期。
web-issue-published-list = 已编发的各期（Word 文件）
web-issue-pick-some = 请先勾选信息。
web-issue-pieces = 本期稿件
web-issue-piece-title = 综合稿标题
web-issue-save = 保存
web-issue-candidates = 可以加入的已录用信息（共{ $total }篇）
web-issue-singles = 本期已有的单篇（可勾选后合成综合稿）：
web-issue-add = 加入本期（单篇）
web-issue-combined-title = 综合稿标题（合成综合稿时填写）
web-issue-combine = 合成一篇综合稿
web-issue-finish = 预览和编发
web-issue-preview = 下载预览（Word 文件）
web-issue-publish-hint = 编发后本期按年编号，每篇信息记为本级刊物编发（单篇或综合）并计分，作者会收到通知，本期不能再修改。

## 设置向导与系统设置
command-setup = 设置向导（委员会名称、任务等）
help-setup = 按步骤设置委员会名称、层级、时区、刊物名称、报送任务和不予录用理由
help-header = { $committee }社情民意信息工作助手
settings-list-title = 系统设置：
settings-list-hint = 点下面的按钮修改一项。
settings-line = { $label }：{ $value }
settings-item-done = 已保存。
setup-intro = 下面用{ $steps }个简短的问题设置委员会。每个问题都可以点按钮，也可以直接输入；标有“（默认）”的是推荐的默认值。中途离开也没关系，发送 /setup 或 /start 就能从上次的问题继续。
setup-step = 第{ $step }/{ $steps }步
setup-now = 现在：{ $value }
setup-default-mark = （默认）
setup-button-keep = 保持不变
setup-button-default = 使用默认
setup-button-back = « 返回设置
setup-changed = 已修改{ $label }：{ $value }
setup-refused = 没有修改{ $label }：{ $reason }
setup-resume = 继续上次没有完成的设置：
setup-stopped = 已停止设置向导。已经回答的项目都已保存；发送 /setup 可以重新开始。
setup-cancelled = 已取消，这一项没有修改。
setup-done =
    { $committee }的设置已完成！以后可以随时发送 /settings 查看和修改。
    下一步：下载下面的名单模板，填好后把文件发回给我；导入名单后发送 /invites 获取每个人的邀请链接。
setup-done-template = 名单模板：请在“名单”页逐行填写（身份和单位类型从下拉列表选择，说明见“填写说明”页），填好后把这个文件发回给我即可导入。以“示例”开头的两行不会导入。
setup-q-name = 委员会的全称是什么？请直接输入，例如：某某县政协
setup-q-short-name = 简称是什么？用在图表标题等位置，例如：某县政协。可以输入，也可以点按钮。
setup-q-own-level = 本会是哪一级政协？
setup-q-time-zone = 本会使用哪个时区？定时提醒和统计周期都按这个时区计算。也可以输入时区名称，例如 Asia/Shanghai。
setup-q-publication-name = 本级刊物的名称是什么？点按钮或直接输入，例如：社情民意
setup-q-quota = { $role }的报送任务是多少？点按钮，或输入例如：每年2篇、每季度1篇、每月1篇、不设
setup-q-quota-optional = { $role }要不要承担报送任务？一般不设，点“{ words-quota-none }”或“{ setup-button-keep }”即可跳过；如需设置，点按钮或输入例如：每年2篇
setup-q-reject-reasons = 审核时常用的不予录用理由有哪些？每行输入一条（或用“；”分隔），或点“使用默认”。
setup-q-levels = 涉及哪些层级（由低到高）？
setup-q-categories = 信息类别有哪些？用顿号或逗号分隔输入，或点“使用默认”。
setup-q-scoring-single = 单篇采用各得几分？从本级起逐级输入，用空格分隔，例如：5 10 20 30
setup-q-scoring-combined = 综合采用各得几分？从本级起逐级输入，用空格分隔，例如：2 5 10 15
setup-q-scoring-instruction = 领导批示各得几分？从本级起逐级输入，用空格分隔，例如：5 10 15 30
setup-q-scoring-transferred = 转办一篇得几分？
setup-q-title-min-length = 标题最少几个字？
setup-q-title-max-length = 标题最多几个字？
setup-q-body-max-length = 正文最多几个字？
setup-q-draft-reminder-days = 草稿放置多少天未报送时提醒作者？
setup-q-review-waiting-days = 信息待审核多少天后在汇总中提醒工作人员？
setup-q-notify-staff = 有新信息报送时，怎样通知信息工作人员？
setup-q-group-show-names-behind = 在群里公布进度时，是否列出未完成任务人员的姓名？
setup-q-stats-in-groups = 是否允许在群里用 /stats 查询统计？
setup-q-day = “{ $what }”在哪一天？点按钮，或输入例如：每周三、每月10日、每月最后一天
setup-q-hour = “{ $what }”在{ $day }的几点？点按钮，或输入例如：9:30
setup-typed-text = 请输入文字。
setup-typed-number = 请输入一个整数，例如：7
setup-typed-numbers = 请输入用空格分隔的分值，例如：5 10 20 30
setup-typed-list = 请输入至少一项。
setup-typed-quota = 没有看懂这个任务。请输入例如：每年2篇、每季度1篇、每月1篇，或“不设”。
setup-typed-day = 没有看懂这个日期。请输入例如：每天、每周一、每月1日（1到28日）、每月最后一天、每季度1日。
setup-typed-clock = 没有看懂这个时间。请输入例如：9:00、18:30。
setup-typed-buttons = 这一项请点按钮选择。
setting-label-name = 委员会名称
setting-label-short-name = 简称
setting-label-publication-name = 刊物名称
setting-label-own-level = 本会层级
setting-label-levels = 层级（由低到高）
setting-label-time-zone = 时区
setting-label-quotas = 报送任务
setting-label-scoring = 计分办法
setting-label-categories = 信息类别
setting-label-reject-reasons = 常用不予录用理由
setting-label-title-min-length = 标题最少字数
setting-label-title-max-length = 标题最多字数
setting-label-body-max-length = 正文最多字数
setting-label-draft-reminder-days = 草稿提醒天数
setting-label-review-waiting-days = 待审核提醒
setting-label-notify-staff = 新信息通知
setting-label-group-show-names-behind = 群内公布未完成人员
setting-label-stats-in-groups = 群内查询统计
setting-label-member-reminders = 任务提醒
setting-label-member-reminders-last-month = 期末催报
setting-label-group-progress = 群内进度
setting-label-quarterly-standings = 季度通报
setting-label-staff-digest = 工作人员汇总
setting-label-submission-digest = 新信息汇总
setting-label-draft-reminders = 草稿提醒时间
words-list-separator = 、
words-clause-separator = ；
words-yes = 是
words-no = 否
words-short-name-same = 与全称相同
words-time-zone-named = { $name }（{ $zone }）
words-tz-asia-shanghai = 北京时间
words-tz-asia-urumqi = 乌鲁木齐时间
words-tz-asia-hong-kong = 香港时间
words-tz-asia-macau = 澳门时间
words-tz-asia-taipei = 台北时间
words-quota = { $per }{ $count }篇
words-quota-none = 不设任务
words-quota-of = { $role }{ $quota }
words-per-month = 每月
words-per-quarter = 每季度
words-per-year = 每年
words-level-own = 本级
words-level-up = 上{ $up }级
words-points = { $points }分
words-points-at = { $level }{ $points }分
words-scoring-single = 单篇：{ $points }
words-scoring-combined = 综合：{ $points }
words-scoring-instruction = 批示：{ $points }
words-scoring-transferred = 转办：{ $points }分
words-scoring-read = 阅批：{ $points }分
setup-q-scoring-read = 领导阅批一篇得几分？
words-characters = { $count }字
words-days = { $days }天
words-draft-reminder-days = 草稿{ $days }天未报送时提醒作者
words-review-waiting-days = 待审核超过{ $days }天时提醒工作人员
words-notify-immediately = 每条新信息立即通知
words-notify-digest = 每天汇总通知一次
words-day-daily = 每天
words-day-weekly = 每{ $weekday }
words-day-monthly = 每月{ $day }日
words-day-monthly-last = 每月最后一天
words-day-quarterly = 每季度首月{ $day }日
words-weekday-0 = 周日
words-weekday-1 = 周一
words-weekday-2 = 周二
words-weekday-3 = 周三
words-weekday-4 = 周四
words-weekday-5 = 周五
words-weekday-6 = 周六
words-schedule-at = { $day }{ $time }
words-schedule-custom = 自定义时间（由命令行设置）
words-schedule = { $when }{ $what }
words-job-member-reminders = 提醒未完成任务的委员
words-job-member-reminders-last-month = 在任务期最后一个月再次提醒未完成任务的委员
words-job-group-progress = 在群里公布各单位完成进度
words-job-quarterly-standings = 发送季度通报
words-job-staff-digest = 向信息工作人员发送待办汇总
words-job-submission-digest = 向信息工作人员发送新报送信息汇总
words-job-draft-reminders = 提醒作者报送搁置的草稿
doc-period =
    { $kind ->
        [month] { $year }年{ $index }月
        [quarter] { $year }年第{ $quarter ->
            [q1] 一
            [q2] 二
            [q3] 三
           *[q4] 四
        }季度
       *[year] { $year }年
    }
doc-quoted-title = “{ $title }”
doc-total = 合计
doc-bulletin-title = { $committee }关于{ $period }社情民意信息工作情况的通报
doc-bulletin-to = 各参加单位，各位委员：
doc-bulletin-summary = { $period }，共报送社情民意信息{ $submitted }篇，录用{ $accepted }篇，退回修改{ $returned }篇，不予录用{ $rejected }篇。
doc-bulletin-adopted = 采用{ $adopted }篇{ $levels }，领导批示{ $instructed }篇，转办{ $transferred }篇。
doc-bulletin-levels = （其中{ $levels }）
doc-bulletin-level-count = { $level }{ $count }篇
doc-bulletin-rate = 报送信息的采用率为{ $rate }。
doc-bulletin-quota = 应完成报送任务{ $total }人，已完成{ $met }人，占{ $share }。
doc-bulletin-units = 各单位报送和采用情况
doc-bulletin-people = 委员个人报送和采用情况
doc-bulletin-people-more = 其余{ $count }人的情况见Excel通报。
doc-bulletin-outcomes = 信息采用和领导批示情况
doc-bulletin-none = 本期无。
doc-bulletin-outcome-adopted = { $level }采用（{ $mode }）
doc-bulletin-outcome-instructed = { $level }领导批示
doc-bulletin-office = { $committee }办公室
doc-bulletin-caption = { $committee }{ $period }社情民意信息工作情况通报（Word）
doc-col-rank = 名次
doc-col-unit = 单位
doc-col-name = 姓名
doc-col-submitted = 报送
doc-col-accepted = 录用
doc-col-adopted = 采用
doc-col-instructed = 批示
doc-col-points = 积分
doc-col-number = 序号
doc-col-title = 标题
doc-col-authors = 反映人
doc-col-outcome = 采用和批示
