<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../ui/case_table_model.py" line="27" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="28" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="29" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="30" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="31" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="32" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="33" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="34" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../ui/case_table_model.py" line="35" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="56" />
        <source>gridapp — urban grid management</source>
        <translation>gridapp 网格化城市管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="61" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="65" />
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66" />
        <source>Yellow: 80% used</source>
        <translation>黄灯：时限已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67" />
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="69" />
        <source>Search number, address, description</source>
        <translation>搜索案卷号、地址、问题描述</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71" />
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73" />
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88" />
        <source>Opening the demo store…</source>
        <translation>正在打开演示数据…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="97" />
        <source>Building the demo district (first start, about half a minute)…</source>
        <translation>首次启动，正在生成演示辖区数据（约半分钟）…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>{total} cases in scope of {name}; showing the newest {shown}</source>
        <translation>{name} 可见案卷共 {total} 件，显示最新 {shown} 件</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <location filename="../../ui/errors.py" line="20" />
        <source>Something went wrong. The details were written to the log.</source>
        <translation>操作失败，详细信息已写入日志。</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="13" />
        <source>Awaiting intake</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="14" />
        <source>Filed</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15" />
        <source>In handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16" />
        <source>Awaiting check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17" />
        <source>Awaiting closure</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19" />
        <source>Not filed / void</source>
        <translation>不予立案/作废</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20" />
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21" />
        <source>Suspended</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="27" />
        <source>Grid officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="28" />
        <source>Intake</source>
        <translation>受理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="29" />
        <source>Shift lead</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30" />
        <source>Dispatcher</source>
        <translation>派遣员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32" />
        <source>Supervisor</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33" />
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39" />
        <source>Patrol</source>
        <translation>巡查上报</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41" />
        <source>Public</source>
        <translation>公众举报</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="42" />
        <source>Camera</source>
        <translation>视频监控</translation>
    </message>
</context>
</TS>