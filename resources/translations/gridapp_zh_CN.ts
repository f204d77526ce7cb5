<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AckLimitBox</name>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="25" />
        <source> working hours</source>
        <translation> 工作时</translation>
    </message>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="27" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="28" />
        <source>Restore default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="29" />
        <source>Acknowledge dispatches within</source>
        <translation>签收时限：派遣后</translation>
    </message>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="38" />
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/ack_limit_box.py" line="38" />
        <source>(set by the district)</source>
        <translation>（本区设置）</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/detail/action_dialog.py" line="72" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="34" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="36" />
        <source>Administration is for system administrators only. Your role: %1.</source>
        <translation>系统管理仅限系统管理员使用。您的角色：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="49" />
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="50" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="51" />
        <source>Routing rules</source>
        <translation>派遣规则</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="52" />
        <source>Handling limits</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="53" />
        <source>Calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="54" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="55" />
        <source>Warning rules</source>
        <translation>预警规则</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="56" />
        <source>Open311 clients</source>
        <translation>Open311 接入</translation>
    </message>
</context>
<context>
    <name>ApiKeyDialog</name>
    <message>
        <location filename="../../ui/admin/api_key_dialog.py" line="21" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/admin/api_key_dialog.py" line="24" />
        <source>The API key of %1. Copy it now and give it to the system's operator: it is not stored and cannot be shown again.</source>
        <translation>%1 的 API 密钥。请立即复制并交给对方系统的运维人员：系统不保存密钥，之后无法再次显示。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/api_key_dialog.py" line="33" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../ui/detail/assign_dialog.py" line="40" />
        <source>{name} (officer of this grid)</source>
        <translation>{name}（本网格网格员）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/assign_dialog.py" line="45" />
        <source>Officer</source>
        <translation>核实人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/assign_dialog.py" line="46" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/assign_dialog.py" line="46" />
        <source>What to verify</source>
        <translation>需核实的内容</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="65" />
        <source>Batch action</source>
        <translation>批量操作</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="68" />
        <source>{n} cases selected</source>
        <translation>已选 {n} 件案卷</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="80" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="81" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="83" />
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_dialog.py" line="94" />
        <source>Run</source>
        <translation>执行</translation>
    </message>
</context>
<context>
    <name>BatchResultDialog</name>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="29" />
        <source>Batch result</source>
        <translation>批量操作结果</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="33" />
        <source>{action}: {done} done, {refused} refused</source>
        <translation>{action}：成功 {done} 件，未执行 {refused} 件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="41" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="41" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="41" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="48" />
        <source>(not visible to you)</source>
        <translation>（无权查看）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="50" />
        <source>Done</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../ui/cases/batch_result_dialog.py" line="52" />
        <source>Refused</source>
        <translation>未执行</translation>
    </message>
</context>
<context>
    <name>BeforeAfter</name>
    <message>
        <location filename="../../ui/detail/photo_strip.py" line="159" />
        <source>Before (report)</source>
        <translation>处置前（上报）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_strip.py" line="160" />
        <source>After (handling)</source>
        <translation>处置后（处置反馈）</translation>
    </message>
</context>
<context>
    <name>BellButton</name>
    <message>
        <location filename="../../ui/notifications/bell.py" line="23" />
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/bell.py" line="24" />
        <source>Notifications: new tasks, urging, deadlines, refusals</source>
        <translation>通知：新任务、催办督办、时限预警、同步被拒</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/bell.py" line="57" />
        <source>{0} unread</source>
        <translation>{0} 条未读</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="40" />
        <source>Confirm this year's calendar</source>
        <translation>确认本年度日历</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="41" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="41" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="41" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="46" />
        <source>Holiday (no work)</source>
        <translation>节假日（休息）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="47" />
        <location filename="../../ui/admin/calendar_tab.py" line="114" />
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="56" />
        <source>e.g. National Day</source>
        <translation>例如：国庆节</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="58" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="59" />
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="62" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="97" />
        <source>The working calendar of %1 is not confirmed: deadlines may be wrong across holidays until its holidays are entered and the year is confirmed.</source>
        <translation>%1 年工作日历尚未确认：录入节假日并确认该年度之前，跨节假日的办理时限可能不准确。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="114" />
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="40" />
        <source>Citizen</source>
        <translation>诉求人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="40" />
        <source>(not given)</source>
        <translation>（未留）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="43" />
        <source>Earlier calls</source>
        <translation>此前回访</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="45" />
        <source>{n} without an answer, last {at}</source>
        <translation>{n} 次未联系上，最近一次 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="50" />
        <source>Reached</source>
        <translation>联系上</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="51" />
        <source>Not reached</source>
        <translation>未联系上</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="59" />
        <source>Call*</source>
        <translation>回访情况*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="63" />
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="64" />
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="65" />
        <source>Unsatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="69" />
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="70" />
        <source>Reopen the case (back to the department)</source>
        <translation>重办（退回原处置部门）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="75" />
        <source>New deadline if reopened: {at} ({unit})</source>
        <translation>重办后的处置时限：{at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="81" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="81" />
        <source>What the citizen said</source>
        <translation>群众的意见</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="107" />
        <source>Say whether the citizen was reached.</source>
        <translation>请选择是否联系上诉求人。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/callback_dialog.py" line="109" />
        <source>Choose the citizen's satisfaction.</source>
        <translation>请选择诉求人的满意度。</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="31" />
        <source>Start a special campaign</source>
        <translation>发起专项整治</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="45" />
        <source>Instruction to the departments (optional)</source>
        <translation>对处置部门的督办意见（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="47" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="48" />
        <source>Deadline</source>
        <translation>整治期限</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="49" />
        <source>Instruction</source>
        <translation>督办意见</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/campaign_dialog.py" line="59" />
        <source>Each of the {0} cases being handled is put under the campaign with a supervision order; its progress is closed / total.</source>
        <translation>{0} 件案卷中处置中的案卷将以督办方式纳入专项整治；进度 = 已结案 / 总数。</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="57" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="58" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="59" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="61" />
        <source>Street / community</source>
        <translation>街道/社区</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="62" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="63" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="64" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="65" />
        <source>Reporter</source>
        <translation>举报人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="66" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="54" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="53" />
        <source>Held by</source>
        <translation>当前办理</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="55" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="56" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="60" />
        <source>Pending request</source>
        <translation>待审批申请</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="67" />
        <source>Urged / supervised / rework</source>
        <translation>催办/督办/返工</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="68" />
        <source>Supervision reply due</source>
        <translation>督办待回复</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="89" />
        <source>Choose a case to see its details.</source>
        <translation>请选择一个案卷查看详情。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="116" />
        <source>Case sheet…</source>
        <translation>处理单…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="118" />
        <source>Preview, print or save the case's handling sheet</source>
        <translation>预览、打印或保存案卷处理单</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="128" />
        <source>No action for you on this case now.</source>
        <translation>您当前对该案卷没有可执行的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="176" />
        <source>Check photos</source>
        <translation>核查照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="179" />
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="185" />
        <source>Photos of the chosen event</source>
        <translation>所选环节的照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="240" />
        <source> (not acknowledged)</source>
        <translation>（未签收）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="246" />
        <source>{dept} (fed back)</source>
        <translation>{dept}（已反馈）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="248" />
        <source>{dept} (acknowledged)</source>
        <translation>{dept}（已签收）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="250" />
        <source>{dept} (not acknowledged)</source>
        <translation>{dept}（未签收）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="252" />
        <source>Co-handling: {depts}</source>
        <translation>协办：{depts}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="267" />
        <source>(provisional)</source>
        <translation>（临时编号）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="276" />
        <source>work order {number}</source>
        <translation>工单 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="293" />
        <source>{dept} (automatic)</source>
        <translation>{dept}（自动派遣）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="301" />
        <source>Extension until {at}</source>
        <translation>申请延期至 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="304" />
        <source>Suspension</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="309" />
        <source>Filing condition: {f}
Closing condition: {c}</source>
        <translation>立案条件：{f}
结案条件：{c}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="318" />
        <source>Merged into another case: &lt;a href="{id}"&gt;open it&lt;/a&gt;</source>
        <translation>已合并到另一案卷：&lt;a href="{id}"&gt;打开&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="325" />
        <source>{n} later record(s) of this case were made by a newer version and cannot be shown here; the case is shown as before them and cannot be acted on. Update the client.</source>
        <translation>此案卷其后有 {n} 条记录由更新版本写入，本版本无法显示；案卷按这些记录之前的状态显示，不能办理。请升级客户端。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="344" />
        <source>{name} (verifying)</source>
        <translation>{name}（核实中）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="351" />
        <source>{role} (check)</source>
        <translation>{role}（核查）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="365" />
        <source>{at} (late)</source>
        <translation>{at}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="380" />
        <source>originally {at}</source>
        <translation>原时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="382" />
        <source>calendar for {y} not confirmed</source>
        <translation>{y} 年工作日历尚未确认</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="391" />
        <source>not running ({state})</source>
        <translation>未计时（{state}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="457" />
        <source>Subclass {code} {name}</source>
        <translation>细类 {code} {name}</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <location filename="../../ui/cases/case_list.py" line="70" />
        <source>Batch action…</source>
        <translation>批量操作…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="72" />
        <source>Accept, file or dispatch the selected cases</source>
        <translation>对选中的案卷批量受理、立案或派遣</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="76" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="79" />
        <source>The list as shown, or the request ledgers, to Excel</source>
        <translation>将当前列表或延期、回退、挂账台账导出为 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="134" />
        <source>(the selected case is not in this list)</source>
        <translation>（所选案卷不在当前列表中）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="257" />
        <source>{shown} cases loaded, counting…</source>
        <translation>已加载 {shown} 件，正在统计总数…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="260" />
        <source>{shown} of {total} cases loaded</source>
        <translation>已加载 {shown} / 共 {total} 件</translation>
    </message>
</context>
<context>
    <name>CaseSheetDialog</name>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="50" />
        <source>Case sheet {number}</source>
        <translation>案卷处理单 {number}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="52" />
        <source>Making the case sheet…</source>
        <translation>正在生成案卷处理单…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="58" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="61" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="64" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="90" />
        <source>{pages} pages</source>
        <translation>共 {pages} 页</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="95" />
        <source>The case sheet could not be made.</source>
        <translation>无法生成案卷处理单。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="107" />
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="107" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_sheet_dialog.py" line="115" />
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="44" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="45" />
        <source>Case number (provisional numbers in italics)</source>
        <translation>案卷号（斜体为临时编号）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="47" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="49" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="52" />
        <source>Street / community</source>
        <translation>街道/社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="54" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="55" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="57" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="60" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="65" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="66" />
        <source>When the handling department's time limit ends</source>
        <translation>处置部门的处置时限截止时间</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="71" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="72" />
        <source>Working time left while a department handles the case; after the deadline, how long it is overdue</source>
        <translation>处置期间剩余的工作时间；超过时限后显示已超期多久</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="78" />
        <source>Last change</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="178" />
        <source>{d} d {h} h</source>
        <translation>{d}天{h}小时</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="176" />
        <source>{d} d</source>
        <translation>{d}天</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="185" />
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="188" />
        <source>{h} h</source>
        <translation>{h}小时</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="189" />
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="200" />
        <source>overdue {time}</source>
        <translation>已超期 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_columns.py" line="205" />
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="353" />
        <source>Pending sync: saved on this computer, not yet on the server</source>
        <translation>⟳ 待同步：已保存在本机，尚未同步到服务器</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="355" />
        <source>Provisional number: the case is not filed yet</source>
        <translation>临时编号：案卷尚未立案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="357" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="359" />
        <source>80% of the time limit used</source>
        <translation>已用时限80%（黄色预警）</translation>
    </message>
</context>
<context>
    <name>CategoryFacts</name>
    <message>
        <location filename="../../ui/report/category_facts.py" line="29" />
        <location filename="../../ui/report/category_facts.py" line="81" />
        <source>No category chosen</source>
        <translation>尚未选择类别</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="37" />
        <source>Subclass</source>
        <translation>细类</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="72" />
        <source>Not sure (the centre decides when filing)</source>
        <translation>不确定（由指挥中心立案时确定）</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="116" />
        <source>Filing condition: {0}</source>
        <translation>立案条件：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="118" />
        <source>Closing condition: {0}</source>
        <translation>结案条件：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="124" />
        <source>No longer used for new cases; use instead: {0}</source>
        <translation>已停用，新案件请改用：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="129" />
        <source>Cover marking: {0}</source>
        <translation>井盖标识：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="132" />
        <source>Filed only after {0} (when the morning sweeping is over)</source>
        <translation>须在 {0} 后立案（早间清扫时段结束后）</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="137" />
        <source>Choose the subclass if you can: each has its own limit.</source>
        <translation>能分清的请选择细类：各细类处置时限不同。</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="157" />
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="157" />
        <source>normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="159" />
        <source>source: {0}</source>
        <translation>来源：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="159" />
        <source>local default</source>
        <translation>本地默认，管理员可调整</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_facts.py" line="160" />
        <source>Time limit: {0} ({1})</source>
        <translation>处置时限：{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>CategoryPicker</name>
    <message>
        <source>Name, code or pinyin initials (e.g. ljt)</source>
        <translation>名称、代码或拼音首字母（如 ljt）</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="54" />
        <source>Name, code, pinyin initials or a word (e.g. ljt, 井盖, 违建)</source>
        <translation>名称、代码、拼音或关键词（如 ljt、井盖）</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="77" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="78" />
        <source>Browse</source>
        <translation>分类浏览</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="80" />
        <source>Manhole covers</source>
        <translation>井盖</translation>
    </message>
    <message>
        <source>No category chosen</source>
        <translation>尚未选择类别</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="147" />
        <source>No category matches; try the Browse tab</source>
        <translation>没有匹配的类别，可在“分类浏览”中查找</translation>
    </message>
    <message>
        <source>Filing condition: {0}</source>
        <translation>立案条件：{0}</translation>
    </message>
    <message>
        <source>Closing condition: {0}</source>
        <translation>结案条件：{0}</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="48" />
        <source>Closing condition: {text}</source>
        <translation>结案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="55" />
        <source>Report photos</source>
        <translation>上报照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="60" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="61" />
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="61" />
        <source>True</source>
        <translation>属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="62" />
        <source>Failed: rework</source>
        <translation>不通过：返工</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="62" />
        <source>Not true</source>
        <translation>不属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="70" />
        <source>Result*</source>
        <translation>结果*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="77" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="77" />
        <source>What you saw on site</source>
        <translation>现场情况</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="79" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="88" />
        <source>Back to the department with a new limit: deadline {at} ({unit})</source>
        <translation>退回原处置部门重办，重新计时：时限 {at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="113" />
        <source>Please choose a result.</source>
        <translation>请选择结果。</translation>
    </message>
</context>
<context>
    <name>CoDepartmentPicker</name>
    <message>
        <location filename="../../ui/detail/co_departments.py" line="59" />
        <source> working day(s)</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location filename="../../ui/detail/co_departments.py" line="61" />
        <source>Same as the lead department</source>
        <translation>同主办部门时限</translation>
    </message>
</context>
<context>
    <name>ColumnLayout</name>
    <message>
        <location filename="../../ui/cases/column_layout.py" line="155" />
        <source>Default columns</source>
        <translation>恢复默认列</translation>
    </message>
    <message>
        <location filename="../../ui/cases/column_layout.py" line="159" />
        <source>Queue's own order</source>
        <translation>恢复队列默认排序</translation>
    </message>
    <message>
        <location filename="../../ui/cases/column_layout.py" line="161" />
        <source>Forget the order you chose; each queue sorts its own way</source>
        <translation>不再沿用您选择的排序，各队列按各自的默认顺序排列</translation>
    </message>
</context>
<context>
    <name>CoverHelper</name>
    <message>
        <location filename="../../ui/report/cover_helper.py" line="64" />
        <source>A missing or broken cover goes to its owner's cover class. Read the words on the cover:</source>
        <translation>井盖丢失或破损，按权属单位上报对应的井盖类别。看井盖上的字：</translation>
    </message>
    <message>
        <location filename="../../ui/report/cover_helper.py" line="84" />
        <source>Cannot read it / no marking</source>
        <translation>看不清/无标识</translation>
    </message>
</context>
<context>
    <name>DepartmentDialog</name>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="28" />
        <source>New department</source>
        <translation>新建部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="28" />
        <source>Edit department</source>
        <translation>编辑部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="37" />
        <source>District</source>
        <translation>区级</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="38" />
        <location filename="../../ui/admin/department_dialog.py" line="50" />
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="43" />
        <source>Active (may receive cases)</source>
        <translation>启用（可接收案件）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="46" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="47" />
        <source>Name</source>
        <translation>部门名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="48" />
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="49" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="54" />
        <source>%1 open cases: redispatch them before deactivating.</source>
        <translation>有 %1 件未办结案件：停用前请先改派。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/department_dialog.py" line="88" />
        <source>Code, name and short name are required.</source>
        <translation>编码、名称和简称不能为空。</translation>
    </message>
</context>
<context>
    <name>DepartmentsTab</name>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="29" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="30" />
        <source>Name</source>
        <translation>部门名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="31" />
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="32" />
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="33" />
        <location filename="../../ui/admin/departments_tab.py" line="50" />
        <source>Town</source>
        <translation>镇</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="34" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="35" />
        <source>Open cases</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="36" />
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="24" />
        <source>New department…</source>
        <translation>新建部门…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="25" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="26" />
        <location filename="../../ui/admin/departments_tab.py" line="75" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="50" />
        <source>District</source>
        <translation>区级</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="60" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="60" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/admin/departments_tab.py" line="75" />
        <source>Activate</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="53" />
        <source>★ suggested</source>
        <translation>★ 推荐</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="57" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="61" />
        <source>Returned by {dept}</source>
        <translation>由 {dept} 回退</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="69" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="71" />
        <source>Yellow from</source>
        <translation>黄灯时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="80" />
        <source>Co-handling</source>
        <translation>协办部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="82" />
        <source>Co-handling limit</source>
        <translation>协办时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="84" />
        <source>Reason*</source>
        <translation>理由*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="84" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="86" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="86" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="100" />
        <source>{at} — {time} of {unit} from now</source>
        <translation>{at}（自现在起 {time}，按{unit}计）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="105" />
        <source>Calendar for {years} not confirmed yet</source>
        <translation>{years} 年工作日历尚未确认</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="126" />
        <source>There is no department this centre may dispatch to.</source>
        <translation>本中心没有可派遣的处置部门。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="128" />
        <source>At most {n} co-handling departments.</source>
        <translation>协办部门最多 {n} 个。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="130" />
        <source>Please give a reason for reassigning.</source>
        <translation>请填写改派理由。</translation>
    </message>
</context>
<context>
    <name>DuplicateBanner</name>
    <message>
        <location filename="../../ui/detail/duplicate_banner.py" line="57" />
        <source>Possible duplicate of %1</source>
        <translation>可能与案卷 %1 重复</translation>
    </message>
    <message>
        <location filename="../../ui/detail/duplicate_banner.py" line="61" />
        <source>%1 possible duplicate(s) outside your area: ask the district centre.</source>
        <translation>另有 %1 件疑似重复案卷不在您的范围内，请联系区级中心。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/duplicate_banner.py" line="72" />
        <source>Merge into %1</source>
        <translation>合并到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/detail/duplicate_banner.py" line="79" />
        <source>Merged as a duplicate found by the service</source>
        <translation>经系统比对为重复案卷，一键合并</translation>
    </message>
</context>
<context>
    <name>DuplicateWarning</name>
    <message>
        <location filename="../../ui/report/duplicates.py" line="92" />
        <source>Possibly already reported: {0} open case(s) of this category within {1} m in the last {2} hours.</source>
        <translation>可能已有人上报：{1} 米内、{2} 小时内有 {0} 件同类未结案卷。</translation>
    </message>
    <message>
        <location filename="../../ui/report/duplicates.py" line="107" />
        <source>Open one to check it; you may still save a new report.</source>
        <translation>可点击查看已有案卷；仍可继续保存新的上报。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="58" />
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="61" />
        <source>The case list as shown (visible columns)</source>
        <translation>当前案卷列表（按显示的列）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="63" />
        <source>Extension, return and suspension ledgers</source>
        <translation>延期、回退、挂账台账</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="70" />
        <source>Only requests made from</source>
        <translation>仅含申请日期自</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="80" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="88" />
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="91" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="125" />
        <source>Save Excel</source>
        <translation>保存 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="125" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="149" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/export_dialog.py" line="160" />
        <source>{rows} rows saved to {path}</source>
        <translation>已保存 {rows} 行到 {path}</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="40" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="48" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="49" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="51" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="52" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="52" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="84" />
        <source> It is {0} now.</source>
        <translation>现在是 {0}。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="89" />
        <source>{name} is filed only after the morning sweeping ends ({time}).</source>
        <translation>{name}须在早间清扫时段结束（{time}）后立案。</translation>
    </message>
    <message>
        <source>Filing condition: {text}</source>
        <translation>立案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="75" />
        <source>Please choose the category to file under.</source>
        <translation>请选择立案类别。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="73" />
        <source>Search number, address, description</source>
        <translation>搜索案卷号、地址、描述</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="78" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="79" />
        <source>Deadline warning</source>
        <translation>时限预警</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="80" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="82" />
        <source>Category: name, code or initials</source>
        <translation>类别：名称、代码或拼音首字母</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="91" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="92" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="93" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="94" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="95" />
        <source>Reported from</source>
        <translation>上报起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="96" />
        <source>Reported until</source>
        <translation>上报截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="100" />
        <source>Only the cases behind this figure; click to clear</source>
        <translation>仅显示该统计数字对应的案卷；点击清除</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="107" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="110" />
        <source>Saved filters</source>
        <translation>常用筛选</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="119" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="147" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="150" />
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="151" />
        <source>Yellow or red</source>
        <translation>黄色或红色预警</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="152" />
        <source>Yellow: 80% used</source>
        <translation>黄色：已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="153" />
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="154" />
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="157" />
        <source>All streets</source>
        <translation>全部街镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="160" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="171" />
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="181" />
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="276" />
        <source>Statistics: {0}</source>
        <translation>统计：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="315" />
        <source>Save current filter…</source>
        <translation>保存当前筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="325" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="330" />
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="330" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>FirstSyncPanel</name>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="32" />
        <location filename="../../ui/sync/first_sync_panel.py" line="90" />
        <location filename="../../ui/sync/first_sync_panel.py" line="101" />
        <source>First sync in progress…</source>
        <translation>首次同步中…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="40" />
        <source>This computer is downloading the cases of your work area from the sync service. Cases and work queues appear when the download is complete, so that nothing is shown with an out-of-date state.</source>
        <translation>本机正在从同步服务下载您职责范围内的案卷。下载完成后才显示案卷和工作队列，以免显示过时的状态。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="56" />
        <source>Try again now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="83" />
        <source>{n} events received · log position {at} of {total}</source>
        <translation>已接收 {n} 条记录 · 进度 {at} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="87" />
        <source>{n} events received…</source>
        <translation>已接收 {n} 条记录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="92" />
        <source>First sync not complete</source>
        <translation>首次同步尚未完成</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="94" />
        <source>{why} It continues by itself when the service can be reached.</source>
        <translation>{why}　连接到同步服务后将自动继续。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/first_sync_panel.py" line="102" />
        <source>Connecting to the sync service…</source>
        <translation>正在连接同步服务…</translation>
    </message>
</context>
<context>
    <name>GridImportDialog</name>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="46" />
        <source>Import grids from GeoJSON</source>
        <translation>从 GeoJSON 导入网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="49" />
        <source>A .geojson file (WGS-84, one feature per grid)</source>
        <translation>.geojson 文件（WGS-84，每个网格一个要素）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="50" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="51" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="52" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="54" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="57" />
        <source>Each feature needs the properties code (15 digits) and name; street_name and community_name when the street or community is new.</source>
        <translation>每个要素需有属性 code（15 位编码）和 name；街道或社区为新建时还需 street_name 和 community_name。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="64" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="65" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="66" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="67" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="68" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="92" />
        <source>GeoJSON file</source>
        <translation>GeoJSON 文件</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="92" />
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="102" />
        <source>The file is too large (at most 20 MB).</source>
        <translation>文件过大（最大 20 MB）。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="106" />
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="138" />
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="139" />
        <source>changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="140" />
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="141" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="159" />
        <source>%1 new, %2 changed, %3 unchanged, %4 with errors</source>
        <translation>新增 %1，变更 %2，未变 %3，有错误 %4</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="163" />
        <source>New streets: %1; new communities: %2</source>
        <translation>新建街道/镇：%1；新建社区：%2</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="174" />
        <source>Preview: nothing was imported yet.</source>
        <translation>预览：尚未导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="176" />
        <source>Fix the errors in the file: nothing can be imported while any remain.</source>
        <translation>请先修正文件中的错误：存在错误时不会导入任何网格。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="186" />
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
</context>
<context>
    <name>GridMapPanel</name>
    <message>
        <location filename="../../ui/stats/grid_map_panel.py" line="53" />
        <source>Cases filed per grid</source>
        <translation>各网格立案数</translation>
    </message>
    <message>
        <location filename="../../ui/stats/grid_map_panel.py" line="81" />
        <source>Filed in the period</source>
        <translation>本期立案</translation>
    </message>
</context>
<context>
    <name>GridsTab</name>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="20" />
        <source>Import from GeoJSON…</source>
        <translation>从 GeoJSON 导入…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="22" />
        <source>Street code</source>
        <translation>街道/镇编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="22" />
        <source>Street</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="22" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="22" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grids_tab.py" line="44" />
        <source>%1 grids in %2 streets</source>
        <translation>共 %1 个网格，%2 个街道/镇</translation>
    </message>
</context>
<context>
    <name>HandleDialog</name>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="40" />
        <source>Closing condition: {text}</source>
        <translation>结案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="45" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="46" />
        <source>What was done*</source>
        <translation>处置情况*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="46" />
        <location filename="../../ui/detail/handle_dialog.py" line="61" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="54" />
        <source>No co-handling feedback yet from {depts}</source>
        <translation>以下协办部门尚未反馈：{depts}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="62" />
        <source>Why it is missing*</source>
        <translation>未反馈说明*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="64" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="79" />
        <source>Please say what was done.</source>
        <translation>请填写处置情况。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="81" />
        <source>Please say why the co-handling feedback is missing.</source>
        <translation>请说明协办部门未反馈的原因。</translation>
    </message>
</context>
<context>
    <name>HotlineImportDialog</name>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="55" />
        <source>Import 12345 work orders</source>
        <translation>导入12345工单</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="58" />
        <source>An .xlsx or .csv export of the hotline platform</source>
        <translation>12345平台导出的 .xlsx 或 .csv 文件</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="59" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="62" />
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="77" />
        <source>Choose the file the hotline platform exported.</source>
        <translation>请选择12345热线平台导出的工单文件。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="83" />
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="83" />
        <source>Work order</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="83" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="88" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="91" />
        <source>Place waiting orders…</source>
        <translation>待定位工单…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="92" />
        <source>Export feedback…</source>
        <translation>导出反馈…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="93" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="101" />
        <source>The first rows as they will be read</source>
        <translation>前几行的读取结果</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="130" />
        <source>Work-order export</source>
        <translation>工单导出文件</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="130" />
        <source>Work orders (*.xlsx *.csv)</source>
        <translation>工单文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="151" />
        <source>{name}: {rows} rows, {encoding}</source>
        <translation>{name}：共 {rows} 行，{encoding}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="158" />
        <source>(not in the file)</source>
        <translation>（文件中没有）</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="160" />
        <source>Column {n}</source>
        <translation>第{n}列</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="184" />
        <source>Choose the columns for: {fields}</source>
        <translation>请为以下项选择列：{fields}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="188" />
        <source>Ready to import {rows} rows.</source>
        <translation>可以导入，共 {rows} 行。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="198" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="212" />
        <source>{rows} rows: {imported} imported as reports, {waiting} waiting for a place or category, {duplicates} already imported, {bad} not imported.</source>
        <translation>共 {rows} 行：{imported} 行已登记为案件，{waiting} 行待定位或待选分类，{duplicates} 行已导入过，{bad} 行未导入。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="230" />
        <source>Feedback for the hotline platform</source>
        <translation>给12345平台的办理反馈</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="232" />
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_import_dialog.py" line="242" />
        <source>Feedback: {n} work orders written to {file}.</source>
        <translation>反馈：已将 {n} 个工单写入 {file}。</translation>
    </message>
</context>
<context>
    <name>HotlineWaitingDialog</name>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="52" />
        <source>Work orders waiting for a place</source>
        <translation>待定位的12345工单</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="56" />
        <source>Work order</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="56" />
        <source>Needs</source>
        <translation>待补</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="56" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="56" />
        <source>Request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="65" />
        <source>Click the point on the map.</source>
        <translation>请在地图上点选位置。</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="67" />
        <source>Place</source>
        <translation>定位并登记</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="70" />
        <source>Discard</source>
        <translation>舍弃</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="71" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="112" />
        <source>place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="112" />
        <source>category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/intake/hotline_waiting_dialog.py" line="151" />
        <source>Point: {lon:.6f}, {lat:.6f} {where}</source>
        <translation>位置：{lon:.6f}, {lat:.6f} {where}</translation>
    </message>
</context>
<context>
    <name>IntegrationDialog</name>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="27" />
        <source>New integration client</source>
        <translation>新建接入客户端</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="30" />
        <source>e.g. 12345 hotline platform</source>
        <translation>例如：12345 热线平台</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="32" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="33" />
        <source>Public report</source>
        <translation>公众举报</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="45" />
        <source> per hour</source>
        <translation> 次/小时</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="47" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="48" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="49" />
        <source>May post in</source>
        <translation>可上报范围</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="50" />
        <source>Rate limit</source>
        <translation>频率上限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="54" />
        <source>The API key is shown once, after OK. Reports from this client enter as hotline or public reports and are verified like any other.</source>
        <translation>点击确定后，API 密钥只显示一次。该客户端提交的诉求作为热线或公众举报进入系统，与其他案件一样需核实。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="69" />
        <source>Give the client a name.</source>
        <translation>请填写客户端名称。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integration_dialog.py" line="71" />
        <source>Choose at least one street or town.</source>
        <translation>请至少选择一个街道或镇。</translation>
    </message>
</context>
<context>
    <name>IntegrationsTab</name>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="22" />
        <source>New client…</source>
        <translation>新建客户端…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="23" />
        <location filename="../../ui/admin/integrations_tab.py" line="67" />
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="24" />
        <source>New key…</source>
        <translation>更换密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="27" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="28" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="29" />
        <source>May post in</source>
        <translation>可上报范围</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="30" />
        <source>Rate limit</source>
        <translation>频率上限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="31" />
        <source>Key starts</source>
        <translation>密钥开头</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="32" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="45" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="45" />
        <source>Public report</source>
        <translation>公众举报</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="53" />
        <source>%1 per hour</source>
        <translation>%1 次/小时</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="55" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="55" />
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/integrations_tab.py" line="67" />
        <source>Enable</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>LimitsDialog</name>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="37" />
        <source>Handling limits: %1</source>
        <translation>处置时限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="40" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="40" />
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="40" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="40" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="48" />
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="48" />
        <source>Remove stage</source>
        <translation>删除阶段</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="57" />
        <source>e.g. 区城管委会2026年第3号文件</source>
        <translation>例如：区城管委会2026年第3号文件</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="61" />
        <source>Basis for the change</source>
        <translation>调整依据</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="63" />
        <source>Limits now: %1. The new limits apply to cases dispatched after the change.</source>
        <translation>现行时限依据：%1。新时限适用于调整之后派遣的案件。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="72" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="73" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="106" />
        <source>At least one stage for normal urgency is needed.</source>
        <translation>一般紧急程度至少需要一个阶段。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="108" />
        <source>Every stage needs a name (e.g. 设置警示, 修复).</source>
        <translation>每个阶段都需要名称（如 设置警示、修复）。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_dialog.py" line="110" />
        <source>Say why the limits change (a document or a decision).</source>
        <translation>请写明调整依据（文件或决定）。</translation>
    </message>
</context>
<context>
    <name>LimitsTab</name>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="36" />
        <source>Set limits…</source>
        <translation>设置时限…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="37" />
        <source>Restore catalog limits</source>
        <translation>恢复目录时限</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="40" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="41" />
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="42" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="43" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="44" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/admin/limits_tab.py" line="75" />
        <source>Local default (an administrator may change it)</source>
        <translation>本地默认（管理员可调整）</translation>
    </message>
</context>
<context>
    <name>LocationBox</name>
    <message>
        <location filename="../../ui/report/location_box.py" line="44" />
        <source>Longitude, e.g. 117.870000</source>
        <translation>经度，如 117.870000</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="48" />
        <source>Latitude, e.g. 36.800000</source>
        <translation>纬度，如 36.800000</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="55" />
        <source>Pick on map</source>
        <translation>地图选点</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="86" />
        <source>Point (lon, lat)</source>
        <translation>坐标（经度, 纬度）</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="88" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="89" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="90" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="122" />
        <source>typed in</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="133" />
        <source>Type both longitude and latitude as decimal degrees.</source>
        <translation>请以十进制度数输入经度和纬度。</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="136" />
        <source>Longitude must be within ±180 and latitude within ±90.</source>
        <translation>经度须在 ±180 之间，纬度须在 ±90 之间。</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="143" />
        <source>This point is outside every unit grid of the district. Pick a point inside a grid.</source>
        <translation>该位置不在辖区任何单元网格内，请在网格内选点。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="76" />
        <source>Log in — gridapp</source>
        <translation>登录 — gridapp 网格化管理</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="85" />
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="86" />
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="87" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="92" />
        <location filename="../../ui/sync/login_dialog.py" line="160" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="93" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="101" />
        <source>Demo users (password {password}):</source>
        <translation>演示用户（密码 {password}）：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="119" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="119" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="119" />
        <source>Works at</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="177" />
        <source>Enter the server address, your username and your password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="180" />
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="196" />
        <source>The sync service is unreachable — logged in offline as {name}. Your work is saved on this computer and sent when the service answers.</source>
        <translation>无法连接同步服务 — 已以 {name} 身份离线登录。您的操作保存在本机，服务恢复后自动上传。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="202" />
        <source>Continue offline</source>
        <translation>离线继续</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="218" />
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="220" />
        <source>Too many failed attempts from this computer. Wait a little and try again; the wait grows with each failure.</source>
        <translation>本机登录失败次数过多，请稍候再试；每多失败一次，等待时间会更长。</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. Try again later or ask an administrator.</source>
        <translation>密码错误次数过多，账号已被锁定。请稍后再试或联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="223" />
        <source>This account is disabled. Ask an administrator.</source>
        <translation>该账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="225" />
        <source>The sync service is unreachable and this user has not logged in on this computer before: the first login needs the network.</source>
        <translation>无法连接同步服务，且该用户从未在本机登录过：首次登录需要联网。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="232" />
        <source>Login failed: {error}</source>
        <translation>登录失败：{error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="65" />
        <source>gridapp — urban grid management</source>
        <translation>gridapp 网格化城市管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129" />
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148" />
        <source>New report</source>
        <translation>新建上报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>12345 work orders</source>
        <translation>12345工单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158" />
        <source>Monthly report</source>
        <translation>月度考评报告</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162" />
        <source>My standing</source>
        <translation>我的考评</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>Wall display</source>
        <translation>大屏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172" />
        <source>Early warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189" />
        <location filename="../../ui/main_window.py" line="237" />
        <source>Refused by the service</source>
        <translation>被服务端拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194" />
        <source>Work queues</source>
        <translation>工作队列</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197" />
        <source>Show or hide the work queues</source>
        <translation>显示或隐藏工作队列</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="365" />
        <source>{name} (changed since: the {n} cases now)</source>
        <translation>{name}（数据已更新，列出当前的 {n} 件）</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <source>Yellow: 80% used</source>
        <translation>黄色：已用80%</translation>
    </message>
    <message>
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <source>Search number, address, description</source>
        <translation>搜索案卷号、地址、描述</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Opening the demo store…</source>
        <translation>正在打开演示数据…</translation>
    </message>
    <message>
        <source>Building the demo district (first start, about half a minute)…</source>
        <translation>首次启动，正在生成演示辖区数据（约半分钟）…</translation>
    </message>
    <message>
        <source>{total} cases in scope of {name}; showing the newest {shown}</source>
        <translation>{name} 可见案卷共 {total} 件，显示最新 {shown} 件</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../ui/map/map_view.py" line="115" />
        <source>My area</source>
        <translation>我的辖区</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="116" />
        <source>Back to the area this account works in</source>
        <translation>回到本账号负责的区域</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="118" />
        <source>Fit all</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="119" />
        <source>Show every grid</source>
        <translation>显示全部网格</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="121" />
        <source>Base map…</source>
        <translation>底图…</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="122" />
        <source>Choose the base map under the grids</source>
        <translation>选择网格下方的底图</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="124" />
        <location filename="../../ui/map/map_view.py" line="250" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="245" />
        <source>80% of time used</source>
        <translation>时限已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="245" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="246" />
        <source>Open cases</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="247" />
        <source>Case state</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="248" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="249" />
        <source>Open cases per grid</source>
        <translation>网格未结案件数</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="251" />
        <source>Boundaries</source>
        <translation>边界</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="252" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="253" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="254" />
        <source>Unit grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="256" />
        <source>Base map: </source>
        <translation>底图：</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="257" />
        <source>{n} cases here: click to zoom in</source>
        <translation>此处 {n} 件案卷：点击放大</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="261" />
        <source>Grid data: {district}</source>
        <translation>网格数据：{district}</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="262" />
        <source>this district</source>
        <translation>本区</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="49" />
        <source>Case number, address or description</source>
        <translation>案卷号、地址或问题描述</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="51" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="55" />
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="58" />
        <source>Duplicate of*</source>
        <translation>合并到*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="59" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="59" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/merge_dialog.py" line="122" />
        <source>Please choose the case this one duplicates.</source>
        <translation>请选择要合并到的案卷。</translation>
    </message>
</context>
<context>
    <name>MonthlyReportDialog</name>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="73" />
        <source>Monthly supervision report</source>
        <translation>监督评价月报</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="82" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="86" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="88" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="95" />
        <source>Choose a month and a region, then Generate.</source>
        <translation>请选择月份和区域，然后点击“生成”。</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="103" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="105" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="107" />
        <source>Save Excel…</source>
        <translation>保存 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="109" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="135" />
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="159" />
        <source>{title}: {pages} pages</source>
        <translation>{title}：共 {pages} 页</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="167" />
        <source>The report could not be made.</source>
        <translation>报告生成失败。</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="188" />
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="188" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="195" />
        <source>Save Excel</source>
        <translation>保存 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="195" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="202" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="206" />
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="58" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="58" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="59" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="59" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="68" />
        <source>Filing condition: {text}</source>
        <translation>立案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="70" />
        <source>Closing condition: {text}</source>
        <translation>结案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="74" />
        <source>Back to the department with a new limit: deadline {at} ({unit})</source>
        <translation>退回原处置部门重办，重新计时：时限 {at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="78" />
        <source>Handling restarts with a new limit: deadline {at} ({unit})</source>
        <translation>恢复处置并重新计时：时限 {at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="82" />
        <source>Requested deadline: {at}</source>
        <translation>申请的时限：{at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="84" />
        <source>Deadline: {at}; urged {u} times, supervised {s} times</source>
        <translation>时限：{at}；已催办 {u} 次，已督办 {s} 次</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="95" />
        <source>Please give a reason.</source>
        <translation>请填写理由。</translation>
    </message>
</context>
<context>
    <name>NotificationsDialog</name>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="49" />
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="52" />
        <source>Unread only</source>
        <translation>只看未读</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="55" />
        <source>Mark all as read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="58" />
        <source>Mark as read / unread</source>
        <translation>标为已读/未读</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="61" />
        <source>Open case</source>
        <translation>打开案卷</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="74" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="74" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="74" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="84" />
        <source>Nothing yet. New tasks in your queues, urging and supervision, your cases turning yellow or red and refused actions will be listed here.</source>
        <translation>暂无通知。进入您工作队列的新任务、催办督办、您的案卷黄灯红灯预警以及被拒绝的操作都会列在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="92" />
        <source>Do not notify me of</source>
        <translation>不提醒以下类型</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/list_dialog.py" line="104" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/admin/password_dialog.py" line="15" />
        <source>Reset password of %1</source>
        <translation>重置 %1 的密码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/password_dialog.py" line="21" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/password_dialog.py" line="22" />
        <source>Repeat</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../ui/admin/password_dialog.py" line="25" />
        <source>The user's sessions end; they log in again with the new password.</source>
        <translation>该用户的所有会话将结束，需用新密码重新登录。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/password_dialog.py" line="33" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PhotoList</name>
    <message>
        <location filename="../../ui/report/photo_list.py" line="69" />
        <source>cannot read the file ({0})</source>
        <translation>无法读取文件（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="73" />
        <source>too big ({0:.1f} MB); the limit is {1} MB</source>
        <translation>文件过大（{0:.1f} MB），上限 {1} MB</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="84" />
        <source>not a photo (JPEG, PNG or WebP expected)</source>
        <translation>不是照片（应为 JPEG、PNG 或 WebP）</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="91" />
        <source>the image cannot be decoded ({0})</source>
        <translation>图片无法解码（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="124" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="126" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="128" />
        <source>Use the photo's location</source>
        <translation>使用照片中的位置</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="172" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="174" />
        <source>Photos (*.jpg *.jpeg *.png *.webp);;All files (*)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="200" />
        <source>{0}: this photo is already in the list</source>
        <translation>{0}：这张照片已在列表中</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="207" />
        <source>Location: {0:.6f}, {1:.6f}</source>
        <translation>位置：{0:.6f}, {1:.6f}</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="218" />
        <source>{0} was not added: {1}</source>
        <translation>{0} 未添加：{1}</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="42" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="43" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="66" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="68" />
        <source>Photos (*.jpg *.jpeg *.png *.webp);;All files (*)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="79" />
        <source>At most {n} photos.</source>
        <translation>最多 {n} 张照片。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="112" />
        <source>{n} photo(s)</source>
        <translation>{n} 张照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_picker.py" line="112" />
        <source>No photos yet</source>
        <translation>尚未添加照片</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../ui/detail/photo_strip.py" line="81" />
        <source>No photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_strip.py" line="110" />
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_strip.py" line="132" />
        <source>Not available</source>
        <translation>照片暂不可用</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../ui/detail/photo_viewer.py" line="19" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_viewer.py" line="25" />
        <source>This photo cannot be shown.</source>
        <translation>无法显示该照片。</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <location filename="../../ui/errors.py" line="22" />
        <source>Something went wrong. The details were written to the log.</source>
        <translation>操作失败，详细信息已写入日志。</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/cases/queue_panel.py" line="36" />
        <source>Work queues</source>
        <translation>工作队列</translation>
    </message>
</context>
<context>
    <name>RefusedPanel</name>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="49" />
        <location filename="../../ui/sync/refused_panel.py" line="74" />
        <source>Refused by the service</source>
        <translation>被服务端拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="51" />
        <source>Case</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="52" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="53" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="54" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="55" />
        <source>What you can do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="76" />
        <source>Nothing was refused.</source>
        <translation>没有被拒绝的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="77" />
        <source>Open case</source>
        <translation>打开案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="78" />
        <source>Acknowledge</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="79" />
        <source>Hide it here; it stays in the case's log</source>
        <translation>从列表中隐藏；案卷日志中仍保留该记录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="80" />
        <source>Re-create report</source>
        <translation>重新上报</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="103" />
        <source>Someone else already handled this case; it now shows its current state. Nothing to do.</source>
        <translation>该案卷已被他人处理，现显示其最新状态，无需操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="106" />
        <source>Outside your role or area: ask the command centre.</source>
        <translation>超出您的职责或辖区范围：请联系指挥中心。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="107" />
        <source>A photo is missing or unusable: add it again and resubmit.</source>
        <translation>照片缺失或无法使用：请重新添加照片后再提交。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="108" />
        <source>Report it again from the saved fields (fix them first).</source>
        <translation>可按保存的内容重新上报（请先修正）。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="109" />
        <source>The content was not accepted: correct it and do it again.</source>
        <translation>内容不符合要求：请修正后重新操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="110" />
        <source>Ask the system administrator.</source>
        <translation>请联系系统管理员。</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="92" />
        <source>Report a case</source>
        <translation>案件上报</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="102" />
        <source>from the photo</source>
        <translation>取自照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="110" />
        <source>Street, number, landmark</source>
        <translation>街道、门牌号、标志物</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="113" />
        <source>What is wrong, how big, since when</source>
        <translation>问题是什么、范围多大、从何时开始</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="117" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="118" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="129" />
        <source>Citizen's phone, for the call back</source>
        <translation>市民联系电话，用于回访</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="141" />
        <source>Report another</source>
        <translation>继续上报</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="144" />
        <location filename="../../ui/report/report_dialog.py" line="382" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="152" />
        <location filename="../../ui/report/report_dialog.py" line="282" />
        <source>Your role does not report cases.</source>
        <translation>您的角色不能上报案件。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="161" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="163" />
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="165" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="166" />
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="169" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="169" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="174" />
        <source>Citizen's name</source>
        <translation>市民姓名</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="172" />
        <source>Citizen's phone</source>
        <translation>市民电话</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="138" />
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="176" />
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="178" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="181" />
        <source>Wanted: a close-up and a wide shot with a landmark</source>
        <translation>请拍摄：近景一张、远景一张（含参照物）</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="204" />
        <source>Click the map where the problem is.</source>
        <translation>请在地图上点击问题所在位置。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="258" />
        <source>picked on the map</source>
        <translation>地图选点</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="284" />
        <source>Choose a category.</source>
        <translation>请选择案件类别。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="286" />
        <source>Give the point: pick it on the map or type it.</source>
        <translation>请确定位置：在地图上选点或输入经纬度。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="288" />
        <source>Describe the problem.</source>
        <translation>请填写问题描述。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="303" />
        <source>Wait until the photos are checked.</source>
        <translation>请等待照片检查完成。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="319" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="330" />
        <source>Saved as {0}, waiting to sync.</source>
        <translation>已保存（{0}），等待同步。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="332" />
        <source>Saved as {0}.</source>
        <translation>已保存（{0}）。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="346" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="362" />
        <source>Not saved; your report is still here. Try again.</source>
        <translation>未保存，已填写的内容仍在，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="382" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="414" />
        <source>{0} is no longer used; choose one of: {1}</source>
        <translation>“{0}”已停用，请改选：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="436" />
        <source>The draft's photos could not be fetched.</source>
        <translation>无法取回草稿中的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="474" />
        <source>Discard this unsaved report?</source>
        <translation>放弃这条尚未保存的上报？</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="47" />
        <source>Current deadline</source>
        <translation>当前时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="58" />
        <source>Approved deadline</source>
        <translation>批准的时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="59" />
        <source>Suspended until</source>
        <translation>挂账至</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="60" />
        <source>Requested deadline</source>
        <translation>申请的时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="65" />
        <source>At most {days} days from now: {latest} at the latest</source>
        <translation>自今起最多 {days} 天：最晚 {latest}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="72" />
        <source>The case goes back to the command centre for another department.</source>
        <translation>案卷将退回指挥中心，改派其他部门。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="77" />
        <source>While suspended, the handling limit does not run.</source>
        <translation>挂账期间处置时限暂停计时。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="82" />
        <source>Reason*</source>
        <translation>理由*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="82" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="83" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="105" />
        <source>Please give a reason.</source>
        <translation>请填写理由。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/request_dialog.py" line="109" />
        <source>The new deadline must be later than the current one.</source>
        <translation>新的时限须晚于当前时限。</translation>
    </message>
</context>
<context>
    <name>RoutingRuleDialog</name>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="36" />
        <source>New routing rule</source>
        <translation>新建派遣规则</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="43" />
        <source>Any street</source>
        <translation>任意街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="47" />
        <source>Any grid</source>
        <translation>任意网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="59" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="60" />
        <source>Street</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="61" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="62" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="63" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_rule_dialog.py" line="66" />
        <source>The most specific rule wins: grid, then street, then category.</source>
        <translation>最具体的规则优先：网格，其次街道/镇，最后仅按小类。</translation>
    </message>
</context>
<context>
    <name>RoutingTab</name>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="23" />
        <source>Automatic dispatch on/off</source>
        <translation>开启/关闭自动派遣</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="27" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="28" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="29" />
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="30" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="31" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="32" />
        <source>Automatic</source>
        <translation>自动派遣</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="68" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="20" />
        <source>New rule…</source>
        <translation>新建规则…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="21" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="47" />
        <source>Grid %1</source>
        <translation>网格 %1</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="51" />
        <source>Everywhere</source>
        <translation>全区</translation>
    </message>
</context>
<context>
    <name>StandingDialog</name>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="78" />
        <source>My standing</source>
        <translation>我的考评</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="99" />
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="100" />
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="101" />
        <source>Numerator</source>
        <translation>分子</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="102" />
        <source>Denominator</source>
        <translation>分母</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="103" />
        <source>Rate</source>
        <translation>比率</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="104" />
        <location filename="../../ui/standing/standing_dialog.py" line="119" />
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="112" />
        <source>Cases behind the indicator</source>
        <translation>指标所含案卷</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="113" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="113" />
        <source>Counted</source>
        <translation>计入</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="114" />
        <source>Double-click a case to open it</source>
        <translation>双击案卷可打开</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="118" />
        <source>Rank among peers (names not shown)</source>
        <translation>同类排名（不显示姓名）</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="119" />
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="119" />
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="130" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="132" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="152" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="159" />
        <source>Computed on this computer.</source>
        <translation>已在本机计算。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="161" />
        <source>Asking the sync service for the rank…</source>
        <translation>正在向同步服务查询排名…</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="166" />
        <source>Offline: your own figures from this computer; no rank.</source>
        <translation>离线：显示本机计算的本人指标，暂无排名。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="170" />
        <source>Rank from the sync service.</source>
        <translation>排名来自同步服务。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="173" />
        <source>The sync service did not answer: your own figures, no rank.</source>
        <translation>同步服务未响应：显示本人指标，暂无排名。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="176" />
        <source>Could not compute: {0}</source>
        <translation>无法计算：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="189" />
        <source>{0} ({1}) · this month to date: {2} · {3}</source>
        <translation>{0}（{1}）· 本月至今：{2} · {3}</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="194" />
        <source>Nothing to judge yet</source>
        <translation>本月暂无可考评的案卷</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="197" />
        <source>Score {0} · Grade {1}</source>
        <translation>综合得分 {0} · 等级 {1}</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="215" />
        <source>apart (few cases)</source>
        <translation>单列（样本不足）</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="216" />
        <source>You</source>
        <translation>本人</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="232" />
        <source>Rank: needs the sync service (peers' figures are kept there).</source>
        <translation>排名：需连接同步服务（同类人员的数据保存在服务端）。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="234" />
        <source>Fewer than the minimum cases due this month: ranked apart.</source>
        <translation>本月应结案数不足：样本不足，单列，不参与排名。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="236" />
        <source>Not ranked this month.</source>
        <translation>本月不参与排名。</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="237" />
        <source>Rank {0} of {1}</source>
        <translation>第 {0} 名，共 {1} 名</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="253" />
        <source>Cases behind {0}</source>
        <translation>{0}所含案卷</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="257" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/standing/standing_dialog.py" line="257" />
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Starting the demo sync service… The first start builds the demo district (about half a minute).</source>
        <translation>正在启动演示同步服务…首次启动需生成演示辖区数据（约半分钟）。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="77" />
        <location filename="../../ui/startup.py" line="117" />
        <source>Starting the demo sync service…</source>
        <translation>正在启动演示同步服务…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="108" />
        <source>Building the demo district: streets, grids, departments, users…</source>
        <translation>正在生成演示辖区：街道、网格、部门和用户…</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="112" />
        <source>Building the demo cases: {done} of {total} months done, {cases} cases so far…</source>
        <translation>正在生成演示案件：已完成 {done} / {total} 个月，已生成 {cases} 件…</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="64" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="65" />
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="66" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="67" />
        <source>Date range</source>
        <translation>起止日期</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="74" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="84" />
        <source>Period</source>
        <translation>统计期</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="98" />
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="100" />
        <source>Streets / towns</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="102" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="104" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="107" />
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="120" />
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="122" />
        <source>Overdue board</source>
        <translation>超期督办榜</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="124" />
        <source>Call-backs</source>
        <translation>回访满意度</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="156" />
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="192" />
        <location filename="../../ui/stats/stats_view.py" line="288" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="193" />
        <source>Filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="194" />
        <location filename="../../ui/stats/stats_view.py" line="208" />
        <location filename="../../ui/stats/stats_view.py" line="289" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="195" />
        <location filename="../../ui/stats/stats_view.py" line="207" />
        <source>Due to close</source>
        <translation>应结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="196" />
        <source>Close rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="197" />
        <source>On-time close rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="198" />
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="199" />
        <location filename="../../ui/stats/stats_view.py" line="210" />
        <source>Overdue, open</source>
        <translation>超期未结</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="200" />
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="205" />
        <source>To handle</source>
        <translation>应处置</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="206" />
        <source>Handled on time</source>
        <translation>按时处置</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="209" />
        <source>Reworked</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="221" />
        <source>computed {0}</source>
        <translation>计算于 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="228" />
        <location filename="../../ui/stats/stats_view.py" line="309" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="229" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="231" />
        <location filename="../../ui/stats/stats_view.py" line="308" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="236" />
        <source>Filed by category</source>
        <translation>立案数（按类别）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="248" />
        <source>Filed per grid (busiest)</source>
        <translation>立案数（按网格，前列）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="260" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="261" />
        <source>Department: {0}</source>
        <translation>部门：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="262" />
        <source>Street: {0}</source>
        <translation>街道：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="264" />
        <source>Closed (to call back)</source>
        <translation>应回访</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="265" />
        <source>Called back</source>
        <translation>已回访</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="266" />
        <source>Call-back rate</source>
        <translation>回访率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="267" />
        <source>Reached</source>
        <translation>联系上</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="268" />
        <source>Satisfied (incl. basically)</source>
        <translation>满意及基本满意</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="269" />
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="270" />
        <source>Reopened</source>
        <translation>重办数</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="272" />
        <source>Department / street</source>
        <translation>部门 / 街道</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="274" />
        <source>To call back and called back count the cases closed in the period; reached and satisfied count the calls made in it, which include cases closed in the period before. So reached can be more than called back.</source>
        <translation>应回访、已回访按统计期内结案的案卷计；联系上、满意按统计期内的回访计，含上期结案、本期回访的案卷，故联系上可多于已回访。</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="287" />
        <source>Intake and closed per day</source>
        <translation>每日上报与结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="296" />
        <source>Reports by stage now</source>
        <translation>上报数（按当前环节）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="299" />
        <source>Reports by source</source>
        <translation>上报数（按来源）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="307" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="311" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="314" />
        <source>Late</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="315" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="316" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_view.py" line="319" />
        <source>Number</source>
        <translation>案卷号</translation>
    </message>
</context>
<context>
    <name>StatsTiles</name>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="71" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="72" />
        <source>Filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="73" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="74" />
        <source>Due to close</source>
        <translation>应结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="75" />
        <source>Overdue, open</source>
        <translation>超期未结</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="76" />
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="77" />
        <source>Close rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="78" />
        <source>On-time close rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="79" />
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="97" />
        <source>{0}: {1} of {2}; click to list those {1} cases</source>
        <translation>{0}：{2} 件中 {1} 件；点击列出这 {1} 件</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="103" />
        <source>Click to list these cases</source>
        <translation>点击列出这些案卷</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="123" />
        <source>MoM {0}</source>
        <translation>环比 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/stats/stats_tiles.py" line="123" />
        <source>YoY {0}</source>
        <translation>同比 {0}</translation>
    </message>
</context>
<context>
    <name>StuckSection</name>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="50" />
        <source>Case</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="51" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="52" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="53" />
        <source>What the service said</source>
        <translation>服务端答复</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="54" />
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="55" />
        <source>Waiting behind it</source>
        <translation>排在其后等待</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="69" />
        <source>Open case</source>
        <translation>打开案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="70" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="71" />
        <source>Send it again now</source>
        <translation>立即重新发送</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="91" />
        <source>Held back ({n}): the service failed on these, the rest of your work is being sent. They are tried again every hour, or now with Retry.</source>
        <translation>发送受阻（{n}）：同步服务处理这些记录时出错，您的其他记录照常发送。系统每小时自动重试，也可点击“重试”立即重试。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="102" />
        <source>{n} tries, last {when}</source>
        <translation>已尝试 {n} 次，最近 {when}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="106" />
        <source>{n} later action(s) of this case</source>
        <translation>本案卷后续 {n} 项操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="120" />
        <source>First failed: {when}</source>
        <translation>首次出错：{when}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="123" />
        <source>Next automatic try: {when}</source>
        <translation>下次自动重试：{when}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/stuck_section.py" line="126" />
        <source>at the next sync</source>
        <translation>下次同步时</translation>
    </message>
</context>
<context>
    <name>SuperviseDialog</name>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="39" />
        <source>Deadline: {at}; urged {u} times, supervised {s} times</source>
        <translation>时限：{at}；已催办 {u} 次，已督办 {s} 次</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="46" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="47" />
        <source>Instruction*</source>
        <translation>督办意见*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="47" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="52" />
        <source>{n} working days</source>
        <translation>{n} 个工作日</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="54" />
        <source>Reply within</source>
        <translation>回复期限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="57" />
        <source>Reply deadline</source>
        <translation>回复期限至</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_dialog.py" line="74" />
        <source>Please write the instruction.</source>
        <translation>请填写督办意见。</translation>
    </message>
</context>
<context>
    <name>SuperviseReplyDialog</name>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="38" />
        <source>Instruction from {who} ({at}): {text}</source>
        <translation>{who}（{at}）督办意见：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="50" />
        <source>{at} (late)</source>
        <translation>{at}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="52" />
        <source>Reply deadline</source>
        <translation>回复期限至</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="53" />
        <source>Reply*</source>
        <translation>回复内容*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="53" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/supervise_reply_dialog.py" line="63" />
        <source>Please write the reply.</source>
        <translation>请填写回复内容。</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="38" />
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="44" />
        <source>Show the refused events and what to do</source>
        <translation>查看被拒绝的操作及处理建议</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="46" />
        <source>Photos waiting</source>
        <translation>照片待写入</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="51" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="78" />
        <source>Log in again</source>
        <translation>需要重新登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="81" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="86" />
        <source>Sync delayed</source>
        <translation>同步暂缓</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="89" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="91" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="100" />
        <source>Downloading cases: {n} events…</source>
        <translation>正在下载案卷：已接收 {n} 条记录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="102" />
        <source>First sync: {n} events received, {p} done</source>
        <translation>首次同步：已接收 {n} 条记录，已完成 {p}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="109" />
        <source>{n} pending</source>
        <translation>{n} 条待上传</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="110" />
        <source>Changes saved here, not yet sent to the service</source>
        <translation>已保存在本机、尚未上传到服务端的操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="113" />
        <source>{n} refused</source>
        <translation>{n} 条被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="115" />
        <source>{n} held back</source>
        <translation>{n} 条发送受阻</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="125" />
        <source>Photos are saved with their cases in this computer's database, but could not be written to the photo folder: {why}
Free some disk space; they are written again by themselves.</source>
        <translation>照片已随案卷保存在本机数据库中，但未能写入照片文件夹：{why}
请清理磁盘空间，程序会自动重新写入。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="139" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="143" />
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="151" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="153" />
        <source>{n} min ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="155" />
        <source>{n} h ago</source>
        <translation>{n} 小时前</translation>
    </message>
</context>
<context>
    <name>TableTab</name>
    <message>
        <location filename="../../ui/admin/table_tab.py" line="25" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>TileSourceDialog</name>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="58" />
        <source>Base map</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="61" />
        <source>None: grid polygons on a plain background</source>
        <translation>无：仅在素色背景上显示网格</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="62" />
        <source>Online tiles (XYZ address)</source>
        <translation>在线瓦片（XYZ 地址）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="63" />
        <source>Offline tiles (MBTiles file)</source>
        <translation>离线瓦片（MBTiles 文件）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="70" />
        <source>Custom address</source>
        <translation>自定义地址</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="75" />
        <source>Key (tk) from the 天地图 site, 32 characters</source>
        <translation>在天地图网站申请的密钥（tk），32位</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="80" />
        <source>Use {z}, {x}, {y} for the tile and {s} for a server letter or digit</source>
        <translation>用 {z}、{x}、{y} 表示瓦片位置，{s} 表示服务器编号</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="85" />
        <source>e.g. © 高德地图</source>
        <translation>例如 © 高德地图</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="89" />
        <source>Online tiles</source>
        <translation>在线瓦片</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="91" />
        <source>Ready map:</source>
        <translation>常用底图：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="92" />
        <source>天地图 key:</source>
        <translation>天地图密钥：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="93" />
        <source>Address template:</source>
        <translation>地址模板：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="94" />
        <source>Servers for {s}:</source>
        <translation>{s} 的服务器编号：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="95" />
        <source>Attribution:</source>
        <translation>版权说明：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="96" />
        <source>Deepest zoom with tiles:</source>
        <translation>瓦片最大级别：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="99" />
        <source>Path of a .mbtiles file</source>
        <translation>.mbtiles 文件路径</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="101" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="107" />
        <source>Offline tiles</source>
        <translation>离线瓦片</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="116" />
        <source>Coordinates are GCJ-02 (most Chinese web maps: 高德/腾讯)</source>
        <translation>坐标为 GCJ-02（国内大多数网络地图：高德/腾讯）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="119" />
        <source>Grids and cases are shifted to match the tiles; stored points stay WGS-84</source>
        <translation>网格和案件按瓦片偏移显示；存储的坐标仍为 WGS-84</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="123" />
        <source>Also make this the district's base map (sent to every laptop)</source>
        <translation>同时设为全区默认底图（发送到所有终端）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="133" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="134" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="206" />
        <source>Something went wrong. The details were written to the log.</source>
        <translation>操作失败，详细信息已写入日志。</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="215" />
        <source>Choose an MBTiles file</source>
        <translation>选择 MBTiles 文件</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="217" />
        <source>MBTiles files (*.mbtiles);;All files (*)</source>
        <translation>MBTiles 文件 (*.mbtiles);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="231" />
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="250" />
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="256" />
        <source>Zoom levels {lo}–{hi}</source>
        <translation>缩放级别 {lo}–{hi}</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="257" />
        <source>Bounds (W, S – E, N): {bounds}</source>
        <translation>范围（西, 南 – 东, 北）：{bounds}</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../ui/detail/timeline.py" line="33" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="34" />
        <source>Who</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="35" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="36" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="37" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="38" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="39" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="136" />
        <source>to {dept}</source>
        <translation>派至 {dept}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="137" />
        <location filename="../../ui/detail/timeline.py" line="158" />
        <source>deadline {at}</source>
        <translation>时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="139" />
        <source>automatic (rule {n})</source>
        <translation>自动派遣（规则 {n}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="145" />
        <source>co-handling: {depts}</source>
        <translation>协办：{depts}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="150" />
        <source>received by {dept}</source>
        <translation>{dept}已签收</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="153" />
        <source>co-handling feedback from {dept}</source>
        <translation>{dept}协办反馈</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="156" />
        <source>co-handling feedback missing: {note}</source>
        <translation>协办未反馈说明：{note}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="160" />
        <location filename="../../ui/detail/timeline.py" line="162" />
        <source>until {at}</source>
        <translation>延至 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="164" />
        <source>new deadline {at}</source>
        <translation>新时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="167" />
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="170" />
        <source>failed, rework until {at}</source>
        <translation>不通过，返工，时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="173" />
        <source>true</source>
        <translation>属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="173" />
        <source>not true</source>
        <translation>不属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="179" />
        <source>to {name}</source>
        <translation>派给 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="181" />
        <source>into another case</source>
        <translation>并入另一案卷</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="184" />
        <source>number {n}</source>
        <translation>案卷号 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="186" />
        <source>reply by {at}</source>
        <translation>须于 {at} 前回复</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="188" />
        <source>no reply in time</source>
        <translation>逾期未回复</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="190" />
        <source>replied late</source>
        <translation>逾期回复</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="199" />
        <source>not reached</source>
        <translation>未联系上</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="201" />
        <source>satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="202" />
        <source>basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="203" />
        <source>unsatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="212" />
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="214" />
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="39" />
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="39" />
        <source>Edit user</source>
        <translation>编辑用户</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="47" />
        <source>District centre</source>
        <translation>区指挥中心</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="56" />
        <source>Filter grids by code or name</source>
        <translation>按编码或名称筛选网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="66" />
        <source>Account active</source>
        <translation>账号启用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="70" />
        <source>At least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="73" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="74" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="75" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="76" />
        <source>Command centre</source>
        <translation>指挥中心</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="77" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="78" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="81" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="140" />
        <source>Username and name are required.</source>
        <translation>用户名和姓名不能为空。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="146" />
        <source>Choose the department of this account.</source>
        <translation>请选择该账号所属部门。</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="31" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="32" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="33" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="34" />
        <source>Organisation</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="35" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="36" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="25" />
        <source>New user…</source>
        <translation>新建用户…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="26" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="27" />
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="28" />
        <location filename="../../ui/admin/users_tab.py" line="80" />
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="69" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="69" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_tab.py" line="80" />
        <source>Enable</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="58" />
        <source>Command centre wall display</source>
        <translation>指挥中心大屏</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="70" />
        <source>City operations at a glance</source>
        <translation>城市运行态势</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="81" />
        <source>Cases filed per grid</source>
        <translation>各网格立案数</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="171" />
        <source>updated {0}</source>
        <translation>更新于 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="188" />
        <source>Intake and closed per day</source>
        <translation>每日上报与结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="189" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="190" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="195" />
        <source>Reports by stage now</source>
        <translation>上报数（按当前环节）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="196" />
        <source>Filed per street / town</source>
        <translation>立案数（按街道/镇）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="197" />
        <source>Filed by category</source>
        <translation>立案数（按类别）</translation>
    </message>
    <message>
        <source>Filed per grid (busiest)</source>
        <translation>立案数（按网格，前列）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="200" />
        <source>Overdue board (most late)</source>
        <translation>超期榜（超期最久）</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="201" />
        <source>Number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="201" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="201" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/stats/wall_window.py" line="201" />
        <source>Late</source>
        <translation>超期</translation>
    </message>
</context>
<context>
    <name>WarningCount</name>
    <message>
        <location filename="../../ui/warnings/warning_count.py" line="38" />
        <source>Early warnings ({0})</source>
        <translation>预警（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warning_count.py" line="40" />
        <source>{0} early warnings not yet acknowledged or dismissed</source>
        <translation>{0} 条预警尚未知悉或排除</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warning_count.py" line="43" />
        <source>Early warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warning_count.py" line="44" />
        <source>No open early warnings</source>
        <translation>没有待处理的预警</translation>
    </message>
</context>
<context>
    <name>WarningRulesTab</name>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="43" />
        <source>Recurring problem in a grid</source>
        <translation>网格内同类问题高发（顽疾）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="46" />
        <source>Surge of new cases</source>
        <translation>案件激增</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="53" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="54" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="55" />
        <source>A department's overdue count keeps rising</source>
        <translation>部门超期案卷数持续上升</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="57" />
        <source>A case reworked again and again</source>
        <translation>案卷多次返工</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="62" />
        <source>Reason for the change</source>
        <translation>调整依据</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="64" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="66" />
        <source>Restore defaults</source>
        <translation>恢复默认规则</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="88" />
        <source>Within days</source>
        <translation>统计天数</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="89" />
        <source>At least reports</source>
        <translation>上报件数不少于</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="95" />
        <source>Rising on each of the last days</source>
        <translation>连续上升天数</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="98" />
        <source>Failed checks</source>
        <translation>核查未通过次数不少于</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="104" />
        <source>Weeks compared</source>
        <translation>对比前几周</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="105" />
        <source>Times the weekly average</source>
        <translation>为此前周均的倍数</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="106" />
        <source>At least new cases</source>
        <translation>新增件数不少于</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="107" />
        <source>For</source>
        <translation>统计范围</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="147" />
        <source>Set by {0} at {1}</source>
        <translation>{0} 于 {1} 设置</translation>
    </message>
    <message>
        <location filename="../../ui/admin/warning_rules_tab.py" line="151" />
        <source>The default rules are in force.</source>
        <translation>当前使用默认预警规则。</translation>
    </message>
</context>
<context>
    <name>WarningsDialog</name>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="81" />
        <source>Early warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="86" />
        <source>Rule</source>
        <translation>预警规则</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="86" />
        <source>About</source>
        <translation>预警对象</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="86" />
        <source>Figures</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="86" />
        <source>Handled</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="88" />
        <source>Show acknowledged and dismissed warnings</source>
        <translation>显示已知悉和已排除的预警</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="94" />
        <source>Note (a dismissal must say why)</source>
        <translation>说明（排除预警须写明理由）</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="95" />
        <source>Acknowledge</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="98" />
        <source>Seen and followed: off your open list until a new case joins it</source>
        <translation>已知悉并跟进：移出待处理列表，出现新案件时重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="100" />
        <source>Dismiss</source>
        <translation>排除</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="103" />
        <source>Not a problem: off your open list, with the reason</source>
        <translation>不构成问题：写明理由后移出待处理列表</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="105" />
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="109" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="109" />
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="109" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="109" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="113" />
        <source>Supervise all</source>
        <translation>全部督办</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="115" />
        <source>Supervise the chosen case</source>
        <translation>督办选中案卷</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="117" />
        <source>Start a campaign…</source>
        <translation>发起专项整治…</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="119" />
        <source>Open case</source>
        <translation>打开案卷</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="121" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="151" />
        <source>Campaign</source>
        <translation>专项整治</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="151" />
        <source>Deadline</source>
        <translation>整治期限</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="151" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="151" />
        <source>Started by</source>
        <translation>发起人</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="155" />
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="156" />
        <source>Campaigns</source>
        <translation>专项整治</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="185" />
        <source>Evaluating the warning rules…</source>
        <translation>正在研判预警规则…</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="199" />
        <source> (late)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="211" />
        <source>{0} open warnings, {1} campaigns (rules: {2})</source>
        <translation>{0} 条待处理预警，{1} 个专项整治（规则：{2}）</translation>
    </message>
    <message>
        <source>{0} warnings, {1} campaigns (rules: {2})</source>
        <translation>预警 {0} 条，专项整治 {1} 项（规则：{2}）</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="214" />
        <source>set by the administrator</source>
        <translation>管理员设置</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="216" />
        <source>defaults</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="306" />
        <source>{0}: {1} cases</source>
        <translation>{0}：{1} 件案卷</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="366" />
        <source>Supervision sent</source>
        <translation>已督办</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="380" />
        <source>Campaign started</source>
        <translation>已发起专项整治</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="393" />
        <source>{0} cases done.</source>
        <translation>已办理 {0} 件。</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/warnings_dialog.py" line="395" />
        <source>Not possible on {0} cases:</source>
        <translation>{0} 件未能办理：</translation>
    </message>
</context>
<context>
    <name>detail</name>
    <message>
        <location filename="../../ui/detail/texts.py" line="81" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="82" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="87" />
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="88" />
        <source>Yellow: 80% of the limit used</source>
        <translation>黄灯：时限已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="89" />
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="111" />
        <source>{d} d {h} h</source>
        <translation>{d}天{h}小时</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="112" />
        <source>{d} d</source>
        <translation>{d}天</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="114" />
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="116" />
        <source>{h} h</source>
        <translation>{h}小时</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="117" />
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="123" />
        <source>clock time</source>
        <translation>自然时</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="124" />
        <source>working time</source>
        <translation>工作时</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="130" />
        <source>Overdue by {time}</source>
        <translation>已超期 {time}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/texts.py" line="133" />
        <source>{time} left ({unit})</source>
        <translation>剩余 {time}（{unit}）</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/error_texts.py" line="25" />
        <source>Your role may not do this.</source>
        <translation>您的角色不能执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="26" />
        <location filename="../../ui/error_texts.py" line="27" />
        <source>The case is not in a state that allows this.</source>
        <translation>案卷当前状态不允许此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="30" />
        <source>This case is outside your responsibility.</source>
        <translation>该案卷不在您的职责范围内。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="31" />
        <source>The case does not exist or is not yours.</source>
        <translation>案卷不存在或不在您的范围内。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="32" />
        <source>A required field is empty.</source>
        <translation>有必填项尚未填写。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="33" />
        <source>A field has a value that is not allowed.</source>
        <translation>有字段的取值不符合要求。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="34" />
        <source>The location is not a valid point.</source>
        <translation>位置坐标无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="35" />
        <source>The phone number is not valid.</source>
        <translation>电话号码无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="36" />
        <source>The time limit is not a valid amount.</source>
        <translation>时限数值无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="37" />
        <source>The time unit is not known.</source>
        <translation>时限单位无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="38" />
        <source>The deadline is not valid.</source>
        <translation>处置时限无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="39" />
        <source>The date is not valid.</source>
        <translation>日期无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="40" />
        <source>The period is not valid.</source>
        <translation>统计期间无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="41" />
        <source>The database schema name is not valid.</source>
        <translation>数据库模式名称无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="42" />
        <source>The text is too long.</source>
        <translation>文字过长。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="43" />
        <source>The user does not exist.</source>
        <translation>用户不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="44" />
        <source>The department does not exist.</source>
        <translation>部门不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="45" />
        <source>The grid does not exist.</source>
        <translation>单元网格不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="46" />
        <source>The street or town does not exist.</source>
        <translation>街道（镇）不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="47" />
        <source>The file is not a photo.</source>
        <translation>文件不是照片。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="48" />
        <source>The file is too large.</source>
        <translation>文件过大。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="49" />
        <source>The photo is too large.</source>
        <translation>照片过大。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="50" />
        <source>The disk is full: nothing was saved. Free some space and try again.</source>
        <translation>磁盘已满，本次内容未保存。请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="53" />
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="54" />
        <source>This account is disabled.</source>
        <translation>该账号已停用。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="55" />
        <source>Too many failed logins: wait and try again.</source>
        <translation>登录失败次数过多，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="56" />
        <source>Your session has expired: log in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="57" />
        <source>Your session was ended: log in again.</source>
        <translation>登录已被终止，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="58" />
        <source>Log in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="59" />
        <location filename="../../ui/error_texts.py" line="60" />
        <source>The sync service cannot be reached.</source>
        <translation>无法连接同步服务。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="61" />
        <source>The password is too short.</source>
        <translation>密码太短。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="62" />
        <source>The password is too common.</source>
        <translation>密码过于常见。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="63" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="64" />
        <source>The password must not look like the user name.</source>
        <translation>密码不能与用户名相近。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="67" />
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="68" />
        <source>The base map settings are not valid.</source>
        <translation>底图设置无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="69" />
        <source>The MBTiles file cannot be used.</source>
        <translation>MBTiles 文件无法使用。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="70" />
        <source>The GeoJSON file cannot be used.</source>
        <translation>GeoJSON 文件无法使用。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="82" />
        <source>The operation was not completed.</source>
        <translation>操作未完成。</translation>
    </message>
    <message>
        <location filename="../../ui/error_texts.py" line="90" />
        <source>Error code: {code}</source>
        <translation>错误代码：{code}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Awaiting intake</source>
        <translation>待受理</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17" />
        <location filename="../../ui/labels.py" line="39" />
        <source>In handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18" />
        <location filename="../../ui/labels.py" line="42" />
        <source>Awaiting check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19" />
        <location filename="../../ui/labels.py" line="43" />
        <source>Awaiting closure</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20" />
        <location filename="../../ui/labels.py" line="45" />
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21" />
        <source>Not filed / void</source>
        <translation>不予立案/作废</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22" />
        <location filename="../../ui/labels.py" line="48" />
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>挂账案件</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15" />
        <source>Not filed yet</source>
        <translation>未立案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16" />
        <source>Filed, to dispatch</source>
        <translation>已立案待派遣</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23" />
        <location filename="../../ui/labels.py" line="44" />
        <source>On hold (suspended)</source>
        <translation>挂账中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30" />
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31" />
        <source>To send for verification</source>
        <translation>待派发核实</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34" />
        <source>Being verified</source>
        <translation>核实中</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35" />
        <source>Not confirmed on site</source>
        <translation>核实不属实</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36" />
        <source>To file</source>
        <translation>待立案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37" />
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38" />
        <source>Returned, to reassign</source>
        <translation>回退待改派</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40" />
        <source>Extension requested</source>
        <translation>延期待审批</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41" />
        <source>Suspension requested</source>
        <translation>挂账待审批</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="46" />
        <source>Not filed</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="47" />
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="58" />
        <source>Grid officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="59" />
        <source>Intake</source>
        <translation>受理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="60" />
        <source>Shift lead</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="61" />
        <source>Dispatcher</source>
        <translation>派遣员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="62" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="63" />
        <source>Supervisor</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="64" />
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="70" />
        <source>Patrol</source>
        <translation>巡查上报</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="71" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="72" />
        <source>Public</source>
        <translation>公众举报</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="73" />
        <source>Camera</source>
        <translation>视频监控</translation>
    </message>
</context>
<context>
    <name>notifications</name>
    <message>
        <location filename="../../ui/notifications/texts.py" line="17" />
        <source>New task</source>
        <translation>新任务</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="18" />
        <source>Urged (催办)</source>
        <translation>催办</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="19" />
        <source>Supervised (督办)</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="20" />
        <source>Yellow: 80% of the limit used</source>
        <translation>黄灯：时限已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="21" />
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="22" />
        <source>Refused by the service</source>
        <translation>被服务端拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="23" />
        <source>Supervision reply due soon</source>
        <translation>督办回复即将到期</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="24" />
        <source>Supervision reply overdue</source>
        <translation>督办回复已超期</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="32" />
        <source>(no number yet)</source>
        <translation>（暂无编号）</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="36" />
        <source>Case {0} is waiting in {1}</source>
        <translation>案卷 {0} 已进入“{1}”</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="40" />
        <source>Case {0} was urged</source>
        <translation>案卷 {0} 被催办</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="42" />
        <source>Case {0} is under supervision</source>
        <translation>案卷 {0} 被督办</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="46" />
        <source>Case {0} has used 80% of its limit</source>
        <translation>案卷 {0} 处置时限已用80%（黄灯）</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="50" />
        <source>Case {0} is overdue</source>
        <translation>案卷 {0} 已超期（红灯）</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="54" />
        <source>Case {0}: the supervision reply is due by {1}</source>
        <translation>案卷 {0}：督办回复须在 {1} 前提交</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="58" />
        <source>Case {0}: the supervision reply was due by {1} and is late</source>
        <translation>案卷 {0}：督办回复应于 {1} 前提交，已超期</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="62" />
        <source>Your action on case {0} was refused</source>
        <translation>您对案卷 {0} 的操作被服务端拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="67" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/texts.py" line="75" />
        <source>{0} new notifications</source>
        <translation>{0} 条新通知</translation>
    </message>
</context>
<context>
    <name>queues</name>
    <message>
        <location filename="../../ui/cases/labels.py" line="20" />
        <source>My reports</source>
        <translation>我的上报</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="21" />
        <source>Verification tasks</source>
        <translation>核实任务</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="22" />
        <source>Cases to check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <source>New reports</source>
        <translation>新上报案件</translation>
    </message>
    <message>
        <source>Awaiting verification</source>
        <translation>待核实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="23" />
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="24" />
        <source>To send for verification</source>
        <translation>待派发核实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="25" />
        <source>Being verified</source>
        <translation>核实中</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="26" />
        <source>Not confirmed on site</source>
        <translation>核实不属实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="27" />
        <source>To file</source>
        <translation>待立案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="28" />
        <source>To close</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="29" />
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="30" />
        <source>Suspension requests</source>
        <translation>挂账申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="31" />
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="32" />
        <source>Returned (to reassign)</source>
        <translation>回退待改派</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="33" />
        <source>Suspended</source>
        <translation>挂账案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="34" />
        <source>Overdue board</source>
        <translation>超期督办榜</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="35" />
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="36" />
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="37" />
        <source>My pending requests</source>
        <translation>我的待批申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="38" />
        <source>Supervision to answer</source>
        <translation>待回复督办</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="39" />
        <source>To acknowledge</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="40" />
        <source>Co-handling tasks</source>
        <translation>协办任务</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="41" />
        <source>Supervised cases</source>
        <translation>督办案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="42" />
        <source>All cases</source>
        <translation>全部案卷</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="43" />
        <source>To call back</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="44" />
        <source>Dispatched automatically</source>
        <translation>自动派遣</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="52" />
        <source>Not accepted yet: accept, send for verification, merge or turn down</source>
        <translation>尚未受理：受理、派发核实、合并或不予立案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="55" />
        <source>Accepted citizen reports: send a grid officer to verify on site</source>
        <translation>已受理的市民举报：派网格员现场核实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="58" />
        <source>A grid officer is verifying on site: wait for the answer</source>
        <translation>网格员正在现场核实：等待核实反馈</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="61" />
        <source>The officer found it untrue: turn down, or send for verification again</source>
        <translation>核实不属实：不予立案，或再次派发核实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="64" />
        <source>Accepted (and verified where needed): file or turn down</source>
        <translation>已受理（需核实的已核实属实）：立案或不予立案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="67" />
        <source>The on-site check passed: close</source>
        <translation>核查通过：结案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="68" />
        <source>Filed: send to the handling department</source>
        <translation>已立案：派遣至处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="71" />
        <source>Given back by a department: send to the right one</source>
        <translation>部门回退：改派至正确的部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="74" />
        <source>Verify these reports on site and answer</source>
        <translation>到现场核实并反馈</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="77" />
        <source>Handled by the department: check on site (pass or rework)</source>
        <translation>部门已处置：到现场核查（通过或返工）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="80" />
        <source>Supervised by the centre: answer before the reply deadline</source>
        <translation>指挥中心督办的案卷：请在回复期限前回复</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="83" />
        <source>Closed citizen cases: call the citizen back and record the satisfaction</source>
        <translation>已结案的热线和公众举报：回访诉求人并记录满意度</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="86" />
        <source>Sent by an automatic routing rule: look them over, reassign if wrong</source>
        <translation>按自动派遣规则派出的案卷：请复核，派错的改派</translation>
    </message>
</context>
<context>
    <name>warnings</name>
    <message>
        <location filename="../../ui/warnings/texts.py" line="16" />
        <source>Recurring problem</source>
        <translation>高发顽疾</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="17" />
        <source>Surge of new cases</source>
        <translation>案件激增</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="18" />
        <source>Overdue keeps rising</source>
        <translation>超期攀升</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="19" />
        <source>Reworked again and again</source>
        <translation>多次返工</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="51" />
        <source>{0} reports since {1}</source>
        <translation>{1} 以来上报 {0} 件</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="55" />
        <source>{0} new cases in 7 days, weekly average before {1:.1f}</source>
        <translation>近7天新增 {0} 件，此前周均 {1:.1f} 件</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="59" />
        <source>Overdue day by day: {0}</source>
        <translation>逐日超期数：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="62" />
        <source>Check failed {0} times</source>
        <translation>核查未通过 {0} 次</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="67" />
        <source>{0} {1} campaign</source>
        <translation>{0}{1}专项整治</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="79" />
        <source>Dismissed by {0} {1}</source>
        <translation>{0} 于 {1} 排除</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="81" />
        <source>Acknowledged by {0} {1}</source>
        <translation>{0} 于 {1} 知悉</translation>
    </message>
    <message>
        <location filename="../../ui/warnings/texts.py" line="86" />
        <source>New cases since — {0}</source>
        <translation>其后有新案件 — {0}</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../ui/app.py" line="182" />
        <source>Wall display</source>
        <translation>大屏</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="183" />
        <source>The wall display is for shift leads, dispatchers and supervisors.</source>
        <translation>大屏仅供值班长、派遣员和督查使用。</translation>
    </message>
</context>
</TS>