"""Write the Chinese translations below into commandcenter_zh_CN.ts (and mark the English file done).

Areas of the window keep their strings in zh_<area>.py files here (a dict named ZH), merged below.
Run after update.sh when strings were added: `python3 resources/translations/fill_zh.py`. It fails
listing any source string that has no Chinese here, so no English slips into the Chinese interface.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent

ZH = {
    "Daily &brief…": "工作日报(&B)…",
    "Ctrl+P": "Ctrl+P",
    "Daily brief": "工作日报",
    "Could not list the units: %1": "无法列出单位：%1",
    "Day": "日期",
    "Print preview…": "打印预览…",
    "Print…": "打印…",
    "Save as PDF…": "另存为 PDF…",
    "Preparing the brief of %1…": "正在生成 %1 的日报…",
    "%1, %2: ready.": "%1，%2：已生成。",
    "The brief could not be prepared: %1": "日报生成失败：%1",
    "Daily brief – print preview": "工作日报 – 打印预览",
    "Print the daily brief": "打印工作日报",
    "Save the brief as PDF": "将日报另存为 PDF",
    "PDF (*.pdf)": "PDF 文件 (*.pdf)",
    "Could not save %1: %2": "无法保存 %1：%2",
    "Saved %1": "已保存 %1",
    "Generate the brief every morning": "每天早上自动生成日报",
    "Browse…": "浏览…",
    "For the unit chosen above (otherwise the whole district)": "按上面选择的单位生成（否则为全区）",
    "At": "时间",
    "Into folder": "保存到文件夹",
    "Folder for the morning brief": "选择日报保存文件夹",
    "Select a case in a queue or on the map": "在队列或地图上选择一个事件",
    "(outside every grid)": "（不在任何网格内）",
    "no running clock": "未计时",
    "Received": "受理时间",
    "Category": "类别",
    "Status": "状态",
    "Place": "区域",
    "Acting as": "当前身份",
    "Search: case code, grid code, place name": "搜索：事件编号、网格编码、地名",
    "Any time": "全部时间",
    "Today": "今天",
    "Last 7 days": "近7天",
    "Last 30 days": "近30天",
    "All statuses": "全部状态",
    "Open": "未结案",
    "All categories": "全部类别",
    "Whole district": "全区",
    "not live: %1": "未实时：%1",
    "Grid-governance command center": "网格治理指挥中心",
    "Map files are not installed (run .ci/setup): %1": "地图文件未安装（请运行 .ci/setup）：%1",
    "Logical grids (departments)": "逻辑网格（职能部门）",
    "District boundary": "区界",
    "Townships": "镇街",
    "Communities": "村社区",
    "Grids": "网格",
    "Micro-grids": "微网格",
    "Cases": "事件",
    "Overdue highlight": "超时提醒",
    "Heat map": "热力图",
    "Basemap": "底图",
    "Legend": "图例",
    "Within limit": "时限内",
    "Over 80% of limit": "超过时限80%",
    "Overdue": "已超时",
    "No running clock": "未计时",
    "Overdue case": "超时事件",
    "Grid shade: open or overdue cases": "网格底色：未结或超时事件数",
    "New overdue or urgent: %1": "新的超时或紧急事件：%1",
    "connecting": "连接中",
    "catching up": "同步中",
    "live": "实时",
    "reconnecting": "重新连接中",
    "stopped": "已停止",
    "Nothing found": "未找到",
    "Check the reply": "核查处置结果",
    "Saving …": "正在保存……",
    "Done: %1": "已完成：%1",
    "Someone else changed this case first. It now shows its new state.": "他人已先处理了此事件，现显示其最新状态。",
    "Code": "编号",
    "Title": "标题",
    "Description": "描述",
    "Address": "地址",
    "Latitude": "纬度",
    "Longitude": "经度",
    "Source": "来源",
    "Reporter": "上报人",
    "Reporter's phone": "上报人电话",
    "Reported at (device)": "上报时间（设备）",
    "Received at": "受理时间",
    "Priority": "优先级",
    "Supervised": "督办",
    "Step deadline": "本环节时限",
    "Handling deadline": "处置时限",
    "Extension requested until": "申请延期至",
    "Reworks": "返工次数",
    "Sent back": "回退次数",
    "Rating": "评价",
    "Position outside its grid": "位置不在所报网格内",
    "Device time far from receipt": "设备时间与受理时间相差过大",
    "Version": "版本",
    "&File": "文件(&F)",
    "&View": "视图(&V)",
    "Theme": "主题",
    "Shade grids by": "网格着色依据",
    "&Language": "语言(&L)",
    "Filters": "筛选",
    "Places": "区域",
    "Filter places": "筛选区域",
    "Queues": "事件队列",
    "Unit profile": "单元概况",
    "Select a place in the tree or on the map": "在目录树或地图上选择一个区域",
    "Case": "事件",
    "Trail": "流转记录",
    "Time": "时间",
    "Step": "环节",
    "By": "操作人",
    "Note": "说明",
    "Details": "详情",
    "Media": "附件",
    "&Refresh": "刷新(&R)",
    "F5": "F5",
    "&Quit": "退出(&Q)",
    "Ctrl+Q": "Ctrl+Q",
    "Operator seat": "值班席位",
    "Video wall": "大屏",
    "Open cases": "未结事件",
    "Overdue cases": "超时事件",
    "Sound for new overdue or urgent cases": "新超时或紧急事件声音提醒",
    "Households": "户数",
    "Residents": "人口",
    "Staff": "人员",
    "Cases per day": "每日事件数",
    "By category": "按类别",
    "Light": "灯",
    "Grid": "网格",
    "Assignee": "承办人",
    "Time left": "剩余时间",
    "To verify": "待核实",
    "To route && dispatch": "待分流派遣",
    "In progress": "处置中",
    "To check": "待核查",
    "Unassigned": "网格外",
    "Closed today": "今日结案",
    "Take a step": "办理",
    "Responsible unit": "责任单位",
    "Person": "人员",
    "Name, phone or grid": "姓名、电话或网格",
    "Extra hours": "延长小时数",
    "Handling result (required)": "处理结果（必填）",
    "Why it fails (required)": "不通过原因（必填）",
    "Instruction (required)": "督办意见（必填）",
    "Reason (required)": "原因（必填）",
    " h": " 小时",
    "Result": "结果",
    "Passed": "通过",
    "Failed: rework": "不通过：返工",
    "Unit": "责任单位",
    "Brief of": "日报单位",
    "Database": "数据库",
    "Feed": "数据推送",
    "Last change": "最近变更",
    "Measures of the last 30 days": "近30天考核指标",
}


def all_chinese() -> dict[str, str]:
    """ZH above plus the ZH dict of every zh_*.py beside this file (one per area of the window)."""
    import importlib.util

    table = dict(ZH)
    for part in sorted(HERE.glob("zh_*.py")):
        spec = importlib.util.spec_from_file_location(part.stem, part)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table.update(module.ZH)
    return table


def fill(path: Path, table: dict[str, str] | None) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        tr.attrib.pop("type", None)
        if table is None:
            tr.text = source  # English: the source strings are English
        elif source in table:
            tr.text = table[source]
        else:
            missing.append(source)
            tr.set("type", "unfinished")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    missing = fill(HERE / "commandcenter_zh_CN.ts", all_chinese())
    fill(HERE / "commandcenter_en.ts", None)
    if missing:
        print("no Chinese for:", *missing, sep="\n  ", file=sys.stderr)
        sys.exit(1)
