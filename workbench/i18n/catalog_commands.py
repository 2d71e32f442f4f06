"""Messages of the command line (``python -m workbench``): results, user errors and the one-line bug notice."""

MESSAGES = {
    # every error line on stderr
    "commands.error": ("错误：{message}", "error: {message}"),
    "commands.warning": ("警告：{message}", "warning: {message}"),
    "commands.note": ("提示：{message}", "note: {message}"),
    "commands.interrupted": ("已中断。", "interrupted."),
    # a workspace the command needs is not there: say where it looked and how to make one
    "commands.error.not_found": (
        "在 {home} 中找不到工作区「{name}」。查看已有工作区：python -m workbench workspaces list；"
        "新建：python -m workbench workspaces create {quoted}",
        "Workspace “{name}” was not found in {home}. List the workspaces with `python -m workbench workspaces "
        "list`, or create it with `python -m workbench workspaces create {quoted}`.",
    ),
    "commands.error.not_found_listed": (
        "在 {home} 中找不到工作区「{name}」。查看已有工作区：python -m workbench workspaces list",
        "Workspace “{name}” was not found in {home}. `python -m workbench workspaces list` lists the workspaces "
        "there are.",
    ),
    "commands.error.not_found_import": (
        "在 {home} 中找不到工作区「{name}」。加上 --create 可在导入时新建，或先新建：python -m workbench "
        "workspaces create {quoted}",
        "Workspace “{name}” was not found in {home}. Add --create to create it with this import, or create it "
        "first with `python -m workbench workspaces create {quoted}`.",
    ),
    "commands.error.delete_needs_yes": (
        "删除会永久移除工作区「{name}」的全部数据。确认删除请加上 --yes：python -m workbench workspaces delete "
        "{quoted} --yes",
        "Deleting removes workspace “{name}” and all its data for good. Add --yes to confirm: "
        "`python -m workbench workspaces delete {quoted} --yes`.",
    ),
    "commands.error.demo_exists": (
        "演示工作区「{name}」已存在。如需用示例数据重建，请先删除：python -m workbench workspaces delete {name} --yes",
        "The demo workspace “{name}” already exists. To rebuild it from the sample data, delete it first: "
        "`python -m workbench workspaces delete {name} --yes`.",
    ),
    "commands.error.file": (
        "无法读写「{path}」：{reason}",
        "Cannot read or write “{path}”: {reason}",
    ),
    # exit status 1: one line, never a traceback on the terminal
    "commands.error.bug": (
        "这是工作台的程序错误，不是您的操作问题（{error}）。详情已写入 {log}；加上 --debug 重新运行可在终端查看。",
        "This is a bug in the workbench, not something you did ({error}). The details are in {log}; run again "
        "with --debug to see them here.",
    ),
    "commands.error.bug_no_log": (
        "这是工作台的程序错误，不是您的操作问题（{error}）。详情无法写入日志；加上 --debug 重新运行可在终端查看。",
        "This is a bug in the workbench, not something you did ({error}). The details could not be logged; run "
        "again with --debug to see them here.",
    ),
    # results of `workspaces` (rename, duplicate and delete reuse the sidebar's app.workspace.done.* texts)
    "commands.workspaces.none": ("{home} 中还没有工作区。", "There is no workspace in {home} yet."),
    "commands.workspaces.created": (
        "已新建工作区「{name}」（金额单位 {currency}）：{path}",
        "Workspace “{name}” created (amounts in {currency}): {path}",
    ),
    "commands.workspaces.kept": (
        "工作区「{name}」已存在（金额单位 {currency}），未作更改。",
        "Workspace “{name}” already exists (amounts in {currency}); nothing changed.",
    ),
    "commands.workspaces.demo_built": (
        "已用示例数据建立演示工作区「{name}」：{path}",
        "Demo workspace “{name}” built from the sample data: {path}",
    ),
    "commands.segments.written": (
        "已将 {count} 位客户写入 {path}，用时 {seconds} 秒",
        "{count} {count:plural:customer|customers} written to {path} in {seconds} s",
    ),
    "commands.report.written": (
        "报告已写入 {path}：{sheets} 个工作表（{sections}），用时 {seconds} 秒",
        "Report written to {path}: {sheets} {sheets:plural:sheet|sheets} ({sections}) in {seconds} s",
    ),
}
