"""Chinese name pools for the demo district and its people.

`rng` may be a `numpy.random.Generator` or a `random.Random`; the same seed gives the same names.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")
Rng = np.random.Generator | random.Random

# Streets (街道) take the urban core, towns (镇) the rest. Names in the style of Yibin's districts.
STREET_NAMES: tuple[str, ...] = (
    "南岸街道", "白沙湾街道", "合江门街道", "大观楼街道", "西郊街道", "安阜街道", "象鼻街道",
    "沙坪街道", "江北街道", "东城街道", "龙头山街道", "长江街道", "滨江街道", "南广街道",
    "罗龙街道", "翠屏街道",
)  # fmt: skip
TOWN_NAMES: tuple[str, ...] = (
    "李庄镇", "菜坝镇", "宋家镇", "思坡镇", "牟坪镇", "金坪镇", "李端镇", "双谊镇", "高店镇",
    "白花镇", "邱场镇", "凉姜镇", "明威镇", "孔滩镇", "宗场镇", "金秋湖镇", "留宾镇", "大塔镇",
    "仙临镇", "江南镇", "长兴镇", "汪家镇", "黄沙镇", "石鼓镇",
)  # fmt: skip

# Two-character stems for communities (社区, urban) and villages (村, rural).
PLACE_STEMS: tuple[str, ...] = (
    "江北", "石堰", "龙头", "桂花", "新民", "永安", "白塔", "翠柏", "东风", "红旗", "滨江", "望江",
    "临港", "金沙", "银杏", "黄桷", "青龙", "白鹤", "凤凰", "狮子", "马鞍", "双河", "三江", "五粮",
    "长兴", "兴隆", "太平", "和平", "同心", "团结", "胜利", "光明", "幸福", "复兴", "建设", "人民",
    "向阳", "春光", "花园", "竹林", "松林", "杨柳", "荷花", "梨园", "桃园", "橘园", "茶山", "观音",
    "龙泉", "清泉", "石门", "石桥", "铁桥", "新桥", "老街", "新街", "南门", "北门", "东门", "西门",
    "大湾", "小湾", "河坝", "沙湾", "水井", "高坡", "坪上", "岩脚", "田坝", "柏树", "楠木", "樟木",
    "金鸡", "玉屏", "宝珠", "天池", "月亮", "星光", "朝阳", "紫薇", "丹桂", "锦绣", "富民", "安居",
    "乐业", "兴文", "新场", "崇文", "尚武", "思源", "仁和", "永兴", "永和", "永丰", "丰收", "丰乐", "双龙",
    "九龙", "七星", "八角", "五里", "十里", "碑亭", "牌坊", "祠堂", "凉风", "龙凤", "金山", "银山",
    "铜鼓", "石龙", "青杠", "白果", "古楼", "城南", "城北", "城东", "城西", "中坝", "上坝", "下坝",
    "新华", "中华", "振兴", "长宁", "安宁", "康宁", "永宁", "福寿", "长乐", "喜乐", "吉祥",
    "瑞丰", "双桥", "五星", "红星", "红光", "黎明", "晨光", "凤鸣", "鹤鸣", "龙腾", "虎跳", "莲花",
    "梅子", "李子", "桔子", "柑子", "核桃", "板栗", "竹海", "石林", "大田", "小田", "堰塘", "龙潭",
    "鱼塘", "鱼洞", "牛栏", "马家", "王家", "张家", "刘家", "陈家", "杨家", "赵家", "黄家", "周家",
    "吴家", "徐家", "孙家", "胡家", "朱家", "高家", "林家", "何家", "郭家", "罗家", "梁家", "宋家",
)  # fmt: skip

# The most common surnames first; `person_name` favours the front of the list.
PERSON_SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁",
    "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾",
    "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛", "闫", "段", "雷",
    "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵", "万", "覃", "武", "钱", "戴", "严",
)  # fmt: skip
PERSON_GIVEN: tuple[str, ...] = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "萍", "红", "建", "国", "文", "辉",
    "鹏", "飞", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "晨", "阳", "林", "琳",
    "雪", "梅", "莉", "婷", "倩", "颖", "慧", "佳", "欣", "怡", "雨", "思", "梓", "子", "轩", "涵",
    "睿", "博", "泽", "锐", "然", "一", "诺", "梦", "琪", "瑶", "嘉", "悦", "晓", "东", "志", "永",
    "春", "海", "江", "成", "德", "福", "贵", "荣", "兴", "利", "清", "正", "忠", "义", "仁", "安",
    "宁", "康", "顺", "祥", "云", "燕", "凤", "珍", "琴", "芬", "蓉", "川", "蜀", "渝", "勤", "丹",
)  # fmt: skip

# Mainland mobile number segments (1[3-9]X), as allocated to China Mobile, Unicom, Telecom and Broadnet.
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175",
    "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    "190", "191", "192", "193", "195", "196", "197", "198", "199",
)  # fmt: skip


def _below(rng: Rng, n: int) -> int:
    """Uniform int in [0, n)."""
    if isinstance(rng, random.Random):
        return rng.randrange(n)
    return int(rng.integers(n))


def _uniform(rng: Rng) -> float:
    return rng.random() if isinstance(rng, random.Random) else float(rng.random())


def pick(rng: Rng, items: Sequence[T]) -> T:
    return items[_below(rng, len(items))]


def person_name(rng: Rng) -> str:
    """A plausible name: a common surname (front of the list more often) and 1-2 given characters."""
    # Squaring a uniform skews towards index 0, a cheap stand-in for the real surname frequency curve.
    surname = PERSON_SURNAMES[int(_uniform(rng) ** 2 * len(PERSON_SURNAMES))]
    given = pick(rng, PERSON_GIVEN)
    if _uniform(rng) < 0.7:
        second = pick(rng, PERSON_GIVEN)
        if second != given or _uniform(rng) < 0.3:  # reduplicated names (婷婷) exist but are rarer
            given += second
    return surname + given


def phone(rng: Rng) -> str:
    """A plausible 11-digit mainland mobile number."""
    return pick(rng, MOBILE_PREFIXES) + "".join(str(_below(rng, 10)) for _ in range(8))
