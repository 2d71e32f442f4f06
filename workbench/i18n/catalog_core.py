"""Messages of the app shell: navigation, sidebar, workspaces, common words, store errors."""

MESSAGES = {
    # navigation and page titles
    "nav.data": ("数据", "Data"),
    "nav.segments": ("客户分层", "Segments"),
    "nav.journey": ("客户旅程", "Journey"),
    "nav.value_gap": ("价值差距", "Value gap"),
    "nav.roadmap": ("路线图", "Roadmap"),
    "nav.scenarios": ("情景模拟", "Scenarios"),
    "nav.report": ("报告", "Report"),
    "data.title": ("数据导入与概览", "Data import and profile"),
    "segments.title": ("客户分层与客户终身价值", "Segments and customer lifetime value"),
    "journey.title": ("客户旅程地图", "Customer journey maps"),
    "value_gap.title": ("价值差距分析", "Value-gap analysis"),
    "roadmap.title": ("战略实施路线图", "Strategy roadmap"),
    "scenarios.title": ("情景模拟", "What-if scenarios"),
    "report.title": ("Excel 报告", "Excel report"),
    "app.present.enter": ("演示模式", "Present"),
    "app.present.exit": ("退出演示", "Exit presentation"),
    # sidebar
    "app.language": ("语言", "Language"),
    "app.workspace": ("工作区", "Workspace"),
    "app.workspace.current": ("当前工作区", "Current workspace"),
    "app.workspace.manage": ("管理工作区", "Manage workspaces"),
    "app.workspace.action": ("操作", "Action"),
    "app.workspace.action.create": ("新建", "Create"),
    "app.workspace.action.rename": ("重命名", "Rename"),
    "app.workspace.action.duplicate": ("复制", "Duplicate"),
    "app.workspace.action.delete": ("删除", "Delete"),
    "app.workspace.new_name": ("名称", "Name"),
    "app.workspace.delete_warning": (
        "删除工作区「{name}」将永久删除其中的全部数据、旅程地图、路线图和情景，无法恢复。",
        "Deleting workspace “{name}” permanently removes all its data, journey maps, roadmap and scenarios. "
        "This cannot be undone.",
    ),
    "app.workspace.delete_confirm": ("输入「{name}」以确认删除", "Type “{name}” to confirm"),
    "app.workspace.done.create": ("已新建工作区「{name}」。", "Workspace “{name}” created."),
    "app.workspace.done.rename": ("已重命名为「{name}」。", "Renamed to “{name}”."),
    "app.workspace.done.duplicate": ("已复制为「{name}」。", "Duplicated as “{name}”."),
    "app.workspace.done.delete": ("已删除工作区「{name}」。", "Workspace “{name}” deleted."),
    "app.workspace.pick": ("选择工作区", "Choose a workspace"),
    "app.workspace.not_found": (
        "找不到链接中的工作区「{name}」，因此没有打开任何工作区。请在左侧边栏选择一个。",
        "The workspace “{name}” named in the link was not found, so none is open. Choose one in the sidebar.",
    ),
    "app.workspace.restore_demo": ("恢复演示工作区", "Restore the demo workspace"),
    "app.workspace.restoring_demo": ("正在用示例数据重建演示工作区…", "Rebuilding the demo workspace from the sample data…"),
    "app.no_workspace": (
        "还没有工作区。请在左侧边栏「管理工作区」中新建一个。",
        "There is no workspace yet. Create one under “Manage workspaces” in the sidebar.",
    ),
    # common
    "common.planned": ("此视图尚在开发中，下面是它将提供的功能。", "This view is being built; here is what it will offer."),
    # store errors
    "store.error.name_empty": ("工作区名称不能为空。", "The workspace name cannot be empty."),
    "store.error.name_too_long": ("工作区名称最长 {max} 个字符。", "Workspace names are at most {max} characters."),
    "store.error.name_invalid": (
        "名称「{name}」不可用：只能包含文字、数字、空格和 - _ ( ) .，且须以文字或数字开头。",
        "“{name}” cannot be used: names may contain letters, digits, spaces and - _ ( ) ., and must start "
        "with a letter or digit.",
    ),
    "store.error.exists": ("工作区「{name}」已存在。", "A workspace named “{name}” already exists."),
    # number formats shared by every view (workbench/formatting.py)
    "fmt.money_big": ("{symbol}{amt}万", "{symbol}{amt}M"),
    "core.error.bad_currency": ("不支持的货币代码「{code}」，可选：{allowed}。",
                                "Unknown currency code “{code}”; choose one of {allowed}."),
    "store.error.not_found": ("找不到工作区「{name}」。", "Workspace “{name}” was not found."),
    "store.error.busy": (
        "工作区「{name}」正被另一个进程（多半是正在运行的应用）占用，请先停止它。（{detail}）",
        "Workspace “{name}” is in use by another process (most likely the running app): stop it first. ({detail})",
    ),
    "store.error.cannot_open": (
        "无法打开工作区「{name}」：{detail}",
        "Workspace “{name}” cannot be opened: {detail}",
    ),
    "store.error.newer_schema": (
        "工作区「{name}」由更新版本的工作台创建（结构版本 {found}，本版本最高支持 {supported}）。请升级工作台后再打开。",
        "Workspace “{name}” was made by a newer release of the workbench (schema version {found}; this "
        "release supports up to {supported}). Upgrade the workbench to open it.",
    ),
    "initiatives.error.title_empty": ("举措名称不能为空。", "An initiative needs a title."),
    "initiatives.error.bad_source": ("未知的举措来源：{kind}", "Unknown initiative source: {kind}"),
    # planned views (later issues)
    "value_gap.intro": (
        "感知价值 = 顾客利益 − 顾客成本：按属性比较重要性、期望、实际表现与竞争对手，找出最值得投入的差距。",
        "Perceived value = customer benefits − customer costs: compare importance, expectation, performance "
        "and competitors per attribute to find the gaps most worth closing.",
    ),
    "roadmap.intro": (
        "把洞察变为行动：按短期（0–6 个月）、中期（6–18）、长期（18–36）规划举措、预算与人力。",
        "Turn insight into action: plan initiatives, budget and headcount in short (0–6 months), mid "
        "(6–18) and long (18–36) term phases.",
    ),
    "scenarios.intro": (
        "基于你的数据建立基线，拖动杠杆，查看 36 个月内收入、利润与客户终身价值的变化。",
        "Build a baseline from your data, move the levers and see revenue, profit and CLV change over up to "
        "36 months.",
    ),
    "scenarios.planned": (
        "- 按客群的基线：客户数、留存、频次、客单价、毛利\n- 杠杆：留存、频次、客单价、获客、成本、折现率\n"
        "- 情景对比、投资回报率与回收期、敏感性分析\n- 路线图举措在落地月份起生效",
        "- Baseline per segment: customers, retention, frequency, order value, margin\n- Levers: retention, "
        "frequency, order value, acquisition, cost, discount rate\n- Scenarios side by side, ROI and payback, "
        "sensitivity\n- Roadmap initiatives take effect from the month they land",
    ),
    "report.intro": (
        "生成一份可直接转发的 Excel 工作簿：关键指标、客户分层、旅程地图、价值差距、路线图和情景。",
        "Produce one Excel workbook a manager can forward: KPIs, segments, journey maps, value gaps, roadmap "
        "and scenarios.",
    ),
    "report.planned": (
        "- 原生 Excel 图表、冻结表头、合适列宽\n- 中英文两种语言\n- 各客群成员名单（CSV / Excel），可导入 CRM",
        "- Native Excel charts, frozen headers, sensible widths\n- Chinese and English\n- Member lists per "
        "segment (CSV / Excel) for CRM tools",
    ),
}
