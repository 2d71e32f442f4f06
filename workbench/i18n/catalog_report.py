"""Messages of the Excel report: its sheets, the Report page, the report command and member-list files."""

MESSAGES = {
    # sections (the page's choices and the cover's contents)
    "report.section.cover": ("封面与目录", "Cover and contents"),
    "report.section.kpis": ("关键指标", "Summary KPIs"),
    "report.section.segments": ("客户分层与客户终身价值", "Segments and lifetime value"),
    "report.section.journeys": ("客户旅程地图", "Journey maps"),
    "report.section.traceability": ("举措溯源", "Traceability"),
    "report.list_sep": ("、", ", "),
    # the workbook
    "report.author": ("客户价值策略工作台", "Customer Value Strategy Workbench"),
    "report.footer": ("客户价值策略报告 · {workspace} · {date}", "Customer value strategy report · {workspace} · {date}"),
    "report.footer_client": ("客户价值策略报告 · {client} · {date}", "Customer value strategy report · {client} · {date}"),
    "report.cover.sheet": ("封面", "Cover"),
    "report.cover.title": ("客户价值策略报告", "Customer value strategy report"),
    "report.cover.workspace": ("工作区", "Workspace"),
    "report.cover.client": ("客户", "Client"),
    "report.cover.date": ("报告日期", "Report date"),
    "report.cover.language": ("语言", "Language"),
    "report.cover.period": ("数据期间", "Data period"),
    "report.cover.period_value": ("{start} 至 {end}", "{start} to {end}"),
    "report.cover.no_data": ("尚无订单数据", "No orders yet"),
    "report.cover.customers": ("有购买记录的客户", "Customers with purchases"),
    "report.cover.currency": ("货币", "Currency"),
    "report.cover.how_to_read": (
        "金额单位为 {currency}，未换算；百分比为占全部客户或全部收入的比例；「–」表示数据不足以计算该指标。"
        "报告中的每个数字与工作台页面上显示的一致。",
        "Amounts are in {currency}, as imported (nothing converted); percentages are shares of all customers "
        "or of all revenue; “–” marks a figure the data cannot give. Every figure is the one the workbench "
        "shows on screen.",
    ),
    "report.cover.contents": ("目录", "Contents"),
    "report.cover.col_section": ("内容", "Section"),
    "report.cover.col_sheet": ("工作表", "Sheet"),
    "report.cover.skipped": ("未包含（尚无数据）：{sections}", "Not included (no data yet): {sections}"),
    # summary KPIs
    "report.kpis.sheet": ("关键指标", "KPIs"),
    "report.kpis.title": ("关键指标（全部客户）", "Summary KPIs (all customers)"),
    "report.kpis.period": (
        "期间：{start} 至 {end}（数据中最后 365 天，与「客户分层」页面默认期间一致）。",
        "Period: {start} to {end} (the last 365 days of data, the Segments page's default period).",
    ),
    "report.kpis.col_kpi": ("指标", "Indicator"),
    "report.kpis.col_value": ("数值", "Value"),
    "report.kpis.cohorts": ("按首购月份的留存", "Retention by first-purchase month"),
    "report.kpis.cohorts_note": (
        "每行是同一个月首次购买的客户，各列为之后第 N 个月仍有购买的比例；空白表示尚未到该月。",
        "Each row is the customers who first bought in one month; each column the share still buying N months "
        "later. Blank: that month has not come yet.",
    ),
    "report.kpis.col_cohort": ("首购月份", "First purchase"),
    "report.kpis.col_cohort_size": ("客户数", "Customers"),
    "report.kpis.col_month": ("第 {n} 月", "Month {n}"),
    # segments
    "report.segments.total": ("合计", "Total"),
    "report.segments.sizes": ("各客群客户数", "Customers per segment"),
    "report.segments.rfm_axes": ("横向：{r}；纵向：{f}。", "Across: {r}; down: {f}."),
    "report.segments.f_by_r": ("F \\ R", "F \\ R"),
    "report.segments.lorenz_data": ("洛伦兹曲线数据", "Lorenz curve data"),
    "report.segments.band": ("区间", "Band"),
    # journey maps
    "report.journey.corner": ("泳道 \\ 阶段", "Lane \\ stage"),
    "report.journey.caption": ("{stages} 个阶段；情绪 −2（很负面）至 +2（很正面）。",
                               "{stages} stages; emotion from −2 (very negative) to +2 (very positive)."),
    "report.journey.chart": ("情绪曲线：现状与目标", "Emotion curve: as is and to be"),
    "report.journey.persona": ("客户画像", "Persona"),
    "report.journey.figures": ("关联客群的指标", "Figures of the linked segment"),
    "report.journey.segment": ("客群", "Segment"),
    # traceability
    "report.trace.sheet": ("举措溯源", "Traceability"),
    "report.trace.title": ("举措溯源：每项举措来自哪个洞察", "Traceability: the insight behind each initiative"),
    "report.trace.caption": ("共 {n} 项举措；客群类来源显示该客群当前的规模与收入占比。",
                             "{n} initiatives; for a segment, its size and revenue share now."),
    "report.trace.by_hand": ("手动添加", "Added by hand"),
    "report.trace.source.none": ("手动", "By hand"),
    "report.trace.source.segment": ("客群", "Segment"),
    "report.trace.source.journey_pain": ("旅程痛点", "Journey pain point"),
    "report.trace.source.journey_opportunity": ("旅程改进机会", "Journey opportunity"),
    "report.trace.source.value_gap": ("价值差距", "Value gap"),
    "report.trace.status.idea": ("设想", "Idea"),
    "report.trace.status.planned": ("已计划", "Planned"),
    "report.trace.status.in_progress": ("进行中", "In progress"),
    "report.trace.status.done": ("已完成", "Done"),
    "report.trace.col.id": ("编号", "ID"),
    "report.trace.col.title": ("举措", "Initiative"),
    "report.trace.col.source": ("来源", "Source"),
    "report.trace.col.insight": ("来源洞察", "Insight"),
    "report.trace.col.customers": ("客群客户数", "Segment customers"),
    "report.trace.col.revenue_share": ("客群收入占比", "Segment revenue share"),
    "report.trace.col.target": ("目标客群", "Target segment"),
    "report.trace.col.owner": ("负责人", "Owner"),
    "report.trace.col.status": ("状态", "Status"),
    # progress
    "report.progress.checking": ("正在检查哪些内容有数据…", "Checking which sections have data…"),
    "report.progress.section": ("正在写入：{section}…", "Writing {section}…"),
    "report.progress.saving": ("正在保存工作簿…", "Saving the workbook…"),
    "report.progress.done": ("报告已生成。", "The report is ready."),
    # the page
    "report.page.sections": ("包含的内容", "Sections to include"),
    "report.page.no_data": ("尚无数据", "no data yet"),
    "report.page.client": ("客户名称（显示在封面）", "Client name (shown on the cover)"),
    "report.page.client_hint": ("例如：某某咖啡连锁", "e.g. Northwind Coffee"),
    "report.page.lang": ("报告语言", "Report language"),
    "report.page.build": ("生成报告", "Build the report"),
    "report.page.download": ("下载报告（.xlsx）", "Download the report (.xlsx)"),
    "report.page.ready": ("报告已生成：{sections} 项内容，{sheets} 个工作表。", "Report ready: {sections} sections, {sheets} sheets."),
    "report.page.stale": ("所选内容已更改，请重新生成报告。", "The choices changed since the report was built: build it again."),
    "report.page.pick_one": ("请至少选择一项有数据的内容。", "Choose at least one section that has data."),
    "report.page.skipped": ("未包含（尚无数据）：{sections}", "Not included (no data yet): {sections}"),
    "report.page.member_lists": (
        "各客群的成员名单（CSV 或 Excel）在「客户分层」页面各分群下方下载，报告中只含汇总数据。",
        "Member lists per segment (CSV or Excel) are downloaded on the Segments page under each segmentation; "
        "the report holds aggregates only.",
    ),
    # member lists
    "report.members.xlsx": ("Excel（.xlsx）", "Excel (.xlsx)"),
    "report.members.xlsx_help": ("同一份名单的 Excel 工作簿：客户编号按原样写为文本。",
                                 "The same list as an Excel workbook: customer ids written as text, exactly as imported."),
    "report.members.split": (
        "该名单有 {n} 行，超过 Excel 单个工作表的上限（{limit} 行），Excel 文件将分成 {sheets} 个工作表，每个都带表头，不遗漏任何客户。",
        "This list has {n} rows, more than one Excel sheet holds ({limit}): the Excel file splits it across "
        "{sheets} sheets, each with the header, so no customer is left out.",
    ),
    # errors
    "report.error.unknown_section": ("未知的报告内容：{name}。可选：{allowed}。", "Unknown report section: {name}. Choose from {allowed}."),
    "report.error.no_sections": ("没有选择任何报告内容。可选：{allowed}。", "No report section was chosen. Choose from {allowed}."),
    "report.error.bad_extension": ("报告文件必须以 .xlsx 结尾：{path}", "The report file must end in .xlsx: {path}"),
    "report.error.unwritable": ("无法写入报告文件 {path}：{detail}", "The report cannot be written to {path}: {detail}"),
    "report.error.is_folder": ("这是一个文件夹", "it is a folder"),
    "report.error.no_folder": ("所在文件夹不存在", "its folder does not exist"),
    "report.error.no_access": ("没有写入权限", "no permission to write there"),
    "report.error.bad_lang": ("不支持的语言「{lang}」，可选：{allowed}。", "Unknown language “{lang}”; choose one of {allowed}."),
    "report.error.nothing_to_write": (
        "所选内容都还没有数据，没有可写入的工作表。请先导入数据或选择其他内容。",
        "None of the chosen sections has data yet, so there is nothing to write: import data or choose other "
        "sections.",
    ),
}
