"""The canonical fields of each kind of table: type, whether required, and the header names that suggest them.

This is data, not logic: the mapping suggester, the validator and the page all read it (the README's data
format section describes it). Synonyms are compared after :func:`normalise_header` (lower case, no spaces,
underscores or punctuation), so ``Customer ID``, ``customer_id`` and ``客户 ID`` all become ``customerid`` / ``客户id``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workbench.core.errors import WorkbenchError

__all__ = ["Field", "KINDS", "FIELDS", "TABLES", "check_kind", "fields_for", "required_fields", "normalise_header"]

KINDS: tuple[str, ...] = ("orders", "customers", "survey")
TABLES = {"orders": "orders", "customers": "customers", "survey": "survey"}


@dataclass(frozen=True)
class Field:
    """One canonical column.

    ``type`` decides how the text is parsed: ``id`` and ``text`` are trimmed strings, ``timestamp`` and
    ``date`` accept the date forms of :mod:`workbench.ingest.parse_sql`, ``money`` accepts currency symbols
    and thousands separators, ``number`` is a plain number (``percent`` also accepts ``45%``), ``int`` a whole
    number. ``low``/``high`` bound numbers (inclusive); a value outside is quarantined.
    """

    name: str
    type: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None



# The same customer id in every kind of file: a header that names it in one names it in all.
_CUSTOMER_ID = (
    "customerid", "customer", "custid", "clientid", "memberid", "userid", "buyerid", "accountid",
    "客户id", "客户编号", "客户号", "客户代码", "会员号", "会员id", "会员编号", "会员卡号", "用户id",
    "用户编号", "顾客id", "顾客编号", "买家id",
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "orders": (
        Field("order_id", "id", False, (
            "orderid", "ordernumber", "orderno", "order", "transactionid", "invoiceno", "invoice", "receiptno",
            "订单号", "订单id", "订单编号", "单号", "交易号", "交易id", "交易编号", "流水号", "小票号")),
        Field("customer_id", "id", True, _CUSTOMER_ID),
        Field("order_ts", "timestamp", True, (
            "orderts", "orderdate", "ordertime", "orderdatetime", "date", "datetime", "timestamp", "time",
            "purchasedate", "purchasetime", "transactiondate", "transactiontime", "createdat", "paidat",
            "下单时间", "订单日期", "订单时间", "下单日期", "交易时间", "交易日期", "购买时间", "购买日期",
            "支付时间", "付款时间", "日期", "时间")),
        Field("amount", "money", True, (
            "amount", "revenue", "sales", "total", "totalamount", "orderamount", "netamount", "paidamount",
            "value", "ordervalue", "price", "payment",
            "实付金额", "金额", "订单金额", "支付金额", "实收金额", "付款金额", "销售额", "消费金额", "成交金额",
            "实付", "营业额")),
        Field("channel", "text", False, ("channel", "saleschannel", "渠道", "销售渠道", "下单渠道", "来源渠道")),
        Field("city", "text", False, ("city", "storecity", "城市", "所在城市", "门店城市")),
        Field("category", "text", False, (
            "category", "productcategory", "品类", "类别", "类目", "商品类别", "商品品类")),
        Field("discount", "money", False, (
            "discount", "discountamount", "coupon", "优惠", "折扣", "优惠金额", "折扣金额", "优惠券")),
    ),
    "customers": (
        Field("customer_id", "id", True, _CUSTOMER_ID),
        Field("signup_date", "date", False, (
            "signupdate", "signup", "registrationdate", "registerdate", "joindate", "joined", "membersince",
            "注册日期", "注册时间", "入会日期", "入会时间", "开卡日期", "首次注册")),
        Field("city", "text", False, ("city", "城市", "所在城市", "常住城市")),
        Field("age_band", "text", False, ("ageband", "agegroup", "age", "年龄段", "年龄", "年龄组")),
        Field("gender", "text", False, ("gender", "sex", "性别")),
        Field("nps", "number", False, ("nps", "推荐意愿", "净推荐值", "推荐分", "nps评分"), 0, 10),
        Field("csat", "number", False, ("csat", "satisfaction", "满意度", "满意度评分", "csat评分"), 0, None),
        Field("ces", "number", False, ("ces", "effort", "customereffort", "费力度", "客户费力度"), 0, None),
        Field("feature_usage", "percent", False, (
            "featureusage", "usage", "coreusage", "功能使用率", "核心功能使用率", "使用率"), 0, 1),
        Field("community_prev", "number", False, (
            "communityprev", "communityprevious", "前期互动", "前期社群互动", "社群互动前期"), 0, None),
        Field("community_recent", "number", False, (
            "communityrecent", "近期互动", "近期社群互动", "社群互动近期"), 0, None),
        Field("referrals", "number", False, ("referrals", "referral", "推荐人数", "转介绍", "转介绍人数"), 0, None),
        Field("acquisition_channel", "text", False, (
            "acquisitionchannel", "acquisition", "source", "获客渠道", "来源", "注册渠道", "获客来源")),
        Field("cost_to_serve", "money", False, ("costtoserve", "servicecost", "服务成本", "成本")),
    ),
    "survey": (
        Field("respondent_id", "id", True, (
            "respondentid", "respondent", "responseid", "受访者id", "受访者", "答卷id", "答卷编号", "问卷编号")),
        Field("customer_id", "id", False, _CUSTOMER_ID),
        Field("segment", "text", False, ("segment", "group", "细分", "客群", "人群", "客户群")),
        Field("attribute", "text", True, (
            "attribute", "item", "dimension", "属性", "指标", "评价项", "价值属性", "评价维度")),
        Field("layer", "text", False, ("layer", "valuelayer", "价值层", "价值层级", "层级")),
        Field("importance", "number", False, ("importance", "重要性", "重要度"), 0, None),
        Field("expectation", "number", False, ("expectation", "expected", "期望", "期望值"), 0, None),
        Field("performance", "number", False, (
            "performance", "perceived", "perceivedperformance", "表现", "感知表现", "实际表现"), 0, None),
        Field("competitor", "number", False, ("competitor", "competition", "竞争对手", "竞品", "竞品表现"), 0, None),
        Field("kano_functional", "int", False, (
            "kanofunctional", "functional", "正向问题", "功能型问题", "kano正向"), 1, 5),
        Field("kano_dysfunctional", "int", False, (
            "kanodysfunctional", "dysfunctional", "反向问题", "非功能型问题", "kano反向"), 1, 5),
    ),
}

_PUNCT = re.compile(r"[\s_\-./:：（）()\[\]【】#*]+")


def normalise_header(name: object) -> str:
    """Header text reduced for matching: NFKC, lower case, no spaces, underscores or punctuation."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip().lower()
    return _PUNCT.sub("", text)


def fields_for(kind: str) -> tuple[Field, ...]:
    """The fields of ``kind``; raises ``ingest.error.unknown_kind`` for a kind that does not exist."""
    check_kind(kind)
    return FIELDS[kind]


def check_kind(kind: str) -> None:
    """Raise the translated error for an unknown data kind."""
    if kind not in FIELDS:
        raise WorkbenchError("ingest.error.unknown_kind", kind=kind, kinds=", ".join(FIELDS))


def required_fields(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind] if f.required]
