"""Messages of the Segments page, segmentations, KPIs and CLV (the page and the CLI's column notes)."""

MESSAGES = {
    "segments.intro": (
        "RFM、客户金字塔、价值 × 潜力、满意度 × 忠诚度、流失预警和客户终身价值。",
        "RFM, customer pyramid, value × potential, satisfaction × loyalty, churn warning and lifetime value.",
    ),
    "segments.option_label": ("{segmentation}：{segment}（{n} 位客户）", "{segmentation}: {segment} ({n} {n:plural:customer|customers})"),
    # segmentations
    "segments.segmentation.rfm": ("RFM 分群", "RFM segments"),
    "segments.segmentation.tier": ("会员等级", "Member tiers"),
    "segments.segmentation.pyramid": ("客户金字塔", "Customer pyramid"),
    "segments.segmentation.quadrant": ("价值 × 潜力四象限", "Value × potential"),
    "segments.segmentation.csr": ("核心 / 战略 / 辐射客户", "Core / strategic / radiant"),
    "segments.segmentation.sat_loyalty": ("满意度 × 忠诚度", "Satisfaction × loyalty"),
    "segments.segmentation.churn": ("流失预警", "Churn early warning"),
    "segments.segmentation.tags": ("客户标签", "Customer tags"),
    "segments.explain.rfm": (
        "按最近购买时间（R）、购买频率（F）和消费金额（M）给每位客户打 1–5 分（5 为最好，按五分位），"
        "再按 R 和 F 的组合命名客群：例如 R、F 都高的是冠军客户，曾经常买但很久没来的是「不能失去」。"
        "会员等级由 R+F+M 总分（3–15）按下方分界划分为青铜 / 白银 / 黄金 / 铂金。",
        "Each customer gets 1–5 scores (5 = best, by quintile) for Recency (days since the last purchase), "
        "Frequency (purchases) and Monetary value (spend). Named segments come from the R and F pair: high R "
        "and F are Champions; customers who bought often but not lately are “Cannot lose”. Member tiers "
        "Bronze / Silver / Gold / Platinum come from the total R+F+M score (3–15) and the cut-offs below.",
    ),
    "segments.explain.pyramid": (
        "按客户贡献从高到低排序，累计贡献达到前 {key:.0%} 的是关键客户（VIP），到 {ordinary:.0%} 的是普通客户，其余为小客户；"
        "有服务成本数据时，利润为负的客户标为负价值客户。洛伦兹曲线越弯、基尼系数越大，贡献越集中。",
        "Customers are ranked by value; those making up the first {key:.0%} of the total are key (VIP), up to "
        "{ordinary:.0%} ordinary, the rest small. With cost-to-serve data, customers whose profit is negative "
        "are negative-value customers. The more the Lorenz curve bends and the higher the Gini, the more "
        "concentrated value is.",
    ),
    "segments.explain.quadrant": (
        "横轴是近 12 个月消费（价值），纵轴是相比前 12 个月的增长率（潜力）。分界默认取近 12 个月有购买客户的中位数，可改为固定值"
        "（常见的 B2B 分界：年消费 > 10 万、增长 > 30%）。前一年没有消费的新客无法计算增长，单独列出；近 12 个月没有购买的客户列为"
        "「近 12 个月未购买」。",
        "Value is spend in the last 12 months; potential is its growth on the 12 months before. Thresholds "
        "default to the medians of customers who bought in the last 12 months and can be fixed values (a common "
        "B2B cut: annual spend > 100k, growth > 30%). New customers with no spend the year before have no growth "
        "rate and are listed apart; customers who bought nothing in the last 12 months form “No purchase in 12 "
        "months”.",
    ),
    "segments.explain.csr": (
        "核心客户：近 12 个月消费位于前 {core:.0%}；战略客户：不是核心但消费增长达到分界，值得投入培养；"
        "辐射客户：其余的长尾和偶然成交客户，宜用自动化、标准化服务降低成本。",
        "Core: spend in the last 12 months in the top {core:.0%}. Strategic: not core, but spend is growing at "
        "least as fast as the threshold — worth developing. Radiant: the long tail and occasional buyers, "
        "best served through automated, standard offers.",
    ),
    "segments.explain.sat_loyalty": (
        "满意度来自 CSAT（1–5）或 NPS 打分（0–10），忠诚度来自行为：近 12 个月购买天数达到分界（且至少 2 天）。"
        "布道者满意且忠诚；图利者满意但不忠诚，只追价格；囚禁者不满意却仍在买——最容易被忽视的隐患；破坏者既不满意也不忠诚。"
        "没有评分的客户单独计数，不做猜测。",
        "Satisfaction comes from CSAT (1–5) or the NPS answer (0–10); loyalty from behaviour: purchase days in "
        "the last 12 months at or above the threshold (and at least 2). Apostles are satisfied and loyal; "
        "mercenaries satisfied but not loyal, chasing price; hostages dissatisfied yet still buying — the "
        "hidden risk; saboteurs neither. Customers without a score are counted, never guessed.",
    ),
    "segments.explain.churn": (
        "先把已经流失的客户单独列出（沉默时间远超自身购买节奏，或超过设定天数），再对其余客户看五个预警维度：活跃月数下降、"
        "购买频次下降、服务评分低（NPS 贬损者或 CSAT 低）、核心功能使用率低、社群互动下降。每位客户触发的维度数决定风险等级；"
        "数据中缺少的维度会被跳过并在下方列出。",
        "Customers who have already lapsed come first (silent far longer than their own purchase rhythm, or past "
        "a set number of days); the others are rated on five warning dimensions: fewer active months, fewer "
        "purchases, a poor service score (NPS detractor or low CSAT), low core-feature usage, and falling "
        "community interaction. The number of flags raised sets each customer's risk level; dimensions the data "
        "lacks are skipped and named below.",
    ),
    "segments.explain.tags": (
        "根据行为给客户打标签（一位客户可有多个标签），并给出建议的运营动作：价格敏感型推送限时折扣与凑单攻略，"
        "品质追求型提供专属顾问与定制方案，社交传播型设计裂变奖励与内容素材包。",
        "Behavioural tags (a customer may carry several), each with its recommended treatment: "
        "price-sensitive customers get limited-time discounts and bundle tips, quality seekers a dedicated "
        "advisor and tailored offers, social sharers referral rewards and a shareable content kit.",
    ),
    # RFM segments
    "segments.seg.rfm.champions": ("冠军客户", "Champions"),
    "segments.seg.rfm.loyal": ("忠诚客户", "Loyal customers"),
    "segments.seg.rfm.potential_loyalists": ("潜力忠诚客户", "Potential loyalists"),
    "segments.seg.rfm.new_customers": ("新客户", "New customers"),
    "segments.seg.rfm.promising": ("有希望的客户", "Promising"),
    "segments.seg.rfm.need_attention": ("需要关注", "Need attention"),
    "segments.seg.rfm.about_to_sleep": ("即将沉睡", "About to sleep"),
    "segments.seg.rfm.cannot_lose": ("不能失去", "Cannot lose them"),
    "segments.seg.rfm.at_risk": ("有流失风险", "At risk"),
    "segments.seg.rfm.hibernating": ("沉睡客户", "Hibernating"),
    "segments.seg.rfm.other": ("其他", "Other"),
    # tiers
    "segments.seg.tier.platinum": ("铂金", "Platinum"),
    "segments.seg.tier.gold": ("黄金", "Gold"),
    "segments.seg.tier.silver": ("白银", "Silver"),
    "segments.seg.tier.bronze": ("青铜", "Bronze"),
    # pyramid
    "segments.seg.pyramid.key": ("关键客户（VIP）", "Key customers (VIP)"),
    "segments.seg.pyramid.ordinary": ("普通客户", "Ordinary customers"),
    "segments.seg.pyramid.small": ("小客户", "Small customers"),
    "segments.seg.pyramid.negative": ("负价值客户", "Negative-value customers"),
    "segments.seg.pyramid.inactive": ("近 12 个月未购买", "No purchase in 12 months"),
    # quadrants
    "segments.seg.quadrant.high_value_high_potential": ("高价值高潜力", "High value, high potential"),
    "segments.seg.quadrant.high_value_low_potential": ("高价值低潜力", "High value, low potential"),
    "segments.seg.quadrant.low_value_high_potential": ("低价值高潜力", "Low value, high potential"),
    "segments.seg.quadrant.low_value_low_potential": ("低价值低潜力", "Low value, low potential"),
    "segments.seg.quadrant.no_history": ("新客（无上一年消费）", "New (no spend the year before)"),
    "segments.seg.quadrant.inactive": ("近 12 个月未购买", "No purchase in 12 months"),
    # core / strategic / radiant
    "segments.seg.csr.core": ("核心客户", "Core customers"),
    "segments.seg.csr.strategic": ("战略客户", "Strategic customers"),
    "segments.seg.csr.radiant": ("辐射客户", "Radiant customers"),
    "segments.seg.csr.inactive": ("近 12 个月未购买", "No purchase in 12 months"),
    # satisfaction x loyalty
    "segments.seg.sat_loyalty.apostle": ("布道者", "Apostles"),
    "segments.seg.sat_loyalty.mercenary": ("图利者", "Mercenaries"),
    "segments.seg.sat_loyalty.hostage": ("囚禁者", "Hostages"),
    "segments.seg.sat_loyalty.saboteur": ("破坏者", "Saboteurs"),
    "segments.seg.sat_loyalty.no_score": ("无评分", "No score"),
    # churn risk
    "segments.seg.churn.lapsed": ("已流失", "Already lapsed"),
    "segments.seg.churn.high": ("高风险", "High risk"),
    "segments.seg.churn.medium": ("中风险", "Medium risk"),
    "segments.seg.churn.low": ("低风险", "Low risk"),
    "segments.churn_dim.activity": ("账户活跃度（活跃月数下降）", "Activity (fewer active months)"),
    "segments.churn_dim.frequency": ("消费频次（购买天数下降）", "Purchase frequency (fewer purchase days)"),
    "segments.churn_dim.service": ("服务评分（NPS 贬损者 / CSAT 低）", "Service score (NPS detractor / low CSAT)"),
    "segments.churn_dim.usage": ("产品使用（核心功能使用率低）", "Product usage (low core-feature usage)"),
    "segments.churn_dim.community": ("社交互动（社群互动下降）", "Social interaction (falling community activity)"),
    # tags
    "segments.seg.tags.price_sensitive": ("价格敏感型", "Price-sensitive"),
    "segments.seg.tags.quality_seeking": ("品质追求型", "Quality-seeking"),
    "segments.seg.tags.social_sharing": ("社交传播型", "Social-sharing"),
    "segments.tag_treatment.price_sensitive": (
        "推送「限时折扣 + 凑单攻略」，在其习惯的折扣时点触达。",
        "Send limited-time discounts and bundle tips, timed to when they usually buy on promotion.",
    ),
    "segments.tag_treatment.quality_seeking": (
        "提供「专属顾问 + 定制化方案」，强调品质而非价格。",
        "Offer a dedicated advisor and tailored proposals; lead with quality, not price.",
    ),
    "segments.tag_treatment.social_sharing": (
        "设计「裂变奖励 + 内容素材包」，鼓励推荐与分享。",
        "Design referral rewards and a shareable content kit to encourage recommendations.",
    ),
    # parameters
    "segments.param.rfm.silver_min": ("白银最低总分", "Silver from total score"),
    "segments.param.rfm.gold_min": ("黄金最低总分", "Gold from total score"),
    "segments.param.rfm.platinum_min": ("铂金最低总分", "Platinum from total score"),
    "segments.param.pyramid.basis": ("贡献口径", "Value measure"),
    "segments.param.pyramid.key_share": ("关键客户累计贡献", "Key customers up to cumulative share"),
    "segments.param.pyramid.ordinary_share": ("普通客户累计贡献", "Ordinary customers up to cumulative share"),
    "segments.param.quadrant.value_by": ("价值分界方式", "Value threshold from"),
    "segments.param.quadrant.value_q": ("价值分位数", "Value quantile"),
    "segments.param.quadrant.value_abs": ("价值分界（近 12 个月消费）", "Value threshold (12-month spend)"),
    "segments.param.quadrant.growth_by": ("潜力分界方式", "Potential threshold from"),
    "segments.param.quadrant.growth_q": ("增长率分位数", "Growth quantile"),
    "segments.param.quadrant.growth_abs": ("增长率分界", "Growth threshold"),
    "segments.param.csr.core_q": ("核心客户消费分位数", "Core from spend quantile"),
    "segments.param.csr.growth_by": ("增长分界方式", "Growth threshold from"),
    "segments.param.csr.growth_q": ("增长率分位数", "Growth quantile"),
    "segments.param.csr.growth_abs": ("增长率分界", "Growth threshold"),
    "segments.param.sat_loyalty.measure": ("满意度指标", "Satisfaction measure"),
    "segments.param.sat_loyalty.csat_min": ("满意：CSAT ≥", "Satisfied: CSAT ≥"),
    "segments.param.sat_loyalty.nps_min": ("满意：NPS 打分 ≥", "Satisfied: NPS answer ≥"),
    "segments.param.sat_loyalty.loyalty_by": ("忠诚分界方式", "Loyalty threshold from"),
    "segments.param.sat_loyalty.loyalty_q": ("购买天数分位数", "Purchase-days quantile"),
    "segments.param.sat_loyalty.loyalty_abs": ("忠诚：近 12 个月购买天数 ≥", "Loyal: purchase days in 12 months ≥"),
    "segments.param.churn.lapsed_days": ("已流失：沉默天数 ≥", "Lapsed: silent for days ≥"),
    "segments.param.churn.rhythm_factor": ("已流失：沉默 ≥ 自身购买间隔的倍数", "Lapsed: silent ≥ times own purchase gap"),
    "segments.param.churn.min_silence_days": ("按购买节奏判定时至少沉默天数", "…and silent at least (days)"),
    "segments.param.churn.activity_drop": ("活跃月数下降 ≥", "Active months down by ≥"),
    "segments.param.churn.frequency_drop": ("购买频次下降 ≥", "Purchase frequency down by ≥"),
    "segments.param.churn.nps_max": ("NPS 打分 ≤（贬损者）", "NPS answer ≤ (detractor)"),
    "segments.param.churn.csat_max": ("CSAT ≤", "CSAT ≤"),
    "segments.param.churn.usage_min": ("核心功能使用率 <", "Core-feature usage <"),
    "segments.param.churn.community_drop": ("社群互动下降 ≥", "Community interaction down by ≥"),
    "segments.param.churn.medium_flags": ("中风险：预警数 ≥", "Medium risk from flags ≥"),
    "segments.param.churn.high_flags": ("高风险：预警数 ≥", "High risk from flags ≥"),
    "segments.param.tags.price_discount_share": ("价格敏感：折扣订单占比 ≥", "Price-sensitive: discounted orders ≥"),
    "segments.param.tags.quality_aov_q": ("品质追求：客单价分位数 ≥", "Quality-seeking: AOV quantile ≥"),
    "segments.param.tags.quality_discount_max": ("品质追求：折扣订单占比 ≤", "Quality-seeking: discounted orders ≤"),
    "segments.param.tags.social_referrals_min": ("社交传播：推荐人数 ≥", "Social-sharing: referrals ≥"),
    "segments.param.tags.social_community_q": ("社交传播：社群互动分位数 ≥", "Social-sharing: community quantile ≥"),
    "segments.param.clv.purchase_model": ("购买模型", "Purchase model"),
    "segments.choice.mbgnbd": ("MBG/NBD（一次性购买的客户也可能已流失，推荐）", "MBG/NBD (one-time buyers may have left too; recommended)"),
    "segments.choice.bgnbd": ("BG/NBD（经典模型：只买过一次的客户始终视为活跃）", "BG/NBD (classic: a one-time buyer always counts as alive)"),
    "segments.param.clv.horizon_months": ("预测期（月）", "Horizon (months)"),
    "segments.param.clv.discount_rate": ("年折现率", "Annual discount rate"),
    "segments.param.clv.margin": ("毛利率", "Margin"),
    "segments.param.clv.lifespan_years": ("预期客户寿命（年）", "Expected lifespan (years)"),
    "segments.choice.quantile": ("数据分位数", "Data quantile"),
    "segments.choice.absolute": ("固定值", "Fixed value"),
    "segments.choice.revenue": ("累计消费", "Total revenue"),
    "segments.choice.spend_12m": ("近 12 个月消费", "Spend, last 12 months"),
    "segments.choice.profit": ("利润（消费 − 服务成本）", "Profit (revenue − cost to serve)"),
    "segments.choice.auto": ("自动", "Automatic"),
    "segments.choice.csat": ("CSAT", "CSAT"),
    "segments.choice.nps": ("NPS", "NPS"),
    # errors
    "segments.error.bad_date": ("无法识别的日期：{value}", "Not a date: {value}"),
    "segments.error.split_order": (
        "校准期结束（{calibration_end}）必须早于观察期结束（{observation_end}）。",
        "The calibration end ({calibration_end}) must come before the observation end ({observation_end}).",
    ),
    "segments.error.missing_columns": ("客户汇总缺少列：{columns}", "The customer summary lacks column(s): {columns}"),
    "segments.error.tier_order": (
        "会员等级分界须满足 白银 ≤ 黄金 ≤ 铂金。", "Tier cut-offs must satisfy Silver ≤ Gold ≤ Platinum.",
    ),
    "segments.error.share_order": (
        "累计贡献分界须满足 0 < 关键客户 ≤ 普通客户 ≤ 100%。",
        "Cumulative shares must satisfy 0 < key ≤ ordinary ≤ 100%.",
    ),
    "segments.error.risk_order": (
        "风险等级分界须满足 1 ≤ 中风险 ≤ 高风险。", "Risk levels must satisfy 1 ≤ medium ≤ high.",
    ),
    "segments.error.unknown_segmentation": ("未知的分群方式：{name}", "Unknown segmentation: {name}"),
    "segments.churn.lapsed_note": (
        "{total} 位客户中有 {n} 位已流失：沉默 {days} 天以上，或沉默超过自身平均购买间隔的 {factor} 倍（且至少 {minimum} 天；"
        "只买过一次的客户按复购客户的典型间隔 {rhythm} 天计）。预警维度只用于其余仍可挽留的客户。",
        "{n} of {total} {total:plural:customer|customers} have already lapsed: silent for {days} {days:plural:day|days} or more, or for {factor} times their "
        "own usual gap between purchases (and at least {minimum} {minimum:plural:day|days}; one-time buyers are measured by the repeat "
        "buyers' typical gap of {rhythm} {rhythm:plural:day|days}). The warning dimensions rate the others, who can still be kept.",
    ),
    "segments.quadrant.sample": (
        "图中为随机抽取的 {n} 位客户（共 {total} 位有增长率的客户），用于保持图表清晰；表格中的数字按全部客户计算。",
        "The chart shows a random sample of {n} of the {total} {total:plural:customer|customers} with a growth rate, to keep it readable; "
        "the table counts everyone.",
    ),
    "segments.quadrant.clipped": (
        "{n} 位客户的增长率高于 {clip}，画在 {clip} 处。",
        "{n} {n:plural:customer|customers} grew more than {clip} and are drawn at {clip}.",
    ),
    "segments.rfm.empty_f_score": (
        "F 分 {scores} 没有客户：{share} 的客户购买天数相同（{value} 天），相同的数值总是得到相同的分数，所以本应分到这些分数的客户都落在同一分上。",
        "No customer has F score {scores}: {share} of customers bought on the same number of days ({value}), and "
        "equal values always get the same score, so the scores they would have spread over stay empty.",
    ),
    "segments.rfm.empty_r_score": (
        "R 分 {scores} 没有客户：{share} 的客户距上次购买的天数相同（{value} 天），相同的数值总是得到相同的分数。",
        "No customer has R score {scores}: {share} of customers last bought the same number of days ago "
        "({value}), and equal values always get the same score.",
    ),
    "segments.tags.dropped.quality_discount": (
        "数据中没有折扣信息：这里的「品质追求型」只按客单价判断，无法确认他们很少使用折扣。",
        "The data has no discount values: “quality-seeking” here rests on order value alone; that these customers "
        "rarely buy on discount could not be checked.",
    ),
    "segments.clv.top_band": (
        "最后一档还包含客户终身价值最高的 1%（{n} 位，{cut} 以上，最高 {top}），以免少数极端值把其余柱子压扁。",
        "The last band also counts the top 1% ({n} {n:plural:customer|customers} above {cut}, up to {top}), so that a few extreme "
        "values do not flatten the rest.",
    ),
    "segments.inactive_note": (
        "{total} 位客户中有 {n} 位近 12 个月没有购买：他们的近期消费说明不了价值或潜力，单独列为「近 12 个月未购买」，分界只在其余客户中计算。",
        "{n} of {total} {total:plural:customer|customers} bought nothing in the last 12 months: their recent spend says nothing of value "
        "or potential, so they form their own group, “No purchase in 12 months”, and the thresholds are computed "
        "among the others.",
    ),
    "segments.flag.value_threshold_zero": (
        "消费分界为 0 或以下：它分不出高低价值客户（每位有消费的客户都算「高价值」）。请改用固定值或更高的分位数。",
        "The spend threshold is 0 or below: it separates no one (every customer who spent counts as high value). "
        "Set a fixed value or a higher quantile.",
    ),
    "segments.flag.growth_threshold_floor": (
        "增长率分界为 −100% 或以下：它分不出高低潜力客户（每位客户都算「高潜力」）。请改用固定值或更高的分位数。",
        "The growth threshold is −100% or below: it separates no one (every customer counts as high potential). "
        "Set a fixed value or a higher quantile.",
    ),
    "segments.params_reset": (
        "工作区中保存的参数无法使用（{detail}），本页暂按默认参数计算；保存一次参数即可修复。",
        "The parameters stored in this workspace cannot be used ({detail}); this tab uses the defaults until "
        "you save its parameters again.",
    ),
    "segments.error.bad_choice": ("参数 {name} 的取值「{value}」无效。", "“{value}” is not a valid value for {name}."),
    "segments.error.unknown_segment": ("未知的客群：{name}", "Unknown segment: {name}"),
    "segments.error.bad_pattern": ("规则「{pattern}」无效：{detail}", "Pattern “{pattern}” is invalid: {detail}"),
    "segments.error.no_patterns": ("至少需要一条 RFM 分群规则。", "At least one RFM segment rule is needed."),
    "segments.error.no_orders": ("工作区中还没有订单数据。", "The workspace has no orders yet."),
    "segments.error.no_orders_before": ("{date} 及之前没有订单。", "There are no orders on or before {date}."),
    "segments.error.bad_extension": (
        "输出文件须以 .csv 或 .xlsx 结尾：{path}", "The output file must end in .csv or .xlsx: {path}",
    ),
    "segments.error.bad_horizon": ("预测期不能为负数：{value}", "The horizon cannot be negative: {value}"),
    "segments.error.no_calibration_customers": (
        "校准期内没有客户：请把校准期结束日期往后移。",
        "No customer bought during the calibration period: move the calibration end later.",
    ),
    # warnings recorded by the CLV fits (workbench.clv), shown on the Segments page
    "clv.warn.not_converged": (
        "模型拟合在 {iterations} 次迭代后未完全收敛，结果为找到的最佳估计，请谨慎解读。",
        "The model fit did not fully converge after {iterations} iterations; the best estimate found is "
        "shown — read it with care.",
    ),
    "clv.warn.param_at_bound": (
        "参数 {params} 达到了允许范围的边界（±{bound} 的对数值），数据可能不符合模型假设，预测仅供参考。",
        "Parameter(s) {params} reached the edge of the allowed range (log value ±{bound}); the data may not "
        "follow the model's assumptions, so treat predictions as indicative.",
    ),
    "clv.warn.no_customers": ("没有可用于拟合的客户。", "There are no customers to fit the model on."),
    "clv.warn.no_repeat_purchases": (
        "{n_customers} 位客户中没有人复购，无法估计购买频率模型。",
        "None of the {n_customers} {n_customers:plural:customer|customers} bought again, so the purchase model cannot be estimated.",
    ),
    "clv.warn.few_customers": (
        "只有 {n_customers} 位客户可用于拟合（建议至少 {minimum} 位），估计不稳定。",
        "Only {n_customers} {n_customers:plural:customer|customers} to fit on (at least {minimum} recommended); estimates are unstable.",
    ),
    "clv.warn.non_positive_spend_excluded": (
        "{n_rows} 位客户的复购平均金额不大于 0，已从消费金额模型中排除。",
        "{n_rows} {n_rows:plural:customer|customers} with a mean repeat spend of zero or less {n_rows:plural:was|were} "
        "left out of the spend model.",
    ),
    "clv.warn.no_spend_data": (
        "没有复购且金额为正的客户，无法估计消费金额模型，客户终身价值无法计算。",
        "No customer has a repeat purchase with positive spend, so the spend model and CLV cannot be "
        "computed.",
    ),
    # charts
    "segments.chart.rfm_heatmap": ("RFM 热力图：各 R × F 组合的客户数", "RFM heatmap: customers per R × F cell"),
    "segments.chart.r_score": ("R 分（最近购买，5 = 最近）", "R score (recency, 5 = most recent)"),
    "segments.chart.f_score": ("F 分（购买频率，5 = 最高）", "F score (frequency, 5 = highest)"),
    "segments.chart.customers": ("客户数", "Customers"),
    "segments.chart.segment_sizes": ("各客群规模与收入占比", "Segment size and revenue share"),
    "segments.chart.revenue_share": ("收入占比", "Revenue share"),
    "segments.chart.customer_share": ("客户占比", "Customer share"),
    "segments.chart.segment": ("客群", "Segment"),
    "segments.chart.bar_label": ("{n} 位（{share}），收入占 {revenue}", "{n} ({share}), {revenue} of revenue"),
    "segments.chart.p_alive_short": ("仍活跃概率", "P(still active)"),
    "segments.chart.dimension": ("预警维度", "Warning dimension"),
    "segments.chart.from": ("从", "From"),
    "segments.chart.to": ("到", "To"),
    "segments.chart.active": ("仍在购买的客户", "Customers still buying"),
    "segments.chart.cohort_size": ("首购客户数", "Customers in the cohort"),
    "segments.chart.pyramid": ("客户金字塔：客户占比与收入占比", "Customer pyramid: share of customers and revenue"),
    "segments.chart.share": ("占比", "Share"),
    "segments.chart.lorenz": ("洛伦兹曲线（基尼系数 {gini}）", "Lorenz curve (Gini {gini})"),
    "segments.chart.lorenz_curve": ("洛伦兹曲线", "Lorenz curve"),
    "segments.chart.equality": ("完全平均线", "Line of equality"),
    "segments.chart.cum_customers": ("累计客户占比（从贡献最小者起）", "Cumulative share of customers (smallest first)"),
    "segments.chart.cum_value": ("累计贡献占比", "Cumulative share of value"),
    "segments.chart.quadrant": ("价值 × 潜力：近 12 个月消费与增长率", "Value × potential: 12-month spend and growth"),
    "segments.chart.spend_12m": ("近 12 个月消费（{symbol}，对数刻度）", "Spend, last 12 months ({symbol}, log scale)"),
    "segments.chart.growth": ("增长率（较前 12 个月）", "Growth on the previous 12 months"),
    "segments.chart.sat_loyalty": ("满意度 × 忠诚度矩阵", "Satisfaction × loyalty matrix"),
    "segments.chart.satisfaction": ("满意度", "Satisfaction"),
    "segments.chart.loyalty": ("忠诚度", "Loyalty"),
    "segments.chart.high": ("高", "High"),
    "segments.chart.low": ("低", "Low"),
    "segments.chart.churn_dims": ("各预警维度触发的客户数", "Customers flagged per warning dimension"),
    "segments.chart.churn_risk": ("流失风险分布", "Churn risk distribution"),
    "segments.chart.clv_hist": ("客户终身价值分布", "Distribution of customer lifetime value"),
    "segments.chart.clv": ("客户终身价值（{symbol}）", "Customer lifetime value ({symbol})"),
    "segments.chart.p_alive": (
        "仍然活跃的概率：按复购次数与距上次购买的周数", "Probability still active, by repeat purchases and weeks since the last one",
    ),
    "segments.chart.weeks_since_last": ("距上次购买（周）", "Weeks since the last purchase"),
    "segments.chart.repeat_purchases": ("复购次数", "Repeat purchases"),
    "segments.chart.series.actual": ("实际", "Actual"),
    "segments.chart.series.mbgnbd": ("MBG/NBD 模型", "MBG/NBD model"),
    "segments.chart.series.bgnbd": ("BG/NBD 模型", "BG/NBD model"),
    "segments.chart.series.naive": ("简单基准", "Naive baseline"),
    "segments.chart.holdout_freq": (
        "验证期人均购买：按校准期复购次数分组", "Holdout purchases per customer, by calibration repeat purchases",
    ),
    "segments.chart.cal_purchases": ("校准期复购次数", "Repeat purchases in calibration"),
    "segments.chart.holdout_purchases": ("验证期人均购买次数", "Holdout purchases per customer"),
    "segments.chart.holdout_cum": ("验证期累计购买：实际与预测", "Cumulative holdout purchases: actual and predicted"),
    "segments.chart.holdout_week": ("验证期第几周", "Holdout week"),
    "segments.chart.cum_purchases": ("累计购买次数", "Cumulative purchases"),
    "segments.chart.cohorts": ("按首购月份的留存率", "Retention by first-purchase month"),
    "segments.chart.months_since_first": ("首购后第几个月", "Months since the first purchase"),
    "segments.chart.cohort": ("首购月份", "First-purchase month"),
    "segments.chart.retention": ("留存率", "Retention"),
    # page
    "segments.param.in_percent": ("{label}（%）", "{label} (%)"),
    "segments.check.vs_naive": ("{diff}（与简单基准相比）", "{diff} vs naive baseline"),
    "segments.kpi.all_channels": ("全部渠道", "All channels"),
    "segments.kpi.all_cities": ("全部城市", "All cities"),
    "segments.kpi.no_orders_selected": (
        "所选期间、渠道、城市和客群内没有订单，请放宽筛选条件。",
        "No orders match the chosen period, channels, cities and segment; widen the filters.",
    ),
    "segments.rfm.order_note": (
        "客群按收入从高到低排列，「其他」在最后。", "Segments are listed by revenue, largest first; “Other” last.",
    ),
    "segments.as_of": ("{n} 位有购买记录的客户，数据截至 {date}。", "{n} {n:plural:customer|customers} with purchases, data up to {date}."),
    "segments.parameters": ("参数（可修改，保存在工作区中）", "Parameters (editable, saved in the workspace)"),
    "segments.save": ("保存并重新计算", "Save and recompute"),
    "segments.pick_segment": ("客群", "Segment"),
    "segments.download": ("下载名单（{n} 位，CSV）", "Download list ({n}, CSV)"),
    "segments.to_initiative": ("转为路线图举措", "Turn into initiative"),
    "segments.initiative_title": ("{segmentation}：{segment}", "{segmentation}: {segment}"),
    "segments.initiative_description": (
        "目标客群：{n} 位客户（占 {share}），贡献 {revenue} 的收入，曾复购客户占比 {repurchase}。",
        "Target segment: {n} {n:plural:customer|customers} ({share} of all), {revenue} of revenue, {repurchase} bought again.",
    ),
    "segments.rfm.patterns": ("RFM 分群规则（可修改）", "RFM segment rules (editable)"),
    "segments.rfm.patterns_help": (
        "每条规则按顺序匹配「R 分 F 分」两位数字，第一条匹配的规则决定客群，例如 5[4-5] 表示 R = 5 且 F 为 4 或 5。"
        "客群名称可用中文或英文；未匹配的组合归为「其他」。",
        "Each rule is matched in order against the two digits “R score, F score”; the first match names the "
        "segment, e.g. 5[4-5] means R = 5 and F is 4 or 5. Names may be in any language; unmatched cells are "
        "“Other”.",
    ),
    "segments.rfm.col_segment": ("客群名称", "Segment name"),
    "segments.rfm.col_pattern": ("规则（正则表达式）", "Rule (regular expression)"),
    "segments.rfm.save_patterns": ("保存规则", "Save rules"),
    "segments.rfm.reset_patterns": ("恢复默认规则", "Restore default rules"),
    "segments.tab.kpis": ("指标", "KPIs"),
    "segments.tab.rfm": ("RFM 与会员等级", "RFM & tiers"),
    "segments.tab.pyramid": ("客户金字塔", "Pyramid"),
    "segments.tab.quadrant": ("价值 × 潜力", "Value × potential"),
    "segments.tab.csr": ("核心 / 战略 / 辐射", "Core / strategic / radiant"),
    "segments.tab.sat_loyalty": ("满意度 × 忠诚度", "Satisfaction × loyalty"),
    "segments.tab.churn": ("流失预警", "Churn warning"),
    "segments.tab.tags": ("客户标签", "Tags"),
    "segments.tab.clv": ("客户终身价值", "Lifetime value"),
    "segments.tab.check": ("模型检验", "Model check"),
    "segments.col.label": ("客群", "Segment"),
    "segments.col.customers": ("客户数", "Customers"),
    "segments.col.customer_share": ("客户占比", "Share of customers"),
    "segments.col.revenue": ("收入", "Revenue"),
    "segments.col.revenue_share": ("收入占比", "Share of revenue"),
    "segments.col.aov": ("客单价", "Average order value"),
    "segments.col.purchases_per_customer": ("人均订单数", "Orders per customer"),
    "segments.col.repeat_share": ("曾复购客户占比", "Bought again (share)"),
    "segments.col.clv": ("平均客户终身价值", "Mean CLV"),
    "segments.col.csat": ("平均 CSAT", "Mean CSAT"),
    "segments.col.nps": ("平均 NPS 打分", "Mean NPS answer"),
    "segments.pyramid.no_cost": (
        "数据中没有服务成本，无法按利润排序或识别负价值客户，已改按累计消费计算。",
        "The data has no cost to serve, so profit and negative-value customers cannot be computed; total "
        "revenue is used instead.",
    ),
    "segments.pyramid.top": (
        "前 1% 的客户贡献 {top1:.0%}，前 5% 贡献 {top5:.0%}，前 10% 贡献 {top10:.0%}，前 20% 贡献 {top20:.0%}。",
        "The top 1% of customers bring {top1:.0%}, the top 5% {top5:.0%}, the top 10% {top10:.0%} and the top "
        "20% {top20:.0%}.",
    ),
    "segments.quadrant.used": (
        "分界在近 12 个月有购买的客户中计算：近 12 个月消费 {value}，增长率 {growth}。{n} 位客户前一年没有消费（新客），"
        "无法计算增长，未画在图中；{inactive} 位客户近 12 个月没有购买，单独列为「近 12 个月未购买」。",
        "Thresholds are computed among customers who bought in the last 12 months: 12-month spend {value}, "
        "growth {growth}. {n} {n:plural:customer|customers} had no spend the year before (new), so they have no growth rate and are "
        "not plotted; {inactive} {inactive:plural:customer|customers} bought nothing in the last 12 months and form their own group, "
        "“No purchase in 12 months”.",
    ),
    "segments.sat.no_score": (
        "满意度指标：{measure}。{total} 位客户中有 {n} 位没有评分，单独列为「无评分」。",
        "Satisfaction measure: {measure}. {n} of {total} {total:plural:customer|customers} have no score and are shown as “No score”.",
    ),
    "segments.sat.no_measure": (
        "数据中没有 CSAT 或 NPS 评分，无法划分满意度 × 忠诚度；导入客户数据中的评分列后即可使用。",
        "The data has no CSAT or NPS scores, so this matrix cannot be drawn; import customer scores to use it.",
    ),
    "segments.list_sep": ("、", ", "),
    "segments.churn.skipped": ("以下维度缺少数据，已跳过：{dims}", "Skipped for lack of data: {dims}"),
    "segments.tags.skipped": ("以下标签缺少所需数据，已跳过：{tags}", "Skipped for lack of data: {tags}"),
    "segments.tags.line": ("**{tag}**（{n} 位）：{treatment}", "**{tag}** ({n}): {treatment}"),
    "segments.kpi.period": ("期间", "Period"),
    "segments.kpi.channels": ("渠道", "Channels"),
    "segments.kpi.cities": ("城市", "Cities"),
    "segments.kpi.segment": ("客群", "Segment"),
    "segments.kpi.all": ("全部客户", "All customers"),
    "segments.kpi.customers": ("活跃客户", "Active customers"),
    "segments.kpi.orders": ("订单数", "Orders"),
    "segments.kpi.revenue": ("收入", "Revenue"),
    "segments.kpi.aov": ("客单价", "Average order value"),
    "segments.kpi.arpu": ("ARPU（人均收入）", "ARPU"),
    "segments.kpi.repurchase_rate": ("复购率", "Repurchase rate"),
    "segments.kpi.purchase_frequency": ("人均订单数", "Orders per customer"),
    "segments.kpi.churn_rate": ("流失率", "Churn rate"),
    "segments.kpi.retention_rate": ("留存率", "Retention rate"),
    "segments.kpi.new_customers": ("新客户", "New customers"),
    "segments.kpi.nps": ("NPS 净推荐值", "NPS"),
    "segments.kpi.csat": ("CSAT 平均分", "CSAT (mean)"),
    "segments.kpi.csat_top2": ("CSAT 4–5 分占比", "CSAT top-2 box"),
    "segments.kpi.ces": ("CES 客户费力度", "CES (effort)"),
    "segments.kpi.referral_share": ("口碑裂变率", "Referral share"),
    "segments.kpi.definitions": (
        "口径：活跃客户 = 期间内有订单；复购率 = 期间内在两天及以上购买的客户占比；流失率 = 上一个等长期间的客户中本期没有购买的占比；"
        "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比；口碑裂变率 = 期间新客户中来自转介绍的占比。缺少数据的指标显示为「–」。",
        "Definitions: active = ordered in the period; repurchase rate = share of active customers buying on two "
        "or more days; churn = share of the previous equally long window's customers with no order in the "
        "period; NPS = % promoters (9–10) − % detractors (0–6); referral share = share of new customers "
        "acquired by referral. KPIs the data cannot give show “–”.",
    ),
    "segments.clv.simple": (
        "**简单公式**：客单价 {aov} × 年购买次数 {purchases_per_year} × 客户寿命 {lifespan_years} 年 × 毛利率 "
        "{margin}（年折现率 {discount_rate}）= **{value}**。下面是按 {model} 与 Gamma-Gamma 模型逐个客户预测的结果。",
        "**Simple formula**: average order value {aov} × purchases per year {purchases_per_year} × "
        "lifespan {lifespan_years} years × margin {margin} (discounted at {discount_rate} a year) = "
        "**{value}**. Below, each customer's value from the {model} and Gamma-Gamma models.",
    ),
    "segments.clv.one_time.mbgnbd": (
        "按 MBG/NBD，只买过一次的客户也可能已经流失（第 0 行）。",
        "Under MBG/NBD a one-time buyer may have left too (row 0).",
    ),
    "segments.clv.one_time.bgnbd": (
        "按 BG/NBD，只买过一次的客户始终视为活跃（第 0 行全为 100%）：客户大多只买过一次时，请改用 MBG/NBD。",
        "Under BG/NBD a one-time buyer always counts as active (row 0 is 100%): where most customers bought "
        "once, switch to MBG/NBD.",
    ),
    "segments.clv.mean": ("人均客户终身价值（未来 {months} 个月）", "Mean CLV (next {months} {months:plural:month|months})"),
    "segments.clv.total": ("客户终身价值合计", "Total CLV"),
    "segments.clv.alive": ("平均仍活跃概率", "Mean probability still active"),
    "segments.clv.params": (
        "{model} 参数（时间单位：周）：r = {r}，α = {alpha}，a = {a}，b = {b}；Gamma-Gamma：p = {p}，q = {q}，γ = {v}。",
        "{model} parameters (time unit: weeks): r = {r}, α = {alpha}, a = {a}, b = {b}; Gamma-Gamma: p = {p}, "
        "q = {q}, γ = {v}.",
    ),
    "segments.clv.p_alive_note": (
        "以一位首购约 {weeks} 周前的典型客户为例：复购次数越多、距上次购买越近，越可能仍是活跃客户。{one_time}",
        "Read for a typical customer who first bought about {weeks} {weeks:plural:week|weeks} ago: the more repeat purchases and "
        "the more recent the last one, the likelier they are still active. {one_time}",
    ),
    "segments.check.explain": (
        "把历史分为校准期和验证期：只用校准期数据拟合模型，再预测验证期内的购买，与实际对比，并与「按过去速度继续购买」的简单基准比较。"
        "误差越小，模型对这家客户的数据越有用。",
        "Split the history into a calibration and a holdout period: fit on calibration only, predict holdout "
        "purchases, compare with what happened, and with a naive baseline (each customer keeps their past "
        "rate). The smaller the error, the more the model is worth on this client's data.",
    ),
    "segments.check.cal_end": ("校准期结束", "Calibration end"),
    "segments.check.obs_end": ("验证期结束", "Holdout end"),
    "segments.check.customers": ("参与检验的客户", "Customers checked"),
    "segments.check.mae": ("{model} 每人误差（次）", "{model}: error per customer"),
    "segments.check.card_help": (
        "验证期每位客户购买次数的平均绝对误差。总量误差 {total}（简单基准 {naive_total}）；校准期对数似然 {loglik}。",
        "Mean absolute error of each customer's holdout purchases. Error on the total {total} (naive baseline "
        "{naive_total}); calibration log-likelihood {loglik}.",
    ),
    "segments.check.verdict": (
        "每位客户验证期购买次数的平均绝对误差：MBG/NBD **{mbgnbd}**，BG/NBD **{bgnbd}**，简单基准 **{naive}**；"
        "验证期购买总量的误差：MBG/NBD {total_mbgnbd}，BG/NBD {total_bgnbd}，简单基准 {total_naive}。"
        "在这家客户的数据上 **{best}** 更准确；两个模型参数个数相同，对数似然也可直接比较（MBG/NBD {ll_mbgnbd}，"
        "BG/NBD {ll_bgnbd}，越大越好）。",
        "Mean absolute error of holdout purchases per customer: MBG/NBD **{mbgnbd}**, BG/NBD **{bgnbd}**, naive "
        "baseline **{naive}**; error on total holdout purchases: MBG/NBD {total_mbgnbd}, BG/NBD {total_bgnbd}, "
        "naive baseline {total_naive}. On this client's data **{best}** predicts better; both models have four "
        "parameters, so their log-likelihoods compare directly (MBG/NBD {ll_mbgnbd}, BG/NBD {ll_bgnbd}, "
        "higher is better).",
    ),
    "segments.model.mbgnbd": ("MBG/NBD", "MBG/NBD"),
    "segments.model.bgnbd": ("BG/NBD", "BG/NBD"),
}
