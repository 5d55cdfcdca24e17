<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <source>Unit</source>
        <translation>责任单位</translation>
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
    <message>
        <source>New overdue or urgent: %1</source>
        <translation>新的超时或紧急事件：%1</translation>
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
        <translation>实时</translation>
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
        <source>Someone else changed this case first. It now shows its new state.</source>
        <translation>他人已先处理了此事件，现显示其最新状态。</translation>
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
        <source>(outside every grid)</source>
        <translation>（不在任何网格内）</translation>
    </message>
</context>
<context>
    <name>QueuesPanel</name>
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
        <source>Unassigned</source>
        <translation>网格外</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>今日结案</translation>
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
</context>
</TS>