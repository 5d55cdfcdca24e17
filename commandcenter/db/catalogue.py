"""The standard category catalogue a new database starts with.

Six worker duties of the all-subject grid worker (全科网格员) and the national event classes of
digital city management (GB/T 30428) and social governance, with default time limits per step.
Administrators change them later; this constant is what migration 0002 inserted and must not be
edited in place (add a migration instead).
"""

from __future__ import annotations

from typing import NamedTuple


class CatalogueEntry(NamedTuple):
    code: str
    name: str
    name_en: str
    duty: str  # WorkerDuty value
    event_class: str
    department_kind: str | None  # the kind of logical grid that usually handles it
    priority: int  # 0 normal, 1 urgent, 2 critical
    verify: str  # time limits: "2h" = 2 clock hours, "3wd" = 3 working days
    dispatch: str
    handle: str
    check: str


# fmt: off
STANDARD_CATEGORIES_V1: tuple[CatalogueEntry, ...] = (
    # 信息员 information: leads and changes the worker reports
    CatalogueEntry("XX01", "安全隐患线索", "Safety hazard lead", "information", "治安隐患", "public_security", 1, "1h", "1h", "1wd", "4h"),
    CatalogueEntry("XX02", "人口信息变动", "Population record change", "information", "民生服务", "civil_affairs", 0, "4h", "4h", "3wd", "1wd"),
    CatalogueEntry("XX03", "出租房屋变动", "Rental housing change", "information", "房屋土地", "housing", 0, "4h", "4h", "3wd", "1wd"),
    CatalogueEntry("XX04", "特殊人群动态", "Special-group follow-up", "information", "治安隐患", "public_security", 1, "2h", "2h", "2wd", "1wd"),
    CatalogueEntry("XX05", "重点场所巡查", "Key-site patrol finding", "information", "治安隐患", "public_security", 0, "2h", "2h", "3wd", "1wd"),
    CatalogueEntry("XX06", "执行线索", "Court enforcement lead", "information", "其他", "court_enforcement", 0, "4h", "4h", "5wd", "1wd"),
    # 宣传员 publicity
    CatalogueEntry("XC01", "政策宣传需求", "Policy outreach request", "publicity", "民生服务", "civil_affairs", 0, "1wd", "1wd", "5wd", "2wd"),
    CatalogueEntry("XC02", "反诈宣传", "Anti-fraud outreach", "publicity", "治安隐患", "public_security", 0, "1wd", "1wd", "5wd", "2wd"),
    CatalogueEntry("XC03", "违规广告宣传品", "Illegal advertising", "publicity", "宣传广告", "urban_management", 0, "2h", "2h", "3wd", "1wd"),
    CatalogueEntry("XC04", "乱贴乱画", "Flyposting and graffiti", "publicity", "宣传广告", "urban_management", 0, "2h", "2h", "2wd", "1wd"),
    # 调解员 mediation
    CatalogueEntry("TJ01", "邻里纠纷", "Neighbour dispute", "mediation", "矛盾纠纷", "justice", 0, "2h", "2h", "5wd", "2wd"),
    CatalogueEntry("TJ02", "家庭婚姻纠纷", "Family and marriage dispute", "mediation", "矛盾纠纷", "women_federation", 0, "2h", "2h", "5wd", "2wd"),
    CatalogueEntry("TJ03", "劳资纠纷", "Wage dispute", "mediation", "矛盾纠纷", "human_resources", 1, "2h", "2h", "5wd", "2wd"),
    CatalogueEntry("TJ04", "物业纠纷", "Property-management dispute", "mediation", "矛盾纠纷", "housing", 0, "2h", "2h", "5wd", "2wd"),
    CatalogueEntry("TJ05", "土地山林纠纷", "Land and forest dispute", "mediation", "矛盾纠纷", "natural_resources", 0, "4h", "4h", "10wd", "2wd"),
    CatalogueEntry("TJ06", "消费纠纷", "Consumer dispute", "mediation", "矛盾纠纷", "market_supervision", 0, "2h", "2h", "5wd", "2wd"),
    # 协管员 co-management: street order and public facilities
    CatalogueEntry("XG01", "占道经营", "Street vending on the road", "co_management", "街面秩序", "urban_management", 0, "1h", "1h", "1wd", "4h"),
    CatalogueEntry("XG02", "乱堆乱放", "Illegal dumping and piling", "co_management", "市容环境", "urban_management", 0, "1h", "1h", "1wd", "4h"),
    CatalogueEntry("XG03", "违章搭建", "Illegal construction", "co_management", "施工管理", "urban_management", 1, "2h", "2h", "5wd", "2wd"),
    CatalogueEntry("XG04", "井盖缺失破损", "Missing or broken manhole cover", "co_management", "市政公用设施", "housing", 2, "0.5h", "0.5h", "4h", "2h"),
    CatalogueEntry("XG05", "路灯损坏", "Broken street light", "co_management", "市政公用设施", "urban_management", 0, "2h", "2h", "2wd", "1wd"),
    CatalogueEntry("XG06", "道路破损", "Damaged road surface", "co_management", "道路交通设施", "transport", 1, "2h", "2h", "3wd", "1wd"),
    CatalogueEntry("XG07", "垃圾满溢", "Overflowing rubbish", "co_management", "市容环境", "urban_management", 0, "1h", "1h", "4h", "2h"),
    CatalogueEntry("XG08", "污水外溢", "Sewage overflow", "co_management", "市政公用设施", "housing", 1, "1h", "1h", "1wd", "4h"),
    CatalogueEntry("XG09", "油烟噪音扰民", "Cooking fumes and noise", "co_management", "市容环境", "environment", 0, "2h", "2h", "3wd", "1wd"),
    CatalogueEntry("XG10", "车辆乱停放", "Illegal parking", "co_management", "街面秩序", "public_security", 0, "1h", "1h", "1wd", "4h"),
    CatalogueEntry("XG11", "绿化损毁", "Damaged greenery", "co_management", "园林绿化设施", "urban_management", 0, "4h", "4h", "5wd", "2wd"),
    # 服务员 service
    CatalogueEntry("FW01", "代办服务", "Errand service request", "service", "民生服务", "civil_affairs", 0, "4h", "4h", "3wd", "1wd"),
    CatalogueEntry("FW02", "困难群众帮扶", "Help for families in hardship", "service", "民生服务", "civil_affairs", 0, "1wd", "1wd", "5wd", "2wd"),
    CatalogueEntry("FW03", "养老服务", "Elderly care", "service", "民生服务", "civil_affairs", 0, "1wd", "1wd", "5wd", "2wd"),
    CatalogueEntry("FW04", "残疾人服务", "Disability services", "service", "民生服务", "disabled_federation", 0, "1wd", "1wd", "5wd", "2wd"),
    CatalogueEntry("FW05", "就业帮扶", "Employment help", "service", "民生服务", "human_resources", 0, "1wd", "1wd", "10wd", "2wd"),
    CatalogueEntry("FW06", "供水供电供气故障", "Water, power or gas outage", "service", "市政公用设施", "housing", 1, "1h", "1h", "1wd", "4h"),
    # 监督员 supervision: hazards and compliance
    CatalogueEntry("JD01", "消防安全隐患", "Fire hazard", "supervision", "突发事件", "emergency_management", 2, "0.5h", "0.5h", "1wd", "4h"),
    CatalogueEntry("JD02", "食品安全", "Food safety", "supervision", "其他", "market_supervision", 1, "1h", "1h", "3wd", "1wd"),
    CatalogueEntry("JD03", "校园周边安全", "School-area safety", "supervision", "治安隐患", "education", 1, "1h", "1h", "2wd", "1wd"),
    CatalogueEntry("JD04", "环境污染", "Pollution", "supervision", "市容环境", "environment", 1, "1h", "1h", "3wd", "1wd"),
    CatalogueEntry("JD05", "安全生产隐患", "Work-safety hazard", "supervision", "突发事件", "emergency_management", 2, "0.5h", "0.5h", "1wd", "4h"),
    CatalogueEntry("JD06", "自然灾害险情", "Natural-hazard warning", "supervision", "突发事件", "emergency_management", 2, "0.5h", "0.5h", "4h", "2h"),
    CatalogueEntry("JD07", "非法采砂", "Illegal sand mining", "supervision", "其他", "natural_resources", 1, "2h", "2h", "3wd", "1wd"),
    CatalogueEntry("JD08", "无证经营", "Unlicensed business", "supervision", "街面秩序", "market_supervision", 0, "2h", "2h", "5wd", "2wd"),
)
# fmt: on
