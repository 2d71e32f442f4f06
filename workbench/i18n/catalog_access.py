"""Messages of the access gate (ui/access.py) and of ``python -m workbench serve``."""

MESSAGES = {
    "access.title": ("客户价值策略工作台", "Customer Value Workbench"),
    "access.intro": (
        "此工作台正在与会场共享。请输入主持人提供的访问码。",
        "This workbench is shared with the room. Enter the access code the presenter gives you.",
    ),
    "access.code": ("访问码", "Access code"),
    "access.enter": ("进入", "Enter"),
    "access.wrong": ("访问码不正确。还可再试 {tries} 次，之后需要等待。",
                     "That is not the access code. {tries} more tries before a wait."),
    "access.locked": ("错误次数过多。请在 {seconds} 秒后再试。",
                      "Too many wrong codes. Try again in {seconds} seconds."),
    "access.host_refused": (
        "打开本页所用的名称不是本机，因此拒绝访问。请用本机自己的地址打开工作台，例如 localhost。",
        "The name this page was opened under is not this machine's, so the request was refused. Open the "
        "workbench at this machine's own address, such as localhost.",
    ),
    "access.no_code": (
        "服务器正在网络上监听，但没有设置访问码，因此不显示任何内容。请用 bash scripts/run.sh --share 启动，"
        "或设置 WORKBENCH_ACCESS_CODE（至少 6 个字母或数字）。",
        "The server listens on the network but no access code is set, so nothing is shown. Start it with "
        "bash scripts/run.sh --share, or set WORKBENCH_ACCESS_CODE (at least 6 letters or digits).",
    ),
    "access.error.code_too_short": (
        "访问码至少需要 {min} 个字母或数字（空格和短横线不计）。",
        "The access code needs at least {min} letters or digits (spaces and dashes do not count).",
    ),
    # python -m workbench serve
    "serve.local": ("仅本机可访问：{url}", "This machine only: {url}"),
    "serve.shared": ("与会场共享，参会者打开：{urls}", "Shared with the room; participants open: {urls}"),
    "serve.code_generated": ("本次访问码：{code}（仅显示这一次）", "Access code for this run: {code} (shown only here)"),
    "serve.code_set": ("访问码：WORKBENCH_ACCESS_CODE 中设置的那个", "Access code: the one set in WORKBENCH_ACCESS_CODE"),
    "serve.error.no_terminal": (
        "没有终端可显示生成的访问码（输出已重定向）。请设置 WORKBENCH_ACCESS_CODE 后再共享。",
        "There is no terminal to show a generated access code on (the output is redirected). Set "
        "WORKBENCH_ACCESS_CODE to share.",
    ),
}
