"""What the desktop client's ``--help`` says, in Chinese first and English after.

The client is what an operator starts, so its help answers what they ask first:
what starts without options (the embedded demo), which users the demo has, where
its data lives (the folder, ``GRIDAPP_DATA_DIR``), and how to make the monthly
report from it (the toolbar button, or ``gridapp report --demo``). The folder shown
is this computer's own, as the client will use it.
"""

from __future__ import annotations

from gridapp.paths import DATA_DIR_ENV, user_data_dir

DESCRIPTION = """\
gridapp 网格化城市管理桌面客户端 / desktop client for urban grid management.

不带参数启动时使用内置演示服务（淄博市周村区，六个月的案卷，各角色齐全）；
用 --server 或环境变量 GRIDAPP_SERVER 连接正式的同步服务。
Without options it runs on the embedded demo service (淄博市周村区, six months of
cases, every role); --server or GRIDAPP_SERVER connects to a real sync service."""


def epilog() -> str:
    folder = user_data_dir()
    return f"""\
数据目录 / data folder (this computer):
  {folder}
  演示库（首次启动时生成）/ demo store (built on first start):
    {folder / "demo" / "central.db"}
  本机案卷库 / client stores:  {folder / "clients"}
  另选目录 / another folder:  --data-dir，或环境变量 / or the variable {DATA_DIR_ENV}

演示账号（密码 demo1234）/ demo users (password demo1234):
  wg001 网格员, shouli 受理员, zhiban 值班长, paiqian 派遣员, bm-d02 专业部门,
  ducha 督查员, admin 系统管理员

月度考评报告 / the monthly report:
  以督查员、值班长、派遣员或管理员登录，点工具栏“月度考评报告”，选择月份和区域后
  点“生成”，再“保存 PDF…”、“保存 Excel…”或“打印…”。
  Log in as supervisor, shift lead, dispatcher or admin: toolbar "Monthly report",
  choose the month and region, Generate, then Save PDF…, Save Excel… or Print….
  命令行 / from the command line:  gridapp report --demo --out 月报.pdf --xlsx 月报.xlsx
  （安装包中为 gridapp-cli report … / in the bundle: gridapp-cli report …）

示例（源码目录中用 python main.py 代替 gridapp）/ examples (python main.py in a checkout):
  gridapp --user ducha --password demo1234      直接以督查员登录 / log in as the supervisor
  gridapp --lang en                             英文界面 / English interface
  gridapp --server https://grid.example.gov.cn  连接同步服务 / use a sync service"""
