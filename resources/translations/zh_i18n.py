"""Chinese for the acting person's role names and the feed's label in the status bar (see fill_zh.py)."""

ZH = {
    # filter_bar.role_name: the same words as the sign-in dialog's role names (zh_signin.py)
    "center operator": "中心值班员",
    "department liaison": "部门联络员",
    "district leader": "领导",
    "administrator": "管理员",
    "field grid worker": "网格员",
    "citizen": "群众",
}
