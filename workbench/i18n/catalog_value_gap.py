"""Messages of the value-gap analysis (价值差距分析)."""

MESSAGES = {
    # tabs and page controls
    "value_gap.tab.gaps": ("差距与优先级", "Gaps and priority"),
    "value_gap.tab.ipa": ("重要性–表现", "Importance–performance"),
    "value_gap.tab.derived": ("陈述 vs 推导重要性", "Stated vs derived"),
    "value_gap.tab.competitors": ("竞品对标", "Competitors"),
    "value_gap.tab.kano": ("Kano 分类", "Kano"),
    "value_gap.tab.value": ("感知价值与价值层", "Perceived value and layers"),
    "value_gap.tab.attributes": ("属性与研讨会", "Attributes and workshop"),
    "value_gap.by": ("客群划分", "Segments from"),
    "value_gap.by.none": ("不细分（全部受访者）", "No split (all respondents)"),
    "value_gap.by.survey": ("问卷中的客群", "The survey's own segments"),
    "value_gap.segment": ("显示", "Show"),
    "value_gap.segment.all": ("全部受访者", "All respondents"),
    "value_gap.respondents": ("{n} 位受访者 · 评分量表 {low}–{high}", "{n} respondents · rating scale {low}–{high}"),
    "value_gap.crosshair": ("十字线位置", "Cross-hairs at"),
    "value_gap.crosshair.mean": ("均值", "Mean"),
    "value_gap.crosshair.median": ("中位数", "Median"),
    "value_gap.crosshair.midpoint": ("量表中点", "Scale midpoint"),
    "value_gap.crosshair.value": ("自定义值", "Typed value"),
    "value_gap.crosshair_value": ("十字线数值", "Cross-hair value"),
    "value_gap.crosshair_line": (
        "十字线：表现 {perf}，重要性 {imp}。恰好落在线上的属性算作“高”。",
        "Cross-hairs: performance {perf}, importance {imp}. An attribute exactly on a line counts as high.",
    ),
    "value_gap.method": ("推导方法", "Method"),
    "value_gap.method.relative_weights": ("相对权重（Johnson 2000）", "Relative weights (Johnson 2000)"),
    "value_gap.method.correlation": ("相关系数", "Correlation"),
    "value_gap.overall": ("总体指标", "Overall measure"),
    "value_gap.overall.auto": ("自动（标记的总体属性，否则 CSAT，否则 NPS）",
                               "Automatic (the marked overall attribute, else CSAT, else NPS)"),
    "value_gap.overall.attribute": ("问卷中的总体满意度属性", "The survey's overall-satisfaction attribute"),
    "value_gap.overall.csat": ("客户表中的 CSAT", "CSAT from the customers table"),
    "value_gap.overall.nps": ("客户表中的 NPS", "NPS from the customers table"),
    "value_gap.band": ("M > O > A > I 规则的容差（百分点）", "Band for the M > O > A > I rule (points)"),
    "value_gap.layer_model": ("价值层模型", "Value-layer model"),
    "value_gap.layer_model.three": ("三层：基础 / 增值 / 差异化", "Three: basic / value-added / differentiation"),
    "value_gap.layer_model.four": ("四层：基础 / 体验 / 情感 / 生态", "Four: basic / experience / emotion / ecosystem"),
    "value_gap.us": ("我们", "Us"),
    "value_gap.competitor.survey": ("主要竞品（问卷）", "Main competitor (survey)"),
    "value_gap.differences": ("客群差异最大的属性", "Where segments differ most"),
    "value_gap.derived.line": (
        "{method} · 总体指标：{source} · R² = {r2} · 使用 {used} 位受访者，{dropped} 位因评分缺失未计入",
        "{method} · overall measure: {source} · R² = {r2} · {used} respondents used, {dropped} dropped for "
        "missing ratings",
    ),
    "value_gap.disagreements": ("两种重要性不一致：{names}", "Stated and derived importance disagree: {names}"),
    "value_gap.leads": ("领先：{names}", "We lead on: {names}"),
    "value_gap.trails": ("落后：{names}", "We trail on: {names}"),
    # initiative
    "value_gap.initiative.pick": ("把差距转为举措", "Turn a gap into an initiative"),
    "value_gap.initiative.create": ("创建举措", "Create initiative"),
    "value_gap.initiative.title": ("缩小差距：{attribute}", "Close the gap: {attribute}"),
    "value_gap.initiative.description": (
        "{segment}：{attribute} 的表现比期望低 {gap}（优先级 {priority}）。",
        "{segment}: {attribute} performs {gap} against expectation (priority {priority}).",
    ),
    "value_gap.initiative.kpi": ("{attribute} 的表现评分", "Performance rating of {attribute}"),
    # attribute editors
    "value_gap.edit.survey": ("问卷属性：研讨会补充的信息", "Survey attributes: what the room adds"),
    "value_gap.edit.survey_hint": (
        "评分来自问卷，这里补充显示名称、价值维度、价值层、手动 Kano 分类、总体指标和竞品评分。修改即时保存。",
        "Ratings come from the survey; add a display name, value dimension, layer, a hand-set Kano category, "
        "the overall measure and competitors' ratings here. Edits are saved as you make them.",
    ),
    "value_gap.edit.typed": ("研讨会录入的属性", "Attributes typed in the workshop"),
    "value_gap.edit.typed_hint": (
        "没有问卷数据的属性：在研讨会上直接打分（与问卷同一量表）。可增删行。",
        "Attributes with no survey data: score them in the room (on the survey's scale). Add or delete rows.",
    ),
    "value_gap.edit.competitors": ("其他竞品（逗号分隔）", "Other competitors (comma-separated)"),
    "value_gap.edit.survey_competitor": ("问卷中竞品的名称", "Name of the survey's competitor"),
    "value_gap.edit.save_names": ("保存竞品名称", "Save competitor names"),
    "value_gap.edit.saved": ("已保存。", "Saved."),
    "value_gap.reload": ("载入最新版本", "Load the latest version"),
    # columns
    "value_gap.col.rank": ("排名", "Rank"),
    "value_gap.col.segment": ("客群", "Segment"),
    "value_gap.col.attribute": ("属性", "Attribute"),
    "value_gap.col.origin": ("来源", "Source"),
    "value_gap.col.importance": ("重要性", "Importance"),
    "value_gap.col.expectation": ("期望", "Expectation"),
    "value_gap.col.performance": ("表现", "Performance"),
    "value_gap.col.gap": ("差距", "Gap"),
    "value_gap.col.ci": ("95% 置信区间", "95% interval"),
    "value_gap.col.n": ("人数", "n"),
    "value_gap.col.priority": ("优先级", "Priority"),
    "value_gap.col.status": ("状态", "Status"),
    "value_gap.col.initiative": ("已有举措", "Initiative"),
    "value_gap.col.quadrant": ("象限", "Quadrant"),
    "value_gap.col.category": ("分类", "Category"),
    "value_gap.col.rule": ("判定方式", "Decided by"),
    "value_gap.col.manual": ("手动分类", "Set by hand"),
    "value_gap.col.total_strength": ("总强度", "Total strength"),
    "value_gap.col.category_strength": ("类别强度", "Category strength"),
    "value_gap.col.fong": ("Fong 检验", "Fong's test"),
    "value_gap.col.stated": ("陈述重要性", "Stated importance"),
    "value_gap.col.stated_rank": ("陈述排名", "Stated rank"),
    "value_gap.col.derived": ("推导重要性", "Derived importance"),
    "value_gap.col.derived_rank": ("推导排名", "Derived rank"),
    "value_gap.col.disagree": ("是否矛盾", "Disagree"),
    "value_gap.col.ours": ("我们", "Us"),
    "value_gap.col.best": ("最强竞品", "Best competitor"),
    "value_gap.col.best_rating": ("竞品评分", "Its rating"),
    "value_gap.col.gap_to_best": ("与最强竞品差距", "Gap to the best"),
    "value_gap.col.position": ("位置", "Position"),
    "value_gap.col.layer": ("价值层", "Value layer"),
    "value_gap.col.attributes": ("属性数", "Attributes"),
    "value_gap.col.shortfalls": ("不足项", "Shortfalls"),
    "value_gap.col.measure": ("指标", "Measure"),
    "value_gap.col.highest": ("最高客群", "Highest"),
    "value_gap.col.lowest": ("最低客群", "Lowest"),
    "value_gap.col.spread": ("差距幅度", "Spread"),
    "value_gap.col.dimension": ("价值维度", "Value dimension"),
    "value_gap.col.display_name": ("显示名称", "Display name"),
    "value_gap.col.is_overall": ("总体指标", "Overall measure"),
    "value_gap.col.name": ("属性名称", "Attribute name"),
    "value_gap.col.kano_category": ("Kano（手动）", "Kano (by hand)"),
    # axes
    "value_gap.axis.gap": ("差距（表现 − 期望）", "Gap (performance − expectation)"),
    "value_gap.axis.performance": ("表现", "Performance"),
    "value_gap.axis.importance": ("重要性", "Importance"),
    "value_gap.axis.stated": ("陈述重要性（受访者评分均值）", "Stated importance (respondents' mean)"),
    "value_gap.axis.derived": ("推导重要性", "Derived importance"),
    "value_gap.axis.rating": ("表现评分", "Performance rating"),
    "value_gap.axis.better": ("Better 系数 CS+（满足时提升满意）", "Better CS+ (satisfaction when present)"),
    "value_gap.axis.worse": ("|Worse 系数 CS−|（缺失时引起不满）", "|Worse CS−| (dissatisfaction when absent)"),
    "value_gap.axis.score": ("得分（评分量表）", "Score (rating scale)"),
    # values
    "value_gap.status.shortfall": ("不足", "Shortfall"),
    "value_gap.status.on_par": ("持平", "On par"),
    "value_gap.status.surplus": ("超出（可能过度）", "Surplus (possible overkill)"),
    "value_gap.status.incomplete": ("评分不全", "Ratings missing"),
    "value_gap.quadrant.concentrate": ("重点改进", "Concentrate here"),
    "value_gap.quadrant.keep_up": ("继续保持", "Keep up the good work"),
    "value_gap.quadrant.low_priority": ("低优先级", "Low priority"),
    "value_gap.quadrant.overkill": ("可能过度投入", "Possible overkill"),
    "value_gap.compare.agree": ("一致", "Agree"),
    "value_gap.compare.disagree": ("矛盾", "Disagree"),
    "value_gap.kano.a": ("欣喜需求 A", "Attractive A"),
    "value_gap.kano.o": ("期望需求 O", "One-dimensional O"),
    "value_gap.kano.m": ("基础需求 M", "Must-be M"),
    "value_gap.kano.i": ("无差异需求 I", "Indifferent I"),
    "value_gap.kano.r": ("反向需求 R", "Reverse R"),
    "value_gap.kano.q": ("可疑回答 Q", "Questionable Q"),
    "value_gap.rule.mode": ("最多", "Most frequent"),
    "value_gap.rule.moai": ("M>O>A>I 规则", "M>O>A>I rule"),
    "value_gap.rule.hand": ("手动设定", "Set by hand"),
    "value_gap.rule.none": ("无回答", "No answers"),
    "value_gap.fong.yes": ("显著", "Significant"),
    "value_gap.fong.no": ("不显著", "Not significant"),
    "value_gap.position.lead": ("领先", "Lead"),
    "value_gap.position.level": ("持平", "Level"),
    "value_gap.position.trail": ("落后", "Trail"),
    "value_gap.origin.survey": ("问卷", "Survey"),
    "value_gap.origin.typed": ("研讨会", "Workshop"),
    "value_gap.value.benefits": ("顾客利益", "Benefits"),
    "value_gap.value.costs": ("顾客成本", "Costs"),
    "value_gap.value.perceived_value": ("感知价值", "Perceived value"),
    "value_gap.layer.basic": ("基础层", "Basic"),
    "value_gap.layer.value_added": ("增值层", "Value-added"),
    "value_gap.layer.differentiation": ("差异化层", "Differentiation"),
    "value_gap.layer.experience": ("体验层", "Experience"),
    "value_gap.layer.emotion": ("情感层", "Emotion"),
    "value_gap.layer.ecosystem": ("生态层", "Ecosystem"),
    "value_gap.dimension.functional": ("功能价值", "Functional value"),
    "value_gap.dimension.emotional": ("情感价值", "Emotional value"),
    "value_gap.dimension.social": ("社会价值", "Social value"),
    "value_gap.dimension.time_cost": ("时间成本", "Time cost"),
    "value_gap.dimension.money_cost": ("经济成本", "Money cost"),
    # explanations (each chart: how to read it, and where the method comes from)
    "value_gap.explain.gaps": (
        "差距 = 表现 − 期望（SERVQUAL 思路，Parasuraman 等 1988）。横线是 95% 置信区间（t 分布）：区间完全在 0 左侧才算确定的"
        "不足。优先级 = 重要性 ×（期望 − 表现），不足越大、越重要越靠前；负值表示表现已超出期望，可能投入过度。",
        "Gap = performance − expectation (SERVQUAL, Parasuraman et al. 1988). The line is the 95% confidence "
        "interval (Student's t): only an interval wholly left of zero is a sure shortfall. Priority = importance "
        "× (expectation − performance): large shortfalls on important attributes come first; a negative priority "
        "means performance is above expectation — possibly over-invested.",
    ),
    "value_gap.explain.ipa": (
        "重要性–表现分析（Martilla & James 1977）：左上“重点改进”是重要但表现偏弱的属性，右下“可能过度投入”是不太重要却表现很好的属性。"
        "结论取决于十字线的位置，所以这里可以选择。灰色斜线是等优先级线（Abalo 等 2007）：线上方的属性重要性领先于表现，应先处理。",
        "Importance–performance analysis (Martilla & James 1977): top left, “concentrate here”, are important "
        "attributes performing weakly; bottom right, “possible overkill”, perform well on what matters little. "
        "The answer depends on where the cross-hairs sit, so you choose it here. The grey diagonal is the "
        "iso-priority line (Abalo et al. 2007): attributes above it have importance ahead of performance and "
        "come first.",
    ),
    "value_gap.explain.derived": (
        "陈述重要性是受访者自己打的分；推导重要性看各属性的表现评分实际能解释多少总体满意度。默认用 Johnson（2000）相对权重："
        "属性之间相关时依然稳健，各权重之和等于 R²。矛盾（一种排前三分之一、另一种排后三分之一）值得在研讨会上讨论："
        "顾客说重要但不驱动满意的，多半是基础需求。",
        "Stated importance is what respondents say; derived importance is how much each attribute's performance "
        "actually explains the overall measure. Default: Johnson's (2000) relative weights — robust when "
        "attributes are correlated, and the weights add up to R². Disagreements (top third by one, bottom third "
        "by the other) are worth discussing in the room: what people call important but does not drive "
        "satisfaction is often a must-be.",
    ),
    "value_gap.explain.competitors": (
        "我们的表现（红色）与每个竞品的评分对比。问卷中的竞品来自受访者评分；其他竞品的分数来自研讨会录入（如神秘顾客、桌面研究）。",
        "Our performance (red) beside each competitor's rating. The survey's competitor was rated by "
        "respondents; other competitors' scores are typed in the workshop (mystery shopping, desk research).",
    ),
    "value_gap.explain.kano": (
        "每对正反问题按标准 Kano 评价表（Berger 等 1993）归类；每个属性取最常见的类别，前几类相差不超过容差时按 M > O > A > I "
        "规则（Matzler 等 1996）。Better = (A+O)/(A+O+M+I)，Worse = −(O+M)/(A+O+M+I)。Fong（1996）检验前两类之差是否显著。"
        "右上是期望需求，左上基础需求，右下欣喜需求，左下无差异。",
        "Each answer pair is classified with the standard Kano evaluation table (Berger et al. 1993); an "
        "attribute takes its most frequent category, or by the M > O > A > I rule (Matzler et al. 1996) when the "
        "top categories lie within the band. Better = (A+O)/(A+O+M+I), worse = −(O+M)/(A+O+M+I). Fong's (1996) "
        "test says whether the top two categories differ significantly. Top right: one-dimensional; top left: "
        "must-be; bottom right: attractive; bottom left: indifferent.",
    ),
    "value_gap.explain.value": (
        "感知价值 = 顾客利益 − 顾客成本。利益是功能、情感、社会价值属性的表现（按重要性加权），成本是时间与经济成本属性；"
        "成本属性的评分表示“这方面做得多好”，因此成本负担 = 量表两端之和 − 评分。价值维度在“属性与研讨会”页签设置。",
        "Perceived value = customer benefits − customer costs. Benefits are the importance-weighted performance "
        "of the functional, emotional and social attributes, costs that of the time and money attributes; a cost "
        "attribute's rating says how well we keep that cost down, so its burden is the scale's ends added, minus "
        "the rating. Set the dimensions on the Attributes and workshop tab.",
    ),
    "value_gap.explain.layers": (
        "按价值层汇总差距：基础层（产品与价格）、增值层（服务与体验）、差异化层（品牌与情感），或四层模型基础 / 体验 / 情感 / 生态。"
        "差异化层最难被模仿。",
        "Gaps per value layer: basic (product and price), value-added (service and experience), differentiation "
        "(brand and emotion), or the four-layer model basic / experience / emotion / ecosystem. The "
        "differentiation layer is the hardest to copy.",
    ),
    "value_gap.explain.differences": (
        "同一属性在不同客群之间的差距或重要性相差最大的地方：提示需要按客群区别对待。",
        "Where the gap or the importance of one attribute differs most between segments: a hint to treat "
        "segments differently.",
    ),
    # notes (bad or missing input: the rest of the analysis still shows)
    "value_gap.note.no_survey": (
        "尚未导入问卷。可在“数据”页导入，或在“属性与研讨会”页签直接录入属性。",
        "No survey imported yet. Import one on the Data page, or type attributes on the Attributes and workshop tab.",
    ),
    "value_gap.note.unplaced": (
        "{n} 位受访者没有可匹配的客户编号，只计入“全部受访者”。",
        "{n} respondents have no customer id that matches, so they count in “all respondents” only.",
    ),
    "value_gap.note.no_kano": (
        "问卷中没有 Kano 正反问题（kano_functional / kano_dysfunctional）。可在“属性与研讨会”页签为属性手动设定分类。",
        "The survey has no Kano answer pairs (kano_functional / kano_dysfunctional). Set a category by hand on "
        "the Attributes and workshop tab.",
    ),
    "value_gap.note.no_overall": (
        "没有总体指标：请在“属性与研讨会”页签把一个属性（如 总体满意度）标为总体指标，或导入含 CSAT/NPS 的客户表。",
        "No overall measure: mark an attribute (e.g. overall satisfaction) as the overall measure on the "
        "Attributes and workshop tab, or import customers with CSAT/NPS.",
    ),
    "value_gap.note.no_variation": (
        "所有受访者对以下属性的表现打分相同，无法解释总体指标，已从推导重要性中排除：{attributes}",
        "Everyone gave the same performance rating to these attributes, so they cannot explain the overall "
        "measure and are left out of derived importance: {attributes}",
    ),
    "value_gap.note.competitor_unrated": (
        "竞品“{name}”还没有任何评分：在“属性与研讨会”页签录入后即会显示。",
        "Competitor “{name}” has no ratings yet: type them on the Attributes and workshop tab to show it.",
    ),
    "value_gap.note.no_competitors": (
        "没有竞品评分：问卷的 competitor 列为空，也没有录入其他竞品。",
        "No competitor ratings: the survey's competitor column is empty and no other competitor is rated.",
    ),
    "value_gap.note.no_dimensions": (
        "还没有属性设置价值维度（功能 / 情感 / 社会价值，时间 / 经济成本）：在“属性与研讨会”页签设置后显示感知价值。",
        "No attribute has a value dimension yet (functional / emotional / social value, time / money cost): set "
        "them on the Attributes and workshop tab to see perceived value.",
    ),
    # errors
    "value_gap.error.conflict": (
        "“{attribute}”刚被其他参与者修改过，你的修改没有保存。请载入最新版本后再改。",
        "“{attribute}” was just changed by another participant; your edit was not saved. Load the latest "
        "version and edit again.",
    ),
    "value_gap.error.kano_answer": (
        "Kano 回答必须是 1–5 的整数（1 喜欢 … 5 不喜欢），收到：{functional} / {dysfunctional}",
        "Kano answers must be whole numbers 1–5 (1 like … 5 dislike); got {functional} / {dysfunctional}",
    ),
    "value_gap.error.kano_category": ("未知的 Kano 分类：{category}（应为 A O M I R Q）",
                                      "Unknown Kano category: {category} (expected A O M I R Q)"),
    "value_gap.error.missing_columns": ("缺少列：{columns}", "Missing columns: {columns}"),
    "value_gap.error.kano_band": ("容差必须在 0 到 1 之间，收到 {band}", "The band must lie between 0 and 1; got {band}"),
    "value_gap.error.missing_ratings": ("数据中有缺失评分，请先去掉不完整的行。",
                                        "The data has missing ratings; drop incomplete rows first."),
    "value_gap.error.too_few": ("{k} 个属性至少需要 {needed} 行数据，只有 {n} 行。",
                                "{k} attributes need at least {needed} rows; there are {n}."),
    "value_gap.error.no_variation": ("没有差异（所有人评分相同）：{attribute}",
                                     "No variation (everyone gave the same rating): {attribute}"),
    "value_gap.error.too_few_respondents": (
        "推导重要性需要至少 {needed} 位对全部 {k} 个属性都打了分的受访者（Green 1991：50 + 8 × 属性数），目前只有 {n} 位。"
        "其余分析不受影响。",
        "Derived importance needs at least {needed} respondents who rated all {k} attributes (Green 1991: 50 + 8 "
        "per attribute); there are {n}. The rest of the analysis is unaffected.",
    ),
    "value_gap.error.overall_flat": ("所有受访者的总体指标相同，无法推导重要性。",
                                     "Everyone gave the same overall rating, so nothing can be derived."),
    "value_gap.error.method": ("未知的推导方法：{method}", "Unknown method: {method}"),
    "value_gap.error.crosshair": ("未知的十字线位置：{how}", "Unknown cross-hair choice: {how}"),
    "value_gap.error.crosshair_value": ("请输入十字线数值。", "Type a value for the cross-hairs."),
    "value_gap.error.setting": ("设置 {name} 的值无效：{value}", "Invalid value for setting {name}: {value}"),
    "value_gap.error.bad_rating": (
        "第 {row} 行的 {column} 必须是 {low}–{high} 之间的数字，收到：{value}",
        "Row {row}: {column} must be a number from {low} to {high}; got {value}",
    ),
    "value_gap.error.bad_choice": ("第 {row} 行的 {column} 不是可选值：{value}",
                                   "Row {row}: {column} is not one of the choices: {value}"),
    "value_gap.error.name_too_long": ("第 {row} 行：名称最长 {max} 个字符。", "Row {row}: names are at most {max} characters."),
    "value_gap.error.name_empty": ("第 {row} 行需要属性名称。", "Row {row} needs an attribute name."),
    "value_gap.error.name_taken": ("第 {row} 行：属性“{name}”已存在。", "Row {row}: attribute “{name}” already exists."),
    "value_gap.error.two_overall": (
        "只能有一个总体指标：“{first}”和“{second}”都被勾选了。",
        "Only one attribute can be the overall measure: “{first}” and “{second}” are both ticked.",
    ),
    "value_gap.error.too_many_rows": ("最多录入 {max} 行。", "At most {max} typed rows."),
}
