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
}
