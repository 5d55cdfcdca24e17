"""What the phones report, and when: category mixes by hour of day, hotspot kinds, texts.

Pure data and small functions; the numbers are plausible shapes, not measurements. Hours are local
(Asia/Shanghai). Category codes are those of the standard catalogue (commandcenter.db.catalogue);
codes a database lacks are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")


def _window(*spans: tuple[int, int], base: float = 0.15, peak: float = 1.0) -> tuple[float, ...]:
    """Weight per hour 0-23: `base` everywhere, `base + peak` inside the spans [start, end)."""
    hours = [base] * 24
    for start, end in spans:
        h = start
        while h != end % 24:
            hours[h] = base + peak
            h = (h + 1) % 24
    return tuple(hours)


DAY = _window((8, 18))
MEALS = _window((11, 13), (17, 21))  # street vending at lunch and in the evening
NIGHT = _window((21, 2), base=0.1, peak=1.5)  # noise complaints after dark
COMMUTE = _window((7, 9), (17, 19))
EVENING = _window((18, 22))
MORNING = _window((6, 10))
DARK = _window((18, 24))  # a broken street light is noticed when it should be on
SCHOOL = _window((7, 9), (15, 18), base=0.05)
FLAT = _window(base=1.0)

# code -> (base weight, hourly shape). Citizens report what bothers them where they live and walk.
CITIZEN_MIX: dict[str, tuple[float, tuple[float, ...]]] = {
    "XG09": (10, NIGHT),  # 油烟噪音扰民
    "XG01": (9, MEALS),  # 占道经营
    "XG10": (7, COMMUTE),  # 车辆乱停放
    "XG07": (7, MORNING),  # 垃圾满溢
    "XG02": (5, DAY),  # 乱堆乱放
    "XG05": (4, DARK),  # 路灯损坏
    "XG06": (3, DAY),  # 道路破损
    "XG04": (2, DAY),  # 井盖缺失破损
    "XG08": (2, FLAT),  # 污水外溢
    "XC04": (2, MORNING),  # 乱贴乱画
    "TJ01": (4, EVENING),  # 邻里纠纷
    "TJ04": (3, EVENING),  # 物业纠纷
    "TJ06": (2, DAY),  # 消费纠纷
    "JD01": (2, FLAT),  # 消防安全隐患
    "JD02": (2, MEALS),  # 食品安全
    "JD03": (1, SCHOOL),  # 校园周边安全
    "JD04": (2, DAY),  # 环境污染
    "FW06": (2, FLAT),  # 供水供电供气故障
    "JD08": (1, DAY),  # 无证经营
}
# Grid workers on patrol: information duties and what they see on the street, by day.
PATROL_MIX: dict[str, tuple[float, tuple[float, ...]]] = {
    "XX01": (4, DAY),
    "XX02": (3, DAY),
    "XX03": (3, DAY),
    "XX04": (2, DAY),
    "XX05": (3, DAY),
    "XG02": (4, DAY),
    "XG03": (3, DAY),
    "XG11": (2, DAY),
    "XC03": (2, DAY),
    "JD05": (2, DAY),
    "FW02": (2, DAY),
    "FW03": (2, DAY),
    "JD08": (2, DAY),
}
# Small matters a worker fixes on the spot (自办).
SELF_HANDLE_MIX: dict[str, tuple[float, tuple[float, ...]]] = {
    "XG02": (5, DAY),
    "XG07": (4, MORNING),
    "XG10": (4, COMMUTE),
    "XC04": (3, DAY),
    "XC03": (3, DAY),
    "XG01": (3, MEALS),
    "TJ01": (2, EVENING),
}

# What each kind of action weighs by hour: the city sleeps, workers go home, complaints do not.
ACTION_WEIGHTS: dict[str, tuple[float, float]] = {  # action -> (day weight, night weight)
    "citizen_report": (38, 60),
    "patrol_report": (15, 2),
    "self_handle": (12, 1),
    "accept": (8, 3),
    "reply": (15, 5),
    "rate": (12, 4),
}


def is_night(hour: int) -> bool:
    return hour >= 22 or hour < 7


@dataclass(frozen=True)
class HotspotKind:
    """A kind of place where the same problems keep coming back."""

    label: str
    affinity: Mapping[str, float]  # category code -> how much more likely here


HOTSPOT_KINDS: tuple[HotspotKind, ...] = (
    HotspotKind("农贸市场", {"XG01": 6, "XG02": 4, "XG07": 4, "JD02": 3, "TJ06": 2}),
    HotspotKind("夜市烧烤街", {"XG09": 8, "XG01": 5, "XG07": 3, "JD02": 2}),
    HotspotKind("学校门口", {"JD03": 8, "XG10": 4, "XG01": 3}),
    HotspotKind("老旧小区", {"TJ04": 5, "TJ01": 4, "XG10": 3, "XG07": 3, "FW06": 3, "XG08": 2, "JD01": 2}),
    HotspotKind("建筑工地", {"XG09": 5, "XG03": 5, "JD05": 4, "XG06": 3, "JD04": 3}),
    HotspotKind("滨江公园", {"XG11": 4, "XG05": 4, "XG07": 3, "JD04": 2}),
    HotspotKind("商业步行街", {"XG01": 5, "XC03": 4, "XC04": 4, "TJ06": 3, "XG10": 3}),
)


def weighted_codes(
    mix: Mapping[str, tuple[float, tuple[float, ...]]],
    hour: int,
    available: set[str],
    affinity: Mapping[str, float] | None = None,
) -> tuple[list[str], list[float]]:
    """Category codes and their weights at `hour` (local), boosted by a hotspot's affinity."""
    codes, weights = [], []
    for code, (base, shape) in mix.items():
        if code not in available:
            continue
        w = base * shape[hour]
        if affinity is not None:
            w *= affinity.get(code, 0.15)
        codes.append(code)
        weights.append(w)
    return codes, weights


TITLES: dict[str, tuple[str, ...]] = {
    "XG09": ("夜间烧烤油烟噪音扰民", "广场舞音响声音过大", "夜间施工噪音扰民", "餐馆排风扇噪音大"),
    "XG01": ("流动摊贩占道经营", "人行道摆摊影响通行", "早餐摊占用盲道", "水果摊占道"),
    "XG10": ("车辆占用消防通道", "路边乱停车堵塞路口", "电动车乱停放", "货车占道停放"),
    "XG07": ("垃圾桶满溢未清运", "小区垃圾站满溢", "路边垃圾堆积"),
    "XG02": ("楼道堆放杂物", "路边乱堆建筑垃圾", "绿化带内堆放杂物"),
    "XG05": ("路灯不亮", "路灯杆倾斜", "一排路灯损坏"),
    "XG06": ("路面坑洼积水", "人行道地砖松动", "路面塌陷"),
    "XG04": ("人行道井盖缺失", "井盖破损存在安全隐患", "雨水篦子缺失"),
    "XG08": ("污水井冒水", "下水道堵塞外溢"),
    "XC04": ("墙面乱贴小广告", "电杆乱涂乱画"),
    "XC03": ("违规设置广告牌", "门店违规悬挂横幅"),
    "TJ01": ("邻里因漏水发生纠纷", "邻里因噪音发生纠纷", "楼道公共区域使用纠纷"),
    "TJ04": ("物业服务纠纷", "停车费收取纠纷", "电梯维修费用纠纷"),
    "TJ06": ("商家拒绝退换货", "预付卡消费纠纷"),
    "JD01": ("楼道电动车充电", "消防通道堵塞", "灭火器过期"),
    "JD02": ("无证食品摊贩", "餐馆卫生状况差"),
    "JD03": ("校门口交通秩序混乱", "校园周边流动摊贩"),
    "JD04": ("河道漂浮垃圾", "焚烧垃圾冒黑烟", "工地扬尘"),
    "FW06": ("小区停水", "片区停电", "燃气管道异味"),
    "JD08": ("无证经营小作坊", "无照经营门店"),
    "XX01": ("发现安全隐患线索", "出租屋存在安全隐患"),
    "XX03": ("出租房屋人员变动", "新增出租房屋"),
    "XX05": ("重点场所巡查发现问题", "网吧未成年人进入"),
    "XG03": ("楼顶违章搭建", "院坝违规搭建棚房"),
    "XG11": ("绿化带树木被毁", "草坪被踩踏损毁"),
    "JD05": ("工地未设安全防护", "小作坊违规使用液化气"),
}
REPLY_RESULTS = (
    "已现场处置完毕，拍照留存",
    "已协调相关单位处理完毕",
    "已劝导当事人整改到位",
    "已清理完毕，恢复原状",
    "已维修完成，经回访群众认可",
)
SELF_HANDLE_RESULTS: dict[str, tuple[str, ...]] = {
    "XG02": ("现场清理完毕", "已督促当事人清走杂物"),
    "XG07": ("已通知环卫清运完毕", "现场清理完毕"),
    "XG10": ("已联系车主挪走", "已张贴告知单，车辆已驶离"),
    "XC04": ("已现场清除小广告",),
    "XC03": ("已督促商家拆除", "已现场清除"),
    "XG01": ("巡查发现后现场劝离", "已劝导摊贩入市经营"),
    "TJ01": ("现场调解达成一致",),
}
SELF_HANDLE_DEFAULT = ("已现场处置完毕",)
RATING_STARS = (5, 4, 3, 2, 1)
RATING_WEIGHTS = (58, 25, 9, 5, 3)
RATING_COMMENTS: dict[int, tuple[str, ...]] = {
    5: ("处理及时，非常满意", "网格员很负责", "效率很高，点赞"),
    4: ("处理得不错", "基本满意"),
    3: ("一般，希望更快一些",),
    2: ("处理太慢了", "问题只解决了一部分"),
    1: ("问题没有解决", "反映多次仍未处理"),
}
