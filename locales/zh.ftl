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
nothing-to-cancel = 当前没有进行中的操作。

## 命令菜单
command-start = 开始 / 主菜单
command-help = 帮助
command-lang = 切换语言 / Language
command-cancel = 取消当前操作
command-roster = 名单管理
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
    绑定成功！欢迎您，{ $name }。
    单位：{ $unit }
    身份：{ $role }
    发送 /help 查看可以做什么。
start-welcome-back = 欢迎回来，{ $name }（{ $role }）。这里是{ $committee }社情民意信息工作助手。发送 /help 查看可以做什么。
start-already-yours = 您已经以“{ $name }”的身份绑定，无需重复绑定。
start-account-taken = 这个 Telegram 账号已经绑定为“{ $name }”，不能再绑定其他人。如需更换，请联系信息工作人员。
start-code-used = 这个邀请码已经被使用过了。如果不是您本人使用的，请立即联系信息工作人员重新发放。
start-code-malformed = 邀请码格式不正确。请直接点击工作人员发给您的完整链接。
start-code-unknown = 邀请码无效或已作废。请联系信息工作人员获取新的邀请链接。

## 帮助
help-private =
    您可以：
    /start — 主菜单
    /lang — 切换语言
    /help — 查看本帮助
help-leader =
    您可以：
    /start — 主菜单
    /lang — 切换语言
    /help — 查看本帮助
help-staff =
    信息工作人员可以：
    /roster [姓名] — 查看、搜索名单，修改身份或单位，停用人员，获取邀请链接
    /invites — 导出所有未绑定人员的邀请链接（CSV）
    发送 CSV 或 XLSX 名单文件 — 导入或更新名单
    在群里发送 /bind 单位名称 或 /bind all — 绑定群组；/unbind 解除
    /lang — 切换语言
help-admin =
    管理员可以：
    /settings — 查看和修改系统设置
    /roster [姓名] — 名单管理
    /invites — 导出邀请链接（CSV）
    发送 CSV 或 XLSX 名单文件 — 导入或更新名单
    在群里发送 /bind 单位名称 或 /bind all — 绑定群组；/unbind 解除
    /lang — 切换语言
help-group = 我是政协社情民意信息工作助手。请在与我的私聊中撰写和查看信息；信息工作人员可以用 /bind 将本群绑定到单位。

## 语言
lang-choose = 请选择语言 / Choose a language:
lang-name-zh = 简体中文
lang-name-en = English
lang-changed = 已切换为简体中文。
lang-unknown = 不支持的语言：{ $given }。可选：zh、en。

## 设置
settings-title = 当前系统设置：
settings-usage =
    查看一项：/settings 键名
    修改一项：/settings set 键名 值
    例如：/settings set timeZone Asia/Shanghai
    列表可以用逗号分隔：/settings set categories 教育,医疗,其他
    其他结构请使用 JSON。
settings-changed = 已修改：{ $key } = { $value }
settings-refused = 未修改 { $key }：{ $reason }
settings-unknown-key = 没有名为“{ $key }”的设置项。可用的键：{ $keys }

## 名单
roster-file-too-big = 文件太大（上限 5 MB）。请拆分后再发送。
roster-error-unsupported-file-type = 不支持的文件类型。请发送 .csv 或 .xlsx 格式的名单。
roster-error-missing-columns = 名单缺少必需的列：{ $detail }。需要的列：姓名、身份、单位（可选：单位类型、手机）。
roster-error-empty-file = 名单文件是空的。
roster-error-unreadable = 无法读取这个文件：{ $detail }
roster-rejected-title = 名单中有 { $count } 行有问题，本次没有导入任何内容。请修改后重新发送整个文件：
roster-rejected-line = 第 { $line } 行：{ $reason }
roster-rejected-more = ……另有 { $count } 行有问题。
roster-reason-empty-name = 姓名为空
roster-reason-name-too-long = 姓名过长（{ $detail }）
roster-reason-unknown-role = 无法识别的身份“{ $detail }”（可用：委员、常委、特邀信息员、工作人员、领导、管理员）
roster-reason-empty-unit = 单位为空
roster-reason-unknown-unit-type = 无法识别的单位类型“{ $detail }”（可用：民主党派、工商联、专委会、界别、镇街、其他）
roster-reason-bad-phone = 手机号码格式不正确（{ $detail }）
roster-reason-duplicate-in-unit = 与第 { $detail } 行重复（同一单位中姓名相同）
roster-imported =
    名单导入成功（共 { $rows } 行）：
    新建单位 { $unitsCreated } 个，新增人员 { $peopleCreated } 人，更新 { $peopleUpdated } 人，未变化 { $peopleUnchanged } 人。
    发送 /invites 导出邀请链接。
roster-empty = 名单还是空的。请发送 CSV 或 XLSX 名单文件导入。
roster-none-found = 没有找到姓名包含“{ $search }”的人员。
roster-page-title = 名单 { $from }–{ $to } / 共 { $total } 人（搜索：{ $search }）
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
roster-invites-caption = 共 { $count } 位未绑定人员的邀请链接。请逐一私下发送，每个链接只能使用一次。
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
