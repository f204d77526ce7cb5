<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <location filename="../../ui/admin/admin_window.py" line="31" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="33" />
        <source>Administration is for system administrators only. Your role: %1.</source>
        <translation>系统管理仅限系统管理员使用。您的角色：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="43" />
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="44" />
        <source>Departments</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="45" />
        <source>Routing rules</source>
        <translation>派遣规则</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="46" />
        <source>Calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <location filename="../../ui/admin/admin_window.py" line="47" />
        <source>Grids</source>
        <translation>网格</translation>
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
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/detail/assign_dialog.py" line="46" />
        <source>What to verify</source>
        <translation>需核实的内容</translation>
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
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="46" />
        <source>Holiday (no work)</source>
        <translation>节假日（休息）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="47" />
        <location filename="../../ui/admin/calendar_tab.py" line="107" />
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="49" />
        <source>e.g. National Day</source>
        <translation>例如：国庆节</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="51" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="52" />
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="55" />
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="90" />
        <source>The working calendar of %1 is not confirmed: deadlines may be wrong across holidays until its holidays are entered and the year is confirmed.</source>
        <translation>%1 年工作日历尚未确认：录入节假日并确认该年度之前，跨节假日的办理时限可能不准确。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/calendar_tab.py" line="107" />
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="49" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="50" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="51" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="52" />
        <source>Street / community</source>
        <translation>街道/社区</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="53" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="54" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="55" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="56" />
        <source>Reporter</source>
        <translation>举报人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="57" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="58" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="59" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="60" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="61" />
        <source>Pending request</source>
        <translation>待审批申请</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="62" />
        <source>Urged / supervised / rework</source>
        <translation>催办/督办/返工</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="82" />
        <source>Choose a case to see its details.</source>
        <translation>请选择一个案卷查看详情。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="116" />
        <source>No action for you on this case now.</source>
        <translation>您当前对该案卷没有可执行的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="156" />
        <source>Check photos</source>
        <translation>核查照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="159" />
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="165" />
        <source>Photos of the chosen event</source>
        <translation>所选环节的照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="227" />
        <source>(provisional)</source>
        <translation>（临时编号）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="249" />
        <source>Extension until {at}</source>
        <translation>申请延期至 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="252" />
        <source>Suspension</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="256" />
        <source>Filing condition: {f}
Closing condition: {c}</source>
        <translation>立案条件：{f}
结案条件：{c}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="265" />
        <source>Merged into another case: &lt;a href="{id}"&gt;open it&lt;/a&gt;</source>
        <translation>已合并到另一案卷：&lt;a href="{id}"&gt;打开&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="284" />
        <source>originally {at}</source>
        <translation>原时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="286" />
        <source>calendar for {y} not confirmed</source>
        <translation>{y} 年工作日历尚未确认</translation>
    </message>
    <message>
        <location filename="../../ui/detail/case_detail_view.py" line="295" />
        <source>not running ({state})</source>
        <translation>未计时（{state}）</translation>
    </message>
</context>
<context>
    <name>CaseListView</name>
    <message>
        <location filename="../../ui/cases/case_list.py" line="108" />
        <source>(the selected case is not in this list)</source>
        <translation>（所选案卷不在当前列表中）</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_list.py" line="166" />
        <source>{shown} of {total} cases loaded</source>
        <translation>已加载 {shown} / 共 {total} 件</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="105" />
        <source>Case number</source>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="106" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="107" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="108" />
        <source>Street / community</source>
        <translation>街道/社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="109" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="110" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="111" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="112" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="113" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="339" />
        <source>Pending sync: saved on this computer, not yet on the server</source>
        <translation>⟳ 待同步：已保存在本机，尚未同步到服务器</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="341" />
        <source>Provisional number: the case is not filed yet</source>
        <translation>临时编号：案卷尚未立案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="343" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/case_table_model.py" line="345" />
        <source>80% of the time limit used</source>
        <translation>已用时限80%（黄色预警）</translation>
    </message>
</context>
<context>
    <name>CategoryPicker</name>
    <message>
        <location filename="../../ui/report/category_picker.py" line="43" />
        <source>Name, code or pinyin initials (e.g. ljt)</source>
        <translation>名称、代码或拼音首字母（如 ljt）</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="60" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="61" />
        <source>Browse</source>
        <translation>分类浏览</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="63" />
        <location filename="../../ui/report/category_picker.py" line="170" />
        <source>No category chosen</source>
        <translation>尚未选择类别</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="103" />
        <source>No category matches; try the Browse tab</source>
        <translation>没有匹配的类别，可在“分类浏览”中查找</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="175" />
        <source>Filing condition: {0}</source>
        <translation>立案条件：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/category_picker.py" line="177" />
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
        <translation>备注</translation>
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
        <translation>退回处置部门重新计时：时限 {at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/check_dialog.py" line="113" />
        <source>Please choose a result.</source>
        <translation>请选择结果。</translation>
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
        <translation>姓名</translation>
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
        <translation>姓名</translation>
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
        <location filename="../../ui/detail/dispatch_dialog.py" line="49" />
        <source>★ suggested</source>
        <translation>★ 推荐</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="53" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="57" />
        <source>Returned by {dept}</source>
        <translation>由 {dept} 回退</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="65" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="67" />
        <source>Yellow from</source>
        <translation>黄灯时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="69" />
        <source>Reason*</source>
        <translation>理由*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="69" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="71" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="71" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="85" />
        <source>{at} — {time} of {unit} from now</source>
        <translation>{at}（自现在起 {time}，按{unit}计）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="90" />
        <source>Calendar for {years} not confirmed yet</source>
        <translation>{years} 年工作日历尚未确认</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="106" />
        <source>There is no department this centre may dispatch to.</source>
        <translation>本中心没有可派遣的处置部门。</translation>
    </message>
    <message>
        <location filename="../../ui/detail/dispatch_dialog.py" line="108" />
        <source>Please give a reason for reassigning.</source>
        <translation>请填写改派理由。</translation>
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
    <name>FileDialog</name>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="36" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="38" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="39" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="41" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="42" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="42" />
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Filing condition: {text}</source>
        <translation>立案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/file_dialog.py" line="61" />
        <source>Please choose the category to file under.</source>
        <translation>请选择立案类别。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="72" />
        <source>Search number, address, description</source>
        <translation>搜索案卷号、地址、描述</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="77" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="78" />
        <source>Deadline warning</source>
        <translation>时限预警</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="79" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="81" />
        <source>Category: name, code or initials</source>
        <translation>类别：名称、代码或拼音首字母</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="90" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="91" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="92" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="93" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="94" />
        <source>Reported from</source>
        <translation>上报起始日期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="95" />
        <source>Reported until</source>
        <translation>上报截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="96" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="99" />
        <source>Saved filters</source>
        <translation>常用筛选</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="115" />
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="139" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="142" />
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="143" />
        <source>Yellow or red</source>
        <translation>黄色或红色预警</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="144" />
        <source>Yellow: 80% used</source>
        <translation>黄色：已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="145" />
        <source>Red: overdue</source>
        <translation>红灯：已超期</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="146" />
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="149" />
        <source>All streets</source>
        <translation>全部街镇</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="152" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="163" />
        <source>All communities</source>
        <translation>全部社区</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="173" />
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="288" />
        <source>Save current filter…</source>
        <translation>保存当前筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="298" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="303" />
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="303" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>GridImportDialog</name>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="45" />
        <source>Import grids from GeoJSON</source>
        <translation>从 GeoJSON 导入网格</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="48" />
        <source>A .geojson file (WGS-84, one feature per grid)</source>
        <translation>.geojson 文件（WGS-84，每个网格一个要素）</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="49" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="50" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="51" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="53" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="56" />
        <source>Each feature needs the properties code (15 digits) and name; street_name and community_name when the street or community is new.</source>
        <translation>每个要素需有属性 code（15 位编码）和 name；街道或社区为新建时还需 street_name 和 community_name。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="63" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="64" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="65" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="66" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="67" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="91" />
        <source>GeoJSON file</source>
        <translation>GeoJSON 文件</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="91" />
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="101" />
        <source>The file is too large (at most 20 MB).</source>
        <translation>文件过大（最大 20 MB）。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="105" />
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="137" />
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="138" />
        <source>changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="139" />
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="140" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="158" />
        <source>%1 new, %2 changed, %3 unchanged, %4 with errors</source>
        <translation>新增 %1，变更 %2，未变 %3，有错误 %4</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="162" />
        <source>New streets: %1; new communities: %2</source>
        <translation>新建街道/镇：%1；新建社区：%2</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="173" />
        <source>Preview: nothing was imported yet.</source>
        <translation>预览：尚未导入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="175" />
        <source>Fix the errors in the file: nothing can be imported while any remain.</source>
        <translation>请先修正文件中的错误：存在错误时不会导入任何网格。</translation>
    </message>
    <message>
        <location filename="../../ui/admin/grid_import_dialog.py" line="185" />
        <source>Imported.</source>
        <translation>已导入。</translation>
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
        <translation>社区数</translation>
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
        <location filename="../../ui/detail/handle_dialog.py" line="35" />
        <source>Closing condition: {text}</source>
        <translation>结案条件：{text}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="40" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="41" />
        <source>What was done*</source>
        <translation>处置情况*</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="41" />
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="43" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/handle_dialog.py" line="55" />
        <source>Please say what was done.</source>
        <translation>请填写处置情况。</translation>
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
        <location filename="../../ui/report/location_box.py" line="53" />
        <source>Pick on map</source>
        <translation>地图选点</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="79" />
        <source>Point (lon, lat)</source>
        <translation>坐标（经度, 纬度）</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="81" />
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="82" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="83" />
        <source>Street / town</source>
        <translation>街道/镇</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="115" />
        <source>typed in</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="126" />
        <source>Type both longitude and latitude as decimal degrees.</source>
        <translation>请以十进制度数输入经度和纬度。</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="129" />
        <source>Longitude must be within ±180 and latitude within ±90.</source>
        <translation>经度须在 ±180 之间，纬度须在 ±90 之间。</translation>
    </message>
    <message>
        <location filename="../../ui/report/location_box.py" line="136" />
        <source>This point is outside every unit grid of the district. Pick a point inside a grid.</source>
        <translation>该位置不在辖区任何单元网格内，请在网格内选点。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="75" />
        <source>Log in — gridapp</source>
        <translation>登录 — gridapp 网格化管理</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="84" />
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="85" />
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="86" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="91" />
        <location filename="../../ui/sync/login_dialog.py" line="159" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="92" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="100" />
        <source>Demo users (password {password}):</source>
        <translation>演示用户（密码 {password}）：</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="118" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="118" />
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="118" />
        <source>Works at</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="176" />
        <source>Enter the server address, your username and your password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="179" />
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="195" />
        <source>The sync service is unreachable — logged in offline as {name}. Your work is saved on this computer and sent when the service answers.</source>
        <translation>无法连接同步服务 — 已以 {name} 身份离线登录。您的操作保存在本机，服务恢复后自动上传。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="201" />
        <source>Continue offline</source>
        <translation>离线继续</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="217" />
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="219" />
        <source>Too many failed attempts from this computer. Wait a little and try again; the wait grows with each failure.</source>
        <translation>本机登录失败次数过多，请稍候再试；每多失败一次，等待时间会更长。</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. Try again later or ask an administrator.</source>
        <translation>密码错误次数过多，账号已被锁定。请稍后再试或联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="222" />
        <source>This account is disabled. Ask an administrator.</source>
        <translation>该账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="224" />
        <source>The sync service is unreachable and this user has not logged in on this computer before: the first login needs the network.</source>
        <translation>无法连接同步服务，且该用户从未在本机登录过：首次登录需要联网。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/login_dialog.py" line="231" />
        <source>Login failed: {error}</source>
        <translation>登录失败：{error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="53" />
        <source>gridapp — urban grid management</source>
        <translation>gridapp 网格化城市管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80" />
        <source>Cases</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87" />
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104" />
        <source>New report</source>
        <translation>新建上报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109" />
        <source>Monthly report</source>
        <translation>月度考评报告</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <location filename="../../ui/main_window.py" line="154" />
        <source>Refused by the service</source>
        <translation>被服务端拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123" />
        <source>Log out</source>
        <translation>退出登录</translation>
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
        <location filename="../../ui/map/map_view.py" line="104" />
        <source>Fit all</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="105" />
        <source>Show every grid</source>
        <translation>显示全部网格</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="107" />
        <source>Base map…</source>
        <translation>底图…</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="108" />
        <source>Choose the base map under the grids</source>
        <translation>选择网格下方的底图</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="110" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="166" />
        <source>80% of time used</source>
        <translation>时限已用80%</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="166" />
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="167" />
        <source>Open cases</source>
        <translation>未结案件</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="168" />
        <source>Case state</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="169" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_view.py" line="170" />
        <source>Open cases per grid</source>
        <translation>网格未结案件数</translation>
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
        <translation>备注</translation>
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
        <location filename="../../ui/monthly/report_dialog.py" line="72" />
        <source>Monthly supervision report</source>
        <translation>监督评价月报</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="81" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="85" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="87" />
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="94" />
        <source>Choose a month and a region, then Generate.</source>
        <translation>请选择月份和区域，然后点击“生成”。</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="102" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="104" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="106" />
        <source>Save Excel…</source>
        <translation>保存 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="108" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="134" />
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="158" />
        <source>{title}: {pages} pages</source>
        <translation>{title}：共 {pages} 页</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="166" />
        <source>The report could not be made.</source>
        <translation>报告生成失败。</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="187" />
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="187" />
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="194" />
        <source>Save Excel</source>
        <translation>保存 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="194" />
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="201" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/monthly/report_dialog.py" line="205" />
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
        <translation>备注</translation>
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
        <location filename="../../ui/detail/note_dialog.py" line="73" />
        <source>Handling restarts with a new limit: deadline {at} ({unit})</source>
        <translation>恢复处置并重新计时：时限 {at}（{unit}）</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="77" />
        <source>Requested deadline: {at}</source>
        <translation>申请的时限：{at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="79" />
        <source>Deadline: {at}; urged {u} times, supervised {s} times</source>
        <translation>时限：{at}；已催办 {u} 次，已督办 {s} 次</translation>
    </message>
    <message>
        <location filename="../../ui/detail/note_dialog.py" line="90" />
        <source>Please give a reason.</source>
        <translation>请填写理由。</translation>
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
        <location filename="../../ui/report/photo_list.py" line="125" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="127" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="129" />
        <source>Use the photo's location</source>
        <translation>使用照片中的位置</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="173" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="175" />
        <source>Photos (*.jpg *.jpeg *.png *.webp);;All files (*)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="203" />
        <source>{0}: this photo is already in the list</source>
        <translation>{0}：这张照片已在列表中</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="210" />
        <source>Location: {0:.6f}, {1:.6f}</source>
        <translation>位置：{0:.6f}, {1:.6f}</translation>
    </message>
    <message>
        <location filename="../../ui/report/photo_list.py" line="223" />
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
        <location filename="../../ui/detail/photo_viewer.py" line="17" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/photo_viewer.py" line="23" />
        <source>This photo cannot be shown.</source>
        <translation>无法显示该照片。</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <location filename="../../ui/errors.py" line="21" />
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
        <location filename="../../ui/sync/refused_panel.py" line="48" />
        <location filename="../../ui/sync/refused_panel.py" line="73" />
        <source>Refused by the service</source>
        <translation>被服务端拒绝的操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="50" />
        <source>Case</source>
        <translation>案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="51" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="52" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="53" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="54" />
        <source>What you can do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="75" />
        <source>Nothing was refused.</source>
        <translation>没有被拒绝的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="76" />
        <source>Open case</source>
        <translation>打开案卷</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="77" />
        <source>Acknowledge</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="78" />
        <source>Hide it here; it stays in the case's log</source>
        <translation>从列表中隐藏；案卷日志中仍保留该记录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="79" />
        <source>Re-create report</source>
        <translation>重新上报</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="102" />
        <source>Someone else already handled this case; it now shows its current state. Nothing to do.</source>
        <translation>该案卷已被他人处理，现显示其最新状态，无需操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="105" />
        <source>Outside your role or area: ask the command centre.</source>
        <translation>超出您的职责或辖区范围：请联系指挥中心。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="106" />
        <source>A photo is missing or unusable: add it again and resubmit.</source>
        <translation>照片缺失或无法使用：请重新添加照片后再提交。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="107" />
        <source>Report it again from the saved fields (fix them first).</source>
        <translation>可按保存的内容重新上报（请先修正）。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="108" />
        <source>The content was not accepted: correct it and do it again.</source>
        <translation>内容不符合要求：请修正后重新操作。</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused_panel.py" line="109" />
        <source>Ask the system administrator.</source>
        <translation>请联系系统管理员。</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="89" />
        <source>Report a case</source>
        <translation>案件上报</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="99" />
        <source>from the photo</source>
        <translation>取自照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="107" />
        <source>Street, number, landmark</source>
        <translation>街道、门牌号、标志物</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="110" />
        <source>What is wrong, how big, since when</source>
        <translation>问题是什么、范围多大、从何时开始</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="114" />
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="115" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="126" />
        <source>Citizen's phone, for the call back</source>
        <translation>市民联系电话，用于回访</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="131" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="134" />
        <source>Report another</source>
        <translation>继续上报</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="137" />
        <location filename="../../ui/report/report_dialog.py" line="357" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="145" />
        <location filename="../../ui/report/report_dialog.py" line="257" />
        <source>Your role does not report cases.</source>
        <translation>您的角色不能上报案件。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="154" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="156" />
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="158" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="159" />
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="160" />
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="161" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="162" />
        <source>Citizen's name</source>
        <translation>市民姓名</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="163" />
        <source>Citizen's phone</source>
        <translation>市民电话</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="165" />
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="167" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="184" />
        <source>Click the map where the problem is.</source>
        <translation>请在地图上点击问题所在位置。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="234" />
        <source>picked on the map</source>
        <translation>地图选点</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="259" />
        <source>Choose a category.</source>
        <translation>请选择案件类别。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="261" />
        <source>Give the point: pick it on the map or type it.</source>
        <translation>请确定位置：在地图上选点或输入经纬度。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="263" />
        <source>Describe the problem.</source>
        <translation>请填写问题描述。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="278" />
        <source>Wait until the photos are checked.</source>
        <translation>请等待照片检查完成。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="294" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="305" />
        <source>Saved as {0}, waiting to sync.</source>
        <translation>已保存（{0}），等待同步。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="307" />
        <source>Saved as {0}.</source>
        <translation>已保存（{0}）。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="321" />
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="337" />
        <source>Not saved; your report is still here. Try again.</source>
        <translation>未保存，已填写的内容仍在，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="357" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="396" />
        <source>The draft's photos could not be fetched.</source>
        <translation>无法取回草稿中的照片。</translation>
    </message>
    <message>
        <location filename="../../ui/report/report_dialog.py" line="434" />
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
        <translation>备注</translation>
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
        <translation>备注</translation>
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
        <location filename="../../ui/admin/routing_tab.py" line="24" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="25" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="26" />
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="27" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="28" />
        <source>Note</source>
        <translation>备注</translation>
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
        <location filename="../../ui/admin/routing_tab.py" line="42" />
        <source>Grid %1</source>
        <translation>网格 %1</translation>
    </message>
    <message>
        <location filename="../../ui/admin/routing_tab.py" line="46" />
        <source>Everywhere</source>
        <translation>全区</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/startup.py" line="53" />
        <source>Starting the demo sync service… The first start builds the demo district (about half a minute).</source>
        <translation>正在启动演示同步服务…首次启动需生成演示辖区数据（约半分钟）。</translation>
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
        <location filename="../../ui/sync/status_bar.py" line="47" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="73" />
        <source>Log in again</source>
        <translation>需要重新登录</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="76" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="81" />
        <source>Sync delayed</source>
        <translation>同步暂缓</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="84" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="86" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="94" />
        <source>Downloading cases: {n} events…</source>
        <translation>正在下载案卷：已接收 {n} 条记录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="99" />
        <source>{n} pending</source>
        <translation>{n} 条待上传</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="100" />
        <source>Changes saved here, not yet sent to the service</source>
        <translation>已保存在本机、尚未上传到服务端的操作</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="103" />
        <source>{n} refused</source>
        <translation>{n} 条被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="105" />
        <source>{n} held back</source>
        <translation>{n} 条发送受阻</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="119" />
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="123" />
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="131" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="133" />
        <source>{n} min ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <location filename="../../ui/sync/status_bar.py" line="135" />
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
        <location filename="../../ui/map/tiles_dialog.py" line="54" />
        <source>Base map</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="57" />
        <source>None: grid polygons on a plain background</source>
        <translation>无：仅在素色背景上显示网格</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="58" />
        <source>Online tiles (XYZ address)</source>
        <translation>在线瓦片（XYZ 地址）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="59" />
        <source>Offline tiles (MBTiles file)</source>
        <translation>离线瓦片（MBTiles 文件）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="68" />
        <source>Use {z}, {x}, {y} for the tile and {s} for a server letter or digit</source>
        <translation>用 {z}、{x}、{y} 表示瓦片位置，{s} 表示服务器编号</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="73" />
        <source>e.g. © 高德地图</source>
        <translation>例如 © 高德地图</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="77" />
        <source>Online tiles</source>
        <translation>在线瓦片</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="79" />
        <source>Address template:</source>
        <translation>地址模板：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="80" />
        <source>Servers for {s}:</source>
        <translation>{s} 的服务器编号：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="81" />
        <source>Attribution:</source>
        <translation>版权说明：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="82" />
        <source>Deepest zoom with tiles:</source>
        <translation>瓦片最大级别：</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="85" />
        <source>Path of a .mbtiles file</source>
        <translation>.mbtiles 文件路径</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="87" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="93" />
        <source>Offline tiles</source>
        <translation>离线瓦片</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="102" />
        <source>Coordinates are GCJ-02 (most Chinese web maps: 高德/腾讯)</source>
        <translation>坐标为 GCJ-02（国内大多数网络地图：高德/腾讯）</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="105" />
        <source>Grids and cases are shifted to match the tiles; stored points stay WGS-84</source>
        <translation>网格和案件按瓦片偏移显示；存储的坐标仍为 WGS-84</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="114" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="115" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="159" />
        <source>Something went wrong. The details were written to the log.</source>
        <translation>操作失败，详细信息已写入日志。</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="168" />
        <source>Choose an MBTiles file</source>
        <translation>选择 MBTiles 文件</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="170" />
        <source>MBTiles files (*.mbtiles);;All files (*)</source>
        <translation>MBTiles 文件 (*.mbtiles);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="184" />
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="203" />
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="209" />
        <source>Zoom levels {lo}–{hi}</source>
        <translation>缩放级别 {lo}–{hi}</translation>
    </message>
    <message>
        <location filename="../../ui/map/tiles_dialog.py" line="210" />
        <source>Bounds (W, S – E, N): {bounds}</source>
        <translation>范围（西, 南 – 东, 北）：{bounds}</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../ui/detail/timeline.py" line="25" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="26" />
        <source>Who</source>
        <translation>办理人</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="27" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="28" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="29" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="30" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="31" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="98" />
        <source>to {dept}</source>
        <translation>派至 {dept}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="99" />
        <location filename="../../ui/detail/timeline.py" line="101" />
        <source>deadline {at}</source>
        <translation>时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="103" />
        <location filename="../../ui/detail/timeline.py" line="105" />
        <source>until {at}</source>
        <translation>延至 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="107" />
        <source>new deadline {at}</source>
        <translation>新时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="110" />
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="113" />
        <source>failed, rework until {at}</source>
        <translation>不通过，返工，时限 {at}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="116" />
        <source>true</source>
        <translation>属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="116" />
        <source>not true</source>
        <translation>不属实</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="122" />
        <source>to {name}</source>
        <translation>派给 {name}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="124" />
        <source>into another case</source>
        <translation>并入另一案卷</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="127" />
        <source>number {n}</source>
        <translation>案卷号 {n}</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="139" />
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
    <message>
        <location filename="../../ui/detail/timeline.py" line="141" />
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
        <translation>姓名</translation>
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
        <translation>姓名</translation>
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
        <translation>挂账案件</translation>
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
        <location filename="../../ui/cases/labels.py" line="23" />
        <source>New reports</source>
        <translation>新上报案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="24" />
        <source>Awaiting verification</source>
        <translation>待核实</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="25" />
        <source>To close</source>
        <translation>待结案</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="26" />
        <source>Extension requests</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="27" />
        <source>Suspension requests</source>
        <translation>挂账申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="28" />
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="29" />
        <source>Returned (to reassign)</source>
        <translation>回退待改派</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="30" />
        <source>Suspended</source>
        <translation>挂账案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="31" />
        <source>Overdue board</source>
        <translation>超期督办</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="32" />
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="33" />
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="34" />
        <source>My pending requests</source>
        <translation>我的待批申请</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="35" />
        <source>Supervised cases</source>
        <translation>督办案件</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="36" />
        <source>All cases</source>
        <translation>全部案卷</translation>
    </message>
</context>
</TS>