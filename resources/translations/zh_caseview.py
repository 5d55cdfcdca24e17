"""Chinese for the case view: who takes the next steps, the reply in details, the route and check
dialogs (see fill_zh.py)."""

ZH = {
    # case_panel.py: the line under the step buttons
    "%1: taken by %2": "%1：由%2办理",
    "%1, %2": "%1、%2",
    "check the reply": "核查",
    "%1 or %2": "%1或%2",
    "the assignee %1": "承办人%1",
    "the reporter": "上报人",
    "the liaison of %1": "部门联络员（%1）",
    "the grid worker of %1": "网格员（%1）",
    "an operator of %1": "中心值班员（%1）",
    "an operator of the case's center": "中心值班员",
    "a leader": "领导",
    "an administrator": "管理员",
    # case_panel.py: details
    "Reply text": "回复内容",
    "Check result": "核查结果",
    # step_dialog.py
    "Reply: %1": "回复内容：%1",
    "(routed here now)": "（当前已分流至此）",
    "The case is routed to this unit already; choose another one.": "事件已分流至该单位，请选择其他单位。",
    # refusals.py: a refused or conflicting step
    "It is now %1": "现为「%1」",
    ", assigned to %1": "，承办人%1",
    "; last step: %1 by %2 %3": "；最后一步：%2%1（%3）",
    "someone": "他人",
    ".": "。",
    "Someone else changed this case first; nothing was saved.": "他人已先处理了此事件，本次操作未保存。",
    "Look at the case again and retry if the step still makes sense.": "请查看事件的最新状态，如仍需要，再重新操作。",
    "You may not %1 this case (%2).": "你无权对此事件进行“%1”操作。",
    "not yet reported": "未上报",
    "%1 is not possible: the case is %2.": "无法“%1”：事件当前为「%2」。",
    "%1: %2": "%1：%2",
    "The extra hours must be more than zero.": "延长的小时数须大于零。",
    "The deadline asked for is already past.": "申请的期限已过。",
    "The deadline must be later than now.": "期限须晚于当前时间。",
    "The case is routed to this unit already: route it to another unit, or assign it.": "事件已分流到该单位：请分流到其他单位，或直接交办。",
    "That person is no longer active.": "此人已停用。",
    "Fill in the text this step records.": "请填写此环节需要记录的内容。",
    "The case is with the district center: there is no level above.": "事件已在区级中心，没有更上一级。",
    # case_panel.py: the details' values
    "citizen app": "市民APP",
    "grid worker's patrol": "网格员巡查",
    "hotline": "热线",
    "department": "部门",
    "sensor": "感知设备",
    "imported": "导入",
    # step_dialog.py: an extension
    "Handling deadline %1 → %2": "处置期限 %1 → %2",
    "The case is overdue: the hours count from now.": "事件已超时：延长的小时数从现在起算。",
    # case_panel.py: the media list
    "photo": "照片",
    "video": "视频",
    "audio": "录音",
    "%1 is kept in the media store, whose address is not set (setting 'media', base_url).": "%1 存放在媒体库中，但尚未设置媒体库地址（设置项 media 的 base_url）。",
    "Could not open %1": "无法打开 %1",
    # case_panel.py: whom a step handed the case to, in the trail
    "to %1": "交由%1",
    "assignee %1": "承办人%1",
    "%1 more hours": "延长%1小时",
    "until %1": "至%1",
    "deadline %1": "期限%1",
}
