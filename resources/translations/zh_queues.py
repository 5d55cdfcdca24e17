"""Chinese for the queues' column filters, the alerts and the person picker (see fill_zh.py)."""

ZH = {
    # queues_panel.py: the tabs added for checked and parked cases (the others are in fill_zh.py)
    "To close": "待结案",
    "Parked": "挂账",
    # queues_panel.py: column filters
    "Overdue (red)": "已超时（红灯）",
    "Near the limit (yellow)": "临近时限（黄灯）",
    "Within limit (green)": "时限内（绿灯）",
    "No running clock": "未计时",
    "Clear column filters": "清除列筛选",
    "Show every row of this queue again": "重新显示本队列的全部事件",
    "contains…": "包含…",
    "All": "全部",
    # alerts.py and the window's alert
    "the sound file %1 is missing": "声音文件 %1 不存在",
    "Qt Multimedia cannot load: %1": "Qt 多媒体模块无法加载：%1",
    "no audio output device": "没有音频输出设备",
    "the audio device cannot play the alert sound": "音频设备无法播放提醒声音",
    "No sound for alerts (%1): the system beep is used instead.": "提醒无法播放声音（%1），改用系统提示音。",
    # step_dialog.py: the person picker
    "grid worker": "网格员",
    "grid leader": "网格长",
    "department member working here": "在此工作的部门网格员",
    "department leader": "部门网格长",
    "liaison": "联络员",
    "department member": "部门网格员",
    "+%1 more": "另有 %1 处",
    "Nobody you may assign this case to.": "没有可交办此事件的人员。",
    "%1 of %2 people shown (★ works in the case's grid)": "显示 %1 / %2 人（★ 在事件所在网格工作）",
    # queue_model.py: the marks after a case's code
    "★ supervised": "★ 督办",
    "! urgent": "! 紧急",
    "!! very urgent": "!! 特急",
}
