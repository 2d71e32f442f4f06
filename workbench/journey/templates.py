"""Journey-map templates to start a workshop from, in Chinese and English.

Templates are data: each text is a ``(zh, en)`` pair; :func:`build_template` picks one language and returns
an unsaved :class:`~workbench.journey.JourneyMap`. The default five stages (认知 → 考虑 → 购买 → 体验 → 忠诚)
follow the source material's journey exercise; the industry templates rename them the way each trade talks
about its funnel. Content is written as a consultant's first draft: typical touchpoints, pains and
opportunities of the trade (the source's coffee-shop, e-commerce, B2B and insurance examples), emotion
scores on the −2…+2 scale, and evidence marked "assumed" or "some" — a template is a hypothesis until the
room's data backs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from workbench.core.errors import WorkbenchError

__all__ = ["TEMPLATES", "TEMPLATE_KEYS", "DEFAULT_STAGES", "default_stage_names", "build_template"]

Pair = tuple[str, str]

DEFAULT_STAGES: tuple[Pair, ...] = (
    ("认知", "Awareness"),
    ("考虑", "Consideration"),
    ("购买", "Purchase"),
    ("体验", "Experience"),
    ("忠诚与推荐", "Loyalty & advocacy"),
)


def _s(name: Pair, evidence: str, as_is: float, to_be: float, **lanes: Any) -> dict[str, Any]:
    return {"name": name, "evidence": evidence, "as_is": as_is, "to_be": to_be, "lanes": lanes}


def _o(text: Pair, owner: Pair, status: str = "open") -> tuple[Pair, Pair, str]:
    """An opportunity with its owner and status."""
    return (text, owner, status)


TEMPLATES: Mapping[str, dict[str, Any]] = MappingProxyType({
    "coffee": {
        "persona": {
            "name": ("林悦", "Lin Yue"),
            "role": ("互联网公司产品经理，工作日通勤族", "Product manager at a tech firm, weekday commuter"),
            "age_band": ("25–34", "25–34"),
            "goals": ("早上赶时间也能喝到稳定好喝的咖啡；午后有个能放松或小聚的地方",
                      "A reliably good coffee even on rushed mornings; a place to unwind or meet in the afternoon"),
            "needs": ("高峰期排队久、出杯慢；会员权益看不懂、积分常过期",
                      "Long queues and slow hand-off at peak; loyalty perks hard to follow, points expire"),
            "channels": ("小程序点单、小红书、朋友圈、写字楼周边门店",
                         "Mini-program ordering, Xiaohongshu, WeChat Moments, stores near the office"),
            "disc": "I",
        },
        "stages": [
            _s(("认知", "Awareness"), "some", 0, 1,
               touchpoints=[("小红书探店笔记", "Xiaohongshu store reviews"), ("写字楼门店招牌", "Storefront near the office")],
               actions=[("刷到新品笔记，收藏", "Sees a new-drink post and saves it")],
               thoughts=[("“这家新出的燕麦拿铁好像不错”", "“That new oat latte looks good”")],
               pain_points=[("新品信息散落，不知道附近哪家店有", "New drinks are announced everywhere but not which nearby store has them")],
               opportunities=[_o(("笔记内嵌“附近门店可售”入口", "Add a ‘available near you’ link to social posts"), ("品牌市场部", "Brand marketing"))],
               backstage=[("新品上市排期与门店备货", "Launch calendar and store stock planning")],
               kpis=[("品牌搜索量、笔记收藏数", "Brand searches, post saves")],
               owner=[("品牌市场部", "Brand marketing")]),
            _s(("考虑", "Consideration"), "assumed", 0, 1,
               touchpoints=[("小程序菜单", "Mini-program menu"), ("同事推荐", "Colleague’s recommendation")],
               actions=[("比较价格与优惠券", "Compares prices and coupons")],
               thoughts=[("“有没有券？会员价划算吗？”", "“Is there a coupon? Is the member price worth it?”")],
               pain_points=[("优惠规则复杂，算不清到手价", "Complicated offers; the final price is unclear")],
               opportunities=[_o(("菜单直接显示会员到手价", "Show the member’s final price on the menu"), ("数字化产品组", "Digital product team"))],
               backstage=[("价格与促销规则配置", "Price and promotion rule set-up")],
               kpis=[("菜单页到下单转化率", "Menu-to-order conversion")],
               owner=[("数字化产品组", "Digital product team")]),
            _s(("到店/下单", "Order & pick-up"), "data", -1, 1,
               touchpoints=[("小程序预点单", "Order-ahead in the mini-program"), ("门店取餐台", "Pick-up counter")],
               actions=[("通勤路上下单，到店取杯", "Orders on the commute, collects in store")],
               thoughts=[("“说好 5 分钟，怎么还没做好？”", "“It said 5 minutes — why isn’t it ready?”")],
               pain_points=[("早高峰出杯慢，预计时间不准", "Slow hand-off at morning peak; ready-time estimate is wrong"),
                            ("取餐台拥挤，找不到自己的杯", "Crowded pick-up counter; hard to find one’s cup")],
               opportunities=[_o(("按门店实时产能预估出杯时间", "Estimate ready time from each store’s live capacity"), ("门店运营", "Store operations"), "planned"),
                              _o(("高峰期增设取餐分区与叫号屏", "Pick-up zones and a call screen at peak"), ("门店运营", "Store operations"))],
               backstage=[("高峰排班、半成品预备", "Peak staffing, prep of components")],
               kpis=[("平均出杯时长、超时订单占比", "Average hand-off time, share of late orders")],
               owner=[("门店运营", "Store operations")]),
            _s(("体验", "Experience"), "some", 1, 2,
               touchpoints=[("饮品本身", "The drink itself"), ("店员服务", "Barista service")],
               actions=[("午后约同事小坐", "Meets colleagues in the afternoon")],
               thoughts=[("“店员记得我少糖，很贴心”", "“The barista remembered I take less sugar — nice”")],
               pain_points=[("不同门店口味不一致", "Taste varies between stores")],
               opportunities=[_o(("在会员档案记住口味偏好并在出杯时提示", "Keep taste preferences in the member profile and prompt baristas"), ("CRM 团队", "CRM team"))],
               backstage=[("出品标准与巡店稽核", "Recipe standards and store audits")],
               kpis=[("CSAT、口味投诉率", "CSAT, taste complaints")],
               owner=[("品控部", "Quality assurance")]),
            _s(("忠诚与推荐", "Loyalty & advocacy"), "assumed", 0, 2,
               touchpoints=[("会员积分与等级", "Points and member tiers"), ("生日券", "Birthday voucher")],
               actions=[("偶尔兑换积分，转发新品给同事", "Redeems points now and then, shares new drinks")],
               thoughts=[("“积分又过期了，算了”", "“My points expired again — never mind”")],
               pain_points=[("积分过期无提醒，权益感弱", "Points expire without notice; perks feel weak")],
               opportunities=[_o(("积分到期前推送与一键兑换", "Reminder and one-tap redemption before points expire"), ("CRM 团队", "CRM team")),
                              _o(("同事拼单返券，鼓励口碑", "Group-order reward to encourage word of mouth"), ("品牌市场部", "Brand marketing"))],
               backstage=[("会员体系与积分规则", "Loyalty programme and point rules")],
               kpis=[("复购率、月活会员、NPS", "Repurchase rate, monthly active members, NPS")],
               owner=[("CRM 团队", "CRM team")]),
        ],
    },
    "ecommerce": {
        "persona": {
            "name": ("陈静", "Chen Jing"),
            "role": ("二线城市职场妈妈", "Working mother in a tier-2 city"),
            "age_band": ("30–39", "30–39"),
            "goals": ("省时省心地为家里买到靠谱的商品", "Buy reliable products for the family with little time and worry"),
            "needs": ("怕买到假货、退换麻烦；物流时效不确定", "Fears fakes and hassle with returns; unsure delivery times"),
            "channels": ("App、直播间、妈妈群、短信", "App, live-stream shopping, parents’ chat groups, SMS"),
            "disc": "S",
        },
        "stages": [
            _s(("认知种草", "Discovery"), "some", 0, 1,
               touchpoints=[("直播间", "Live-stream"), ("妈妈群推荐", "Parents’ group recommendations")],
               actions=[("看直播、点开商品链接", "Watches a live-stream, opens the product link")],
               thoughts=[("“主播说好用，不知道真假”", "“The host says it’s great — is it true?”")],
               pain_points=[("种草内容与实际商品不一致", "Promoted content doesn’t match the product")],
               opportunities=[_o(("引入真实买家秀与质检报告", "Show verified buyer photos and test reports"), ("内容运营", "Content operations"))],
               backstage=[("达人合作与内容审核", "Influencer deals and content review")],
               kpis=[("曝光到访问点击率", "View-to-visit click-through")],
               owner=[("内容运营", "Content operations")]),
            _s(("搜索比较", "Search & compare"), "data", -1, 1,
               touchpoints=[("搜索与商品详情页", "Search and product page"), ("评价区", "Reviews")],
               actions=[("比价、看差评", "Compares prices, reads bad reviews")],
               thoughts=[("“这么多规格，哪个适合我家？”", "“So many variants — which suits us?”")],
               pain_points=[("规格参数看不懂，选择困难", "Specs are hard to understand; choice overload")],
               opportunities=[_o(("按家庭场景的选购向导", "A buying guide by household situation"), ("商品运营", "Merchandising"))],
               backstage=[("商品信息标准化", "Product data standards")],
               kpis=[("详情页跳出率、加购率", "Product-page bounce, add-to-cart rate")],
               owner=[("商品运营", "Merchandising")]),
            _s(("下单支付", "Checkout"), "data", 0, 1,
               touchpoints=[("购物车与结算页", "Cart and checkout"), ("优惠券", "Coupons")],
               actions=[("凑满减、用券、支付", "Adds items to reach a threshold, applies coupons, pays")],
               thoughts=[("“凑单好累，到底省了多少？”", "“Filling the basket is tiring — how much did I save?”")],
               pain_points=[("满减规则复杂，结算时价格变化", "Complex threshold discounts; price changes at checkout")],
               opportunities=[_o(("结算页一次讲清优惠明细", "One clear discount breakdown at checkout"), ("交易产品组", "Checkout product team"))],
               backstage=[("促销引擎、支付风控", "Promotion engine, payment risk checks")],
               kpis=[("结算转化率、购物车放弃率", "Checkout conversion, cart abandonment")],
               owner=[("交易产品组", "Checkout product team")]),
            _s(("收货使用", "Delivery & use"), "some", -2, 1,
               touchpoints=[("物流通知", "Delivery notifications"), ("快递员", "Courier"), ("在线客服", "Online service")],
               actions=[("查物流、签收、遇到问题找客服", "Tracks the parcel, signs for it, contacts service if needed")],
               thoughts=[("“又延迟了，客服一直是机器人”", "“Late again, and service is always a bot”")],
               pain_points=[("延迟无主动告知", "Delays with no proactive notice"), ("退换货流程长", "Returns take too long")],
               opportunities=[_o(("延迟主动通知并自动补偿", "Proactive delay notice with automatic compensation"), ("物流中心", "Fulfilment"), "planned"),
                              _o(("上门取件极速退款", "Doorstep pick-up with instant refund"), ("客服中心", "Customer service"))],
               backstage=[("仓配协同、客服工单系统", "Warehouse–courier coordination, ticketing")],
               kpis=[("准时送达率、首次解决率、CES", "On-time delivery, first-contact resolution, CES")],
               owner=[("物流中心", "Fulfilment")]),
            _s(("复购分享", "Repurchase & share"), "assumed", 0, 2,
               touchpoints=[("会员中心", "Member centre"), ("补货提醒", "Replenishment reminder")],
               actions=[("到用完时再搜一次", "Searches again when the product runs out")],
               thoughts=[("“上次那个还不错，但懒得再找”", "“The last one was fine but I can’t be bothered to look again”")],
               pain_points=[("复购路径长，容易被别家截走", "Long path to reorder; competitors intercept")],
               opportunities=[_o(("按消耗周期的一键复购提醒", "One-tap reorder reminders timed to usage"), ("CRM 团队", "CRM team")),
                              _o(("老带新拼团奖励", "Referral group-buy reward"), ("用户增长", "Growth team"))],
               backstage=[("用户标签与自动化营销", "Customer tags and marketing automation")],
               kpis=[("90 天复购率、口碑裂变率", "90-day repurchase rate, referral share")],
               owner=[("CRM 团队", "CRM team")]),
        ],
    },
    "b2b": {
        "persona": {
            "name": ("王磊", "Wang Lei"),
            "role": ("制造企业 IT 负责人（决策者）", "Head of IT at a manufacturer (decision maker)"),
            "age_band": ("35–49", "35–49"),
            "goals": ("在预算内按期上线，降低运维风险，向管理层证明投资回报",
                      "Go live on time and on budget, reduce operational risk, prove ROI to the board"),
            "needs": ("厂商承诺多、落地难；上线后响应慢", "Vendors over-promise and under-deliver; slow support after go-live"),
            "channels": ("行业峰会、同行推荐、邮件、客户经理", "Industry events, peer referrals, email, account manager"),
            "disc": "C",
        },
        "stages": [
            _s(("认知", "Awareness"), "assumed", 0, 1,
               touchpoints=[("行业峰会演讲", "Conference talk"), ("同行推荐", "Peer referral")],
               actions=[("下载白皮书，转给团队", "Downloads a white paper, forwards it to the team")],
               thoughts=[("“同行用了，效果是真的吗？”", "“Peers use it — are the results real?”")],
               pain_points=[("案例缺少可比的行业数据", "Case studies lack comparable industry figures")],
               opportunities=[_o(("按行业整理带量化结果的案例库", "Case library by industry with quantified results"), ("市场部", "Marketing"))],
               backstage=[("线索评分与分配", "Lead scoring and routing")],
               kpis=[("有效线索数（MQL）", "Marketing-qualified leads")],
               owner=[("市场部", "Marketing")]),
            _s(("评估选型", "Evaluation"), "some", -1, 1,
               touchpoints=[("售前方案演示", "Pre-sales demo"), ("POC 试点", "Proof of concept")],
               actions=[("组织多部门评估、做 POC", "Runs a cross-department evaluation and a POC")],
               thoughts=[("“演示很好，但能对接我们的老系统吗？”", "“Great demo — but will it connect to our legacy systems?”")],
               pain_points=[("POC 周期长，需求反复确认", "Long POC; requirements re-confirmed again and again")],
               opportunities=[_o(("标准化 POC 包（范围、数据、成功标准）", "Standard POC package: scope, data, success criteria"), ("售前团队", "Pre-sales"), "planned")],
               backstage=[("售前资源排期、方案评审", "Pre-sales scheduling, solution review")],
               kpis=[("POC 转化率、选型周期", "POC win rate, evaluation cycle time")],
               owner=[("售前团队", "Pre-sales")]),
            _s(("签约采购", "Contract"), "data", -1, 0,
               touchpoints=[("商务谈判", "Commercial negotiation"), ("法务与采购流程", "Legal and procurement")],
               actions=[("比价、走审批", "Benchmarks prices, runs approvals")],
               thoughts=[("“合同条款来回改，拖了一个月”", "“Contract terms went back and forth for a month”")],
               pain_points=[("合同模板不适配客户采购制度", "Contract template doesn’t fit the client’s procurement rules")],
               opportunities=[_o(("预审版合同与常见条款库", "Pre-approved contract and clause library"), ("法务部", "Legal"))],
               backstage=[("报价审批、合同管理", "Quote approval, contract management")],
               kpis=[("签约周期、赢单率", "Time to sign, win rate")],
               owner=[("销售部", "Sales")]),
            _s(("上线交付", "Onboarding"), "some", -2, 1,
               touchpoints=[("实施顾问", "Implementation consultant"), ("培训", "Training"), ("工单系统", "Ticket system")],
               actions=[("配合数据迁移，组织用户培训", "Supports data migration, organises user training")],
               thoughts=[("“交接后换了人，又要重新讲一遍需求”", "“After the hand-over a new team asks for the requirements again”")],
               pain_points=[("售前到交付信息断层", "Information lost between sales and delivery"), ("上线延期", "Go-live slips")],
               opportunities=[_o(("售前-交付联合启动会与需求交接清单", "Joint kick-off and a requirements hand-over checklist"), ("交付中心", "Delivery"), "planned"),
                              _o(("上线里程碑看板对客户可见", "Go-live milestone board visible to the client"), ("交付中心", "Delivery"))],
               backstage=[("项目管理、资源调度", "Project management, staffing")],
               kpis=[("按期上线率、首月工单量", "On-time go-live, first-month tickets")],
               owner=[("交付中心", "Delivery")]),
            _s(("续约扩展", "Renewal & growth"), "assumed", 0, 2,
               touchpoints=[("客户成功经理", "Customer success manager"), ("季度业务回顾", "Quarterly business review")],
               actions=[("评估使用效果，决定续约与扩容", "Reviews value, decides on renewal and expansion")],
               thoughts=[("“用得还行，但说不清带来了多少价值”", "“It works, but I can’t say how much value it brings”")],
               pain_points=[("缺少价值量化，续约谈判只谈价格", "No quantified value; renewal talks are only about price")],
               opportunities=[_o(("季度价值报告（节省工时、故障下降）", "Quarterly value report: hours saved, incidents avoided"), ("客户成功部", "Customer success"))],
               backstage=[("健康度评分与流失预警", "Health scoring and churn early warning")],
               kpis=[("续约率、净收入留存（NRR）、NPS", "Renewal rate, net revenue retention, NPS")],
               owner=[("客户成功部", "Customer success")]),
        ],
    },
    "insurance": {
        "persona": {
            "name": ("赵敏", "Zhao Min"),
            "role": ("有车有娃的家庭决策者", "Family decision maker with a car and children"),
            "age_band": ("30–44", "30–44"),
            "goals": ("用合理的保费保障家人和车辆，出险时省心", "Protect family and car at a fair premium; no hassle when claiming"),
            "needs": ("条款难懂，怕理赔被拒；续保被反复推销", "Policy wording is hard to follow; fears rejected claims; pushy renewal calls"),
            "channels": ("保险 App、代理人、比价平台、电话", "Insurer app, agent, comparison sites, phone"),
            "disc": "S",
        },
        "stages": [
            _s(("认知", "Awareness"), "assumed", 0, 1,
               touchpoints=[("代理人朋友圈", "Agent posts on WeChat"), ("比价平台广告", "Comparison-site ads")],
               actions=[("看到保险广告，问亲友意见", "Sees ads, asks friends and family")],
               thoughts=[("“保险都差不多吧，哪家靠谱？”", "“Aren’t all insurers the same? Which one is trustworthy?”")],
               pain_points=[("营销信息多，信任度低", "Too much marketing, little trust")],
               opportunities=[_o(("用真实理赔时效数据做品牌传播", "Use real claim-speed figures in brand communication"), ("品牌部", "Brand"))],
               backstage=[("合规审核营销内容", "Compliance review of marketing content")],
               kpis=[("品牌认知度、线索量", "Brand awareness, leads")],
               owner=[("品牌部", "Brand")]),
            _s(("比较咨询", "Compare & advise"), "some", -1, 1,
               touchpoints=[("代理人面谈", "Agent meeting"), ("App 产品页", "App product page")],
               actions=[("对比保障责任与保费", "Compares cover and premiums")],
               thoughts=[("“免责条款看不懂，怕被坑”", "“I can’t understand the exclusions — I’m afraid of being cheated”")],
               pain_points=[("条款专业难懂", "Policy wording is technical")],
               opportunities=[_o(("一页纸白话保障说明与场景示例", "One-page plain-language cover summary with examples"), ("产品精算部", "Product & actuarial"), "planned")],
               backstage=[("产品配置、核保规则", "Product set-up, underwriting rules")],
               kpis=[("咨询到投保转化率", "Enquiry-to-application conversion")],
               owner=[("产品精算部", "Product & actuarial")]),
            _s(("投保", "Buy policy"), "data", 0, 1,
               touchpoints=[("在线投保流程", "Online application"), ("健康告知", "Health declaration")],
               actions=[("填写信息、上传证件、支付", "Fills in details, uploads ID, pays")],
               thoughts=[("“要填的东西太多了”", "“There is so much to fill in”")],
               pain_points=[("重复填写已知信息", "Re-entering information the insurer already has")],
               opportunities=[_o(("老客户信息预填与 OCR 识别", "Pre-fill for existing customers and ID scanning"), ("数字化部", "Digital"))],
               backstage=[("核保、出单、反欺诈", "Underwriting, policy issue, fraud checks")],
               kpis=[("投保完成率、出单时长", "Application completion, time to issue")],
               owner=[("数字化部", "Digital")]),
            _s(("理赔服务", "Claims & service"), "data", -2, 1,
               touchpoints=[("报案热线", "Claims hotline"), ("查勘员", "Loss adjuster"), ("App 进度查询", "Claim tracking in the app")],
               actions=[("报案、补交材料、等待赔付", "Reports the claim, sends documents, waits for payment")],
               thoughts=[("“材料交了三次，进度完全不透明”", "“I sent documents three times and see no progress”")],
               pain_points=[("材料反复补交", "Documents requested repeatedly"), ("进度不透明", "No visibility of progress")],
               opportunities=[_o(("一次性材料清单与进度实时推送", "One complete document checklist and live status updates"), ("理赔中心", "Claims"), "planned"),
                              _o(("小额案件快赔（24 小时内到账）", "Fast track for small claims: paid within 24 hours"), ("理赔中心", "Claims"))],
               backstage=[("查勘调度、理算、支付", "Adjuster dispatch, assessment, payment")],
               kpis=[("理赔时效、理赔 NPS、投诉率", "Claim cycle time, claims NPS, complaint rate")],
               owner=[("理赔中心", "Claims")]),
            _s(("续保推荐", "Renewal & referral"), "some", -1, 1,
               touchpoints=[("续保提醒", "Renewal reminder"), ("代理人回访", "Agent follow-up")],
               actions=[("比价后决定是否续保", "Compares prices before renewing")],
               thoughts=[("“没出险也没什么优惠，换家试试”", "“No claims and still no discount — maybe I’ll switch”")],
               pain_points=[("续保电话过多、忠诚无回报", "Too many renewal calls; loyalty not rewarded")],
               opportunities=[_o(("无赔款优待与增值服务（道路救援、体检）", "No-claims reward and extra services (roadside help, health check)"), ("客户经营部", "Customer management"))],
               backstage=[("续保名单、流失预警模型", "Renewal lists, churn early-warning model")],
               kpis=[("续保率、转介绍率", "Renewal rate, referral share")],
               owner=[("客户经营部", "Customer management")]),
        ],
    },
})
TEMPLATE_KEYS: tuple[str, ...] = tuple(TEMPLATES)


def default_stage_names(lang: str) -> list[str]:
    """The five standard stages in ``lang``."""
    i = 1 if lang == "en" else 0
    return [pair[i] for pair in DEFAULT_STAGES]


def build_template(key: str, lang: str):
    """An unsaved map filled from template ``key`` in ``lang`` (zh or en)."""
    from workbench.journey.model import Item, JourneyMap, Persona, Stage

    if key not in TEMPLATES:
        raise WorkbenchError("journey.error.bad_template", template=key)
    i = 1 if lang == "en" else 0
    tpl = TEMPLATES[key]
    persona = Persona(**{k: (v if k == "disc" else v[i]) for k, v in tpl["persona"].items()})
    stages = []
    for n, spec in enumerate(tpl["stages"]):
        lanes = {}
        for lane, entries in spec["lanes"].items():
            if lane == "opportunities":
                lanes[lane] = tuple(Item(text=e[0][i], owner=e[1][i], status=e[2]) for e in entries)
            else:
                lanes[lane] = tuple(Item(text=e[i]) for e in entries)
        stages.append(Stage(stage_id=f"s{n + 1}", name=spec["name"][i], evidence=spec["evidence"],
                            emotion_as_is=float(spec["as_is"]), emotion_to_be=float(spec["to_be"]),
                            lanes=lanes))
    return JourneyMap(map_id=0, name="", persona=persona, stages=tuple(stages), template=key)
