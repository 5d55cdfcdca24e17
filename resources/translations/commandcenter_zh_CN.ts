<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminEntry</name>
    <message>
        <source>&amp;Administration</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <source>People, roles, categories and logical grids…</source>
        <translation>人员、角色、事件类别和逻辑网格…</translation>
    </message>
    <message>
        <source>Only administrators may open it</source>
        <translation>仅管理员可以打开</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Categories &amp;&amp; time limits</source>
        <translation>事件类别与时限</translation>
    </message>
    <message>
        <source>Logical grids</source>
        <translation>逻辑网格</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>变更记录</translation>
    </message>
</context>
<context>
    <name>AlertSound</name>
    <message>
        <source>the sound file %1 is missing</source>
        <translation>声音文件 %1 不存在</translation>
    </message>
    <message>
        <source>Qt Multimedia cannot load: %1</source>
        <translation>Qt 多媒体模块无法加载：%1</translation>
    </message>
    <message>
        <source>no audio output device</source>
        <translation>没有音频输出设备</translation>
    </message>
    <message>
        <source>the audio device cannot play the alert sound</source>
        <translation>音频设备无法播放提醒声音</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>All tables</source>
        <translation>全部数据表</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>全部变更</translation>
    </message>
    <message>
        <source>insert</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>update</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Row key, person or login</source>
        <translation>记录编号、人员或登录名</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>(system)</source>
        <translation>（系统）</translation>
    </message>
    <message>
        <source>%1 changes shown (newest first).</source>
        <translation>显示 %1 条变更（最新在前）。</translation>
    </message>
</context>
<context>
    <name>BriefDialog</name>
    <message>
        <source>Daily brief</source>
        <translation>工作日报</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>全区</translation>
    </message>
    <message>
        <source>Could not list the units: %1</source>
        <translation>无法列出单位：%1</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Brief of</source>
        <translation>日报单位</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Preparing the brief of %1…</source>
        <translation>正在生成 %1 的日报…</translation>
    </message>
    <message>
        <source>%1, %2: ready.</source>
        <translation>%1，%2：已生成。</translation>
    </message>
    <message>
        <source>The brief could not be prepared: %1</source>
        <translation>日报生成失败：%1</translation>
    </message>
    <message>
        <source>Daily brief – print preview</source>
        <translation>工作日报 – 打印预览</translation>
    </message>
    <message>
        <source>Print the daily brief</source>
        <translation>打印工作日报</translation>
    </message>
    <message>
        <source>Save the brief as PDF</source>
        <translation>将日报另存为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Generate the brief every morning</source>
        <translation>每天早上自动生成日报</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>For the unit chosen above (otherwise the whole district)</source>
        <translation>按上面选择的单位生成（否则为全区）</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Into folder</source>
        <translation>保存到文件夹</translation>
    </message>
    <message>
        <source>Folder for the morning brief</source>
        <translation>选择日报保存文件夹</translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <source>Assign %1 case(s)</source>
        <translation>批量交办 %1 件事件</translation>
    </message>
    <message>
        <source>— a person of the department —</source>
        <translation>— 选择本部门人员 —</translation>
    </message>
    <message>
        <source>or search a grid (its worker), center or person, then Enter</source>
        <translation>或搜索网格（其网格员）、中心或人员，按回车</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>交办给</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>交办</translation>
    </message>
    <message>
        <source>Choose whom to assign the cases to.</source>
        <translation>请选择交办对象。</translation>
    </message>
    <message>
        <source>Assigning …</source>
        <translation>正在交办…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>%1 of %2 assigned.</source>
        <translation>已交办 %1 件，共 %2 件。</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Select a case in a queue or on the map</source>
        <translation>在队列或地图上选择一个事件</translation>
    </message>
    <message>
        <source>(outside every grid)</source>
        <translation>（不在任何网格内）</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>no running clock</source>
        <translation>未计时</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>%1 is kept in the media store, whose address is not set (setting 'media', base_url).</source>
        <translation>%1 存放在媒体库中，但尚未设置媒体库地址（设置项 media 的 base_url）。</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>交由%1</translation>
    </message>
    <message>
        <source>assignee %1</source>
        <translation>承办人%1</translation>
    </message>
    <message>
        <source>%1 more hours</source>
        <translation>延长%1小时</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>至%1</translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>期限%1</translation>
    </message>
    <message>
        <source>Reply text</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <source>Check result</source>
        <translation>核查结果</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>citizen app</source>
        <translation>市民APP</translation>
    </message>
    <message>
        <source>grid worker's patrol</source>
        <translation>网格员巡查</translation>
    </message>
    <message>
        <source>hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <source>department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>sensor</source>
        <translation>感知设备</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>very urgent</source>
        <translation>特急</translation>
    </message>
    <message>
        <source>check the reply</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>%1: taken by %2</source>
        <translation>%1：由%2办理</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1或%2</translation>
    </message>
    <message>
        <source>the assignee %1</source>
        <translation>承办人%1</translation>
    </message>
    <message>
        <source>the reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>the liaison of %1</source>
        <translation>部门联络员（%1）</translation>
    </message>
    <message>
        <source>the grid worker of %1</source>
        <translation>网格员（%1）</translation>
    </message>
    <message>
        <source>an operator of %1</source>
        <translation>中心值班员（%1）</translation>
    </message>
    <message>
        <source>an operator of the case's center</source>
        <translation>中心值班员</translation>
    </message>
    <message>
        <source>a leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>an administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>CategoriesTab</name>
    <message>
        <source>Filter: code or name</source>
        <translation>筛选：编码或名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>职责</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新建类别</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>very urgent</source>
        <translation>特急</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Worker duty</source>
        <translation>网格员职责</translation>
    </message>
    <message>
        <source>National class</source>
        <translation>国标大类</translation>
    </message>
    <message>
        <source>Department kind</source>
        <translation>部门类型</translation>
    </message>
    <message>
        <source>Default logical grid</source>
        <translation>默认逻辑网格</translation>
    </message>
    <message>
        <source>Default priority</source>
        <translation>默认优先级</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Time unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Save category</source>
        <translation>保存类别</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>信息员</translation>
    </message>
    <message>
        <source>Publicity</source>
        <translation>宣传员</translation>
    </message>
    <message>
        <source>Mediation</source>
        <translation>调解员</translation>
    </message>
    <message>
        <source>Co-management</source>
        <translation>协管员</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务员</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>监督员</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>wd</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Category %1 saved.</source>
        <translation>类别 %1 已保存。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Acting as</source>
        <translation>当前身份</translation>
    </message>
    <message>
        <source>Search: case code, grid code, place name</source>
        <translation>搜索：事件编号、网格编码、地名</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未结案</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>全区</translation>
    </message>
</context>
<context>
    <name>LiaisonDock</name>
    <message>
        <source>Department tasks</source>
        <translation>部门任务</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>Bulk assign…</source>
        <translation>批量交办…</translation>
    </message>
    <message>
        <source>Reply templates…</source>
        <translation>回复模板…</translation>
    </message>
    <message>
        <source>Department's cases (%1)</source>
        <translation>本部门事件（%1）</translation>
    </message>
    <message>
        <source>Reply tracking (%1)</source>
        <translation>回复跟踪（%1）</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 件超时</translation>
    </message>
    <message>
        <source>%1 is not a department liaison</source>
        <translation>%1 不是职能部门联络员</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未结案</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Replied, awaiting check</source>
        <translation>已回复待核查</translation>
    </message>
    <message>
        <source>On-time replies, last 30 days</source>
        <translation>近30天按时回复率</translation>
    </message>
    <message>
        <source>Only administrators edit templates</source>
        <translation>仅管理员可编辑回复模板</translation>
    </message>
    <message>
        <source>Pick mode: click the grid the task is for (or a place in the tree)</source>
        <translation>选取模式：请在地图上点击任务所派发的网格（或在目录树中选择地点）</translation>
    </message>
    <message>
        <source>Task %1 sent to %2</source>
        <translation>任务 %1 已派发给 %2</translation>
    </message>
</context>
<context>
    <name>LogicalGridsTab</name>
    <message>
        <source>Logical grid</source>
        <translation>逻辑网格</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员数</translation>
    </message>
    <message>
        <source>New logical grid</source>
        <translation>新建逻辑网格</translation>
    </message>
    <message>
        <source>person code, e.g. GLG01L</source>
        <translation>人员编号，例如 GLG01L</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Covers the whole district</source>
        <translation>覆盖全区</translation>
    </message>
    <message>
        <source>Search grids: code or name</source>
        <translation>搜索网格：编码或名称</translation>
    </message>
    <message>
        <source>Physical grids covered</source>
        <translation>覆盖的物理网格</translation>
    </message>
    <message>
        <source>Save logical grid</source>
        <translation>保存逻辑网格</translation>
    </message>
    <message>
        <source>(none: a department of its own)</source>
        <translation>（无：独立部门）</translation>
    </message>
    <message>
        <source>Logical grid %1 saved.</source>
        <translation>逻辑网格 %1 已保存。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>not live: %1</source>
        <translation>未实时：%1</translation>
    </message>
    <message>
        <source>Grid-governance command center</source>
        <translation>网格治理指挥中心</translation>
    </message>
    <message>
        <source>Map files are not installed (run .ci/setup): %1</source>
        <translation>地图文件未安装（请运行 .ci/setup）：%1</translation>
    </message>
    <message>
        <source>Logical grids (departments)</source>
        <translation>逻辑网格（职能部门）</translation>
    </message>
    <message>
        <source>New overdue or urgent: %1</source>
        <translation>新的超时或紧急事件：%1</translation>
    </message>
    <message>
        <source>No sound for alerts (%1): the system beep is used instead.</source>
        <translation>提醒无法播放声音（%1），改用系统提示音。</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>catching up</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重新连接中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>数据推送</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最近变更</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Check the reply</source>
        <translation>核查处置结果</translation>
    </message>
    <message>
        <source>Saving …</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>Reporter's phone</source>
        <translation>上报人电话</translation>
    </message>
    <message>
        <source>Reported at (device)</source>
        <translation>上报时间（设备）</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Step deadline</source>
        <translation>本环节时限</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <source>Extension requested until</source>
        <translation>申请延期至</translation>
    </message>
    <message>
        <source>Reworks</source>
        <translation>返工次数</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>回退次数</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Position outside its grid</source>
        <translation>位置不在所报网格内</translation>
    </message>
    <message>
        <source>Device time far from receipt</source>
        <translation>设备时间与受理时间相差过大</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Shade grids by</source>
        <translation>网格着色依据</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Filter places</source>
        <translation>筛选区域</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>事件队列</translation>
    </message>
    <message>
        <source>Unit profile</source>
        <translation>单元概况</translation>
    </message>
    <message>
        <source>Select a place in the tree or on the map</source>
        <translation>在目录树或地图上选择一个区域</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Select a case in a queue or on the map</source>
        <translation>在队列或地图上选择一个事件</translation>
    </message>
    <message>
        <source>Trail</source>
        <translation>流转记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Daily &amp;brief…</source>
        <translation>工作日报(&amp;B)…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Operator seat</source>
        <translation>值班席位</translation>
    </message>
    <message>
        <source>Video wall</source>
        <translation>大屏</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <source>Overdue cases</source>
        <translation>超时事件</translation>
    </message>
    <message>
        <source>Sound for new overdue or urgent cases</source>
        <translation>新超时或紧急事件声音提醒</translation>
    </message>
    <message>
        <source>District boundary</source>
        <translation>区界</translation>
    </message>
    <message>
        <source>Townships</source>
        <translation>镇街</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>村社区</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Micro-grids</source>
        <translation>微网格</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Overdue highlight</source>
        <translation>超时提醒</translation>
    </message>
    <message>
        <source>Heat map</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Within limit</source>
        <translation>时限内</translation>
    </message>
    <message>
        <source>Over 80% of limit</source>
        <translation>超过时限80%</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>未计时</translation>
    </message>
    <message>
        <source>Overdue case</source>
        <translation>超时事件</translation>
    </message>
    <message>
        <source>Grid shade: open or overdue cases</source>
        <translation>网格底色：未结或超时事件数</translation>
    </message>
</context>
<context>
    <name>NewTaskDialog</name>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>What is to be done, in a few words</source>
        <translation>简要说明要做什么</translation>
    </message>
    <message>
        <source>No target chosen yet</source>
        <translation>尚未选择派发对象</translation>
    </message>
    <message>
        <source>Pick on the map or in the tree</source>
        <translation>在地图或目录树上选取</translation>
    </message>
    <message>
        <source>Search a grid, place or person, then Enter</source>
        <translation>搜索网格、地名或人员，按回车</translation>
    </message>
    <message>
        <source>— or a township center —</source>
        <translation>— 或选择镇街中心 —</translation>
    </message>
    <message>
        <source>The task and what the reply must contain</source>
        <translation>任务内容及回复须包含的事项</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>派发给</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Reply template</source>
        <translation>回复模板</translation>
    </message>
    <message>
        <source>Task text</source>
        <translation>任务内容</translation>
    </message>
    <message>
        <source>Send task</source>
        <translation>派发任务</translation>
    </message>
    <message>
        <source>— no template —</source>
        <translation>— 不使用模板 —</translation>
    </message>
    <message>
        <source> (any category)</source>
        <translation>（通用）</translation>
    </message>
    <message>
        <source>Click a grid on the map, or a place in the tree.</source>
        <translation>请在地图上点击一个网格，或在目录树中选择一个地点。</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Worker of grid</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Sending …</source>
        <translation>正在派发…</translation>
    </message>
    <message>
        <source>Sent: %1 to %2</source>
        <translation>已派发：%1 给 %2</translation>
    </message>
</context>
<context>
    <name>PeopleTab</name>
    <message>
        <source>Search: code, name, phone, login</source>
        <translation>搜索：编号、姓名、电话、登录名</translation>
    </message>
    <message>
        <source>Inactive too</source>
        <translation>含已停用</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>新建人员</translation>
    </message>
    <message>
        <source>Save person</source>
        <translation>保存人员</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unit code</source>
        <translation>单位编码</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Grid or department</source>
        <translation>网格/部门</translation>
    </message>
    <message>
        <source>Physical grid</source>
        <translation>物理网格</translation>
    </message>
    <message>
        <source>Logical grid</source>
        <translation>逻辑网格</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <source>Memberships (one person in several grids, several people in one grid)</source>
        <translation>所属网格（一员多格、一格多员）</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>授予</translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation>收回所选</translation>
    </message>
    <message>
        <source>Create login</source>
        <translation>创建登录账号</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>Enable login</source>
        <translation>启用登录</translation>
    </message>
    <message>
        <source>Disable login</source>
        <translation>停用登录</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Database login</source>
        <translation>数据库登录账号</translation>
    </message>
    <message>
        <source>Logins exist only on PostgreSQL: the embedded SQLite database is a single-user demo.</source>
        <translation>登录账号仅在 PostgreSQL 上存在：内置 SQLite 数据库是单用户演示库。</translation>
    </message>
    <message>
        <source>Liaison</source>
        <translation>联络员</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>Grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <source>Department member working here</source>
        <translation>在此工作的部门人员</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>全区</translation>
    </message>
    <message>
        <source>no logins on the SQLite demo</source>
        <translation>SQLite 演示库没有登录账号</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>no such role on the server</source>
        <translation>服务器上没有此角色</translation>
    </message>
    <message>
        <source>no login yet</source>
        <translation>尚无登录账号</translation>
    </message>
    <message>
        <source>Person %1 created.</source>
        <translation>人员 %1 已创建。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Membership added.</source>
        <translation>已添加所属网格。</translation>
    </message>
    <message>
        <source>Select a membership first.</source>
        <translation>请先选择一条所属网格。</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>已移除。</translation>
    </message>
    <message>
        <source>Role granted.</source>
        <translation>已授予角色。</translation>
    </message>
    <message>
        <source>Select a role first.</source>
        <translation>请先选择一个角色。</translation>
    </message>
    <message>
        <source>Role revoked.</source>
        <translation>已收回角色。</translation>
    </message>
    <message>
        <source>password: the two passwords differ; type the same password twice</source>
        <translation>密码：两次输入的密码不一致，请输入相同的密码</translation>
    </message>
    <message>
        <source>Login created; the person can sign in now.</source>
        <translation>登录账号已创建，此人现在可以登录。</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Login enabled.</source>
        <translation>登录已启用。</translation>
    </message>
    <message>
        <source>Login disabled; its open sessions were ended.</source>
        <translation>登录已停用，其已打开的会话已结束。</translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message>
        <source>Select a place in the tree or on the map</source>
        <translation>在目录树或地图上选择一个区域</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>人口</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Measures of the last 30 days</source>
        <translation>近30天考核指标</translation>
    </message>
    <message>
        <source>Cases per day</source>
        <translation>每日事件数</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Light</source>
        <translation>灯</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>★ supervised</source>
        <translation>★ 督办</translation>
    </message>
    <message>
        <source>! urgent</source>
        <translation>! 紧急</translation>
    </message>
    <message>
        <source>!! very urgent</source>
        <translation>!! 特急</translation>
    </message>
    <message>
        <source>(outside every grid)</source>
        <translation>（不在任何网格内）</translation>
    </message>
</context>
<context>
    <name>QueuesPanel</name>
    <message>
        <source>Overdue (red)</source>
        <translation>已超时（红灯）</translation>
    </message>
    <message>
        <source>Near the limit (yellow)</source>
        <translation>临近时限（黄灯）</translation>
    </message>
    <message>
        <source>Within limit (green)</source>
        <translation>时限内（绿灯）</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>未计时</translation>
    </message>
    <message>
        <source>To verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>To route &amp;&amp; dispatch</source>
        <translation>待分流派遣</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <source>To close</source>
        <translation>待结案</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>挂账</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>网格外</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>今日结案</translation>
    </message>
    <message>
        <source>Clear column filters</source>
        <translation>清除列筛选</translation>
    </message>
    <message>
        <source>Show every row of this queue again</source>
        <translation>重新显示本队列的全部事件</translation>
    </message>
    <message>
        <source>contains…</source>
        <translation>包含…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>The password of %1 was changed or has expired. Sign in again.</source>
        <translation>账号 %1 的密码已被修改或已过期，请重新登录。</translation>
    </message>
    <message>
        <source>Wrong user name or password for %1.</source>
        <translation>用户名或密码错误（%1）。</translation>
    </message>
    <message>
        <source>The login %1 was disabled by an administrator; the session has ended.</source>
        <translation>账号 %1 已被管理员停用，本次会话已结束。</translation>
    </message>
    <message>
        <source>The login %1 is disabled. Ask an administrator to enable it.</source>
        <translation>账号 %1 已停用，请联系管理员启用。</translation>
    </message>
    <message>
        <source>There is no login %1.</source>
        <translation>不存在账号 %1。</translation>
    </message>
    <message>
        <source>Give your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>The login %1 is not linked to an active person. Ask an administrator.</source>
        <translation>账号 %1 未关联在职人员，请联系管理员。</translation>
    </message>
    <message>
        <source>The server ended the session (the login may have been disabled). Sign in again.</source>
        <translation>服务器结束了本次会话（账号可能已被停用），请重新登录。</translation>
    </message>
    <message>
        <source>Your role %1 was revoked. Sign in again to go on with the roles you hold now.</source>
        <translation>您的角色 %1 已被撤销，请重新登录，以现有角色继续工作。</translation>
    </message>
    <message>
        <source>The database refused: %1</source>
        <translation>数据库拒绝了操作：%1</translation>
    </message>
    <message>
        <source>Cannot reach the database server: %1</source>
        <translation>无法连接数据库服务器：%1</translation>
    </message>
    <message>
        <source>No secure (TLS) connection as the database URL's sslmode asks: %1</source>
        <translation>无法按数据库地址中 sslmode 的要求建立加密（TLS）连接：%1</translation>
    </message>
    <message>
        <source>The database's schema is older than this app. Ask an administrator to run “commandcenter db upgrade”.</source>
        <translation>数据库结构版本低于本程序，请联系管理员运行“commandcenter db upgrade”。</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>The extra hours must be more than zero.</source>
        <translation>延长的小时数须大于零。</translation>
    </message>
    <message>
        <source>The deadline asked for is already past.</source>
        <translation>申请的期限已过。</translation>
    </message>
    <message>
        <source>The deadline must be later than now.</source>
        <translation>期限须晚于当前时间。</translation>
    </message>
    <message>
        <source>The case is routed to this unit already: route it to another unit, or assign it.</source>
        <translation>事件已分流到该单位：请分流到其他单位，或直接交办。</translation>
    </message>
    <message>
        <source>That person is no longer active.</source>
        <translation>此人已停用。</translation>
    </message>
    <message>
        <source>Fill in the text this step records.</source>
        <translation>请填写此环节需要记录的内容。</translation>
    </message>
    <message>
        <source>The case is with the district center: there is no level above.</source>
        <translation>事件已在区级中心，没有更上一级。</translation>
    </message>
    <message>
        <source>It is now %1</source>
        <translation>现为「%1」</translation>
    </message>
    <message>
        <source>, assigned to %1</source>
        <translation>，承办人%1</translation>
    </message>
    <message>
        <source>; last step: %1 by %2 %3</source>
        <translation>；最后一步：%2%1（%3）</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>他人</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>Someone else changed this case first; nothing was saved.</source>
        <translation>他人已先处理了此事件，本次操作未保存。</translation>
    </message>
    <message>
        <source>Look at the case again and retry if the step still makes sense.</source>
        <translation>请查看事件的最新状态，如仍需要，再重新操作。</translation>
    </message>
    <message>
        <source>You may not %1 this case (%2).</source>
        <translation>你无权对此事件进行“%1”操作。</translation>
    </message>
    <message>
        <source>not yet reported</source>
        <translation>未上报</translation>
    </message>
    <message>
        <source>%1 is not possible: the case is %2.</source>
        <translation>无法“%1”：事件当前为「%2」。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>center operator</source>
        <translation>中心值班员</translation>
    </message>
    <message>
        <source>department liaison</source>
        <translation>部门联络员</translation>
    </message>
    <message>
        <source>district leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>field grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>citizen</source>
        <translation>群众</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Lock when idle…</source>
        <translation>空闲时锁定(&amp;L)…</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>重新登录…</translation>
    </message>
    <message>
        <source>single-user demo - no security enforced</source>
        <translation>单用户演示 - 不执行安全控制</translation>
    </message>
    <message>
        <source>owner connection - no row security</source>
        <translation>所有者连接 - 无行级安全</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>session ended: %1</source>
        <translation>会话已结束：%1</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Lock when idle</source>
        <translation>空闲时锁定</translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without input (0: never):</source>
        <translation>无操作多少分钟后锁定窗口（0 表示从不）：</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in again</source>
        <translation>重新登录</translation>
    </message>
    <message>
        <source>Locked - sign in to go on</source>
        <translation>已锁定 - 请登录后继续</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>This is the embedded single-user demo database: there are no logins and no security is enforced. Pick the person the app acts as.</source>
        <translation>这是内置的单用户演示数据库：没有登录账号，也不执行任何安全控制。请选择本程序以谁的身份操作。</translation>
    </message>
    <message>
        <source>when the server offers it</source>
        <translation>服务器支持时使用</translation>
    </message>
    <message>
        <source>when the server requires it</source>
        <translation>服务器要求时使用</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必须</translation>
    </message>
    <message>
        <source>required, server certificate checked</source>
        <translation>必须，校验服务器证书</translation>
    </message>
    <message>
        <source>required, server certificate and name checked</source>
        <translation>必须，校验服务器证书和名称</translation>
    </message>
    <message>
        <source>Sign in with your own database login.</source>
        <translation>请使用您本人的数据库账号登录。</translation>
    </message>
    <message>
        <source>Server: %1 · TLS: %2</source>
        <translation>服务器：%1 · TLS 加密：%2</translation>
    </message>
    <message>
        <source>The password is kept in this computer's system keyring, never in a file.</source>
        <translation>密码保存在本机的系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password cannot be remembered.</source>
        <translation>本机没有可用的系统密钥环，因此无法记住密码。</translation>
    </message>
    <message>
        <source>Signing in …</source>
        <translation>正在登录 …</translation>
    </message>
    <message>
        <source>Could not list the people: %1</source>
        <translation>无法列出人员：%1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Act as</source>
        <translation>当前身份</translation>
    </message>
    <message>
        <source>Remember me (password kept in the system keyring)</source>
        <translation>记住我（密码保存在系统密钥环中）</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Take a step</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Name, phone or grid</source>
        <translation>姓名、电话或网格</translation>
    </message>
    <message>
        <source>Extra hours</source>
        <translation>延长小时数</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Failed: rework</source>
        <translation>不通过：返工</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Reply: %1</source>
        <translation>回复内容：%1</translation>
    </message>
    <message>
        <source>(routed here now)</source>
        <translation>（当前已分流至此）</translation>
    </message>
    <message>
        <source>The case is routed to this unit already; choose another one.</source>
        <translation>事件已分流至该单位，请选择其他单位。</translation>
    </message>
    <message>
        <source>grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>grid leader</source>
        <translation>网格长</translation>
    </message>
    <message>
        <source>department member working here</source>
        <translation>在此工作的部门网格员</translation>
    </message>
    <message>
        <source>department leader</source>
        <translation>部门网格长</translation>
    </message>
    <message>
        <source>liaison</source>
        <translation>联络员</translation>
    </message>
    <message>
        <source>department member</source>
        <translation>部门网格员</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>另有 %1 处</translation>
    </message>
    <message>
        <source>Nobody you may assign this case to.</source>
        <translation>没有可交办此事件的人员。</translation>
    </message>
    <message>
        <source>%1 of %2 people shown (★ works in the case's grid)</source>
        <translation>显示 %1 / %2 人（★ 在事件所在网格工作）</translation>
    </message>
    <message>
        <source>Handling deadline %1 → %2</source>
        <translation>处置期限 %1 → %2</translation>
    </message>
    <message>
        <source>The case is overdue: the hours count from now.</source>
        <translation>事件已超时：延长的小时数从现在起算。</translation>
    </message>
    <message>
        <source>Handling result (required)</source>
        <translation>处理结果（必填）</translation>
    </message>
    <message>
        <source>Why it fails (required)</source>
        <translation>不通过原因（必填）</translation>
    </message>
    <message>
        <source>Instruction (required)</source>
        <translation>督办意见（必填）</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Reply templates</source>
        <translation>回复模板</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>Offered in new tasks</source>
        <translation>新建任务时可选用</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>新建模板</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source> (retired)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Version %1, last saved by %2 at %3</source>
        <translation>第 %1 版，%2 于 %3 保存</translation>
    </message>
    <message>
        <source>A new template: fill it in and save.</source>
        <translation>新模板：填写后保存。</translation>
    </message>
</context>
<context>
    <name>TrackingModel</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>派发对象</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Replied at</source>
        <translation>回复时间</translation>
    </message>
    <message>
        <source>Reply text</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <source>Overdue, no reply</source>
        <translation>超时未回复</translation>
    </message>
    <message>
        <source>Not yet accepted</source>
        <translation>待签收</translation>
    </message>
    <message>
        <source>Reply sent back for rework</source>
        <translation>回复被退回返工</translation>
    </message>
    <message>
        <source>Waiting for a handler</source>
        <translation>待分派处置人</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>处置中</translation>
    </message>
    <message>
        <source>Replied, awaiting check</source>
        <translation>已回复待核查</translation>
    </message>
</context>
</TS>