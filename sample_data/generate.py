"""Deterministic generator of the demo dataset: a Chinese coffee-and-bakery chain over three years.

The data carries the structure the workbench's analyses look for, without ever labelling it:

* purchases follow the BG/NBD story (Fader, Hardie & Lee 2005): each customer buys at a Poisson rate drawn
  from a gamma distribution and, after each purchase, drops out with a probability drawn from a beta
  distribution; customers arrive throughout the window, faster towards the end (growth), plus an ad-campaign
  cohort in summer 2025 that churns quickly;
* purchase times are bent by weekly and yearly seasonality (summer iced drinks, December holidays, 双11 on
  e-commerce, the Spring Festival dip, member Tuesdays) through a time change of the Poisson process;
* hidden behavioural profiles give satisfied-but-disloyal customers, dissatisfied-but-captive office workers,
  price-sensitive, quality-seeking and social-sharing customers, and a group with recent churn signals;
* a value-gap survey with importance / expectation / performance / competitor ratings, Kano answers and an
  overall-satisfaction question whose answers depend on the attributes' performance.

Run ``python sample_data/generate.py [--out DIR] [--customers N] [--seed S]`` or call :func:`generate`.
The same seed always gives byte-identical files (gzip is written with a zero timestamp and no file name).
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["generate", "ORDER_COLUMNS", "CUSTOMER_COLUMNS", "SURVEY_COLUMNS", "START", "END"]

ORDER_COLUMNS = ["order_id", "customer_id", "order_ts", "amount", "channel", "city", "category", "discount"]
CUSTOMER_COLUMNS = [
    "customer_id", "signup_date", "city", "age_band", "gender", "nps", "csat", "ces", "feature_usage",
    "community_prev", "community_recent", "referrals", "acquisition_channel", "cost_to_serve",
]
SURVEY_COLUMNS = [
    "respondent_id", "customer_id", "segment", "attribute", "layer", "importance", "expectation",
    "performance", "competitor", "kano_functional", "kano_dysfunctional",
]

START = np.datetime64("2023-11-01")
END = np.datetime64("2026-10-31")  # last day inclusive
N_DAYS = int((END - START).astype(int)) + 1

CITIES = ["上海", "北京", "杭州", "深圳", "成都", "广州", "南京", "武汉"]
CITY_W = [0.24, 0.18, 0.12, 0.13, 0.10, 0.10, 0.07, 0.06]
CHANNELS = ["门店", "小程序", "外卖", "电商"]
CATEGORIES = ["咖啡", "茶饮", "烘焙", "轻食", "周边"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55+"]
GENDERS = ["男", "女"]
ACQ = ["门店", "小程序", "转介绍", "广告", "外卖平台"]
SPRING_FESTIVAL = ["2024-02-10", "2025-01-29", "2026-02-17"]

# Menu price points (CNY) per category; e-commerce coffee is beans / drip bags.
MENU = {
    "咖啡": [18, 22, 26, 28, 30, 32, 35, 38],
    "茶饮": [15, 18, 20, 22, 25, 28],
    "烘焙": [9, 12, 15, 18, 22, 26],
    "轻食": [22, 28, 32, 36, 42, 48],
    "周边": [39, 59, 69, 89, 129, 199],
}
BEANS = [49, 69, 89, 108, 138, 168]

# Hidden behavioural profiles. Never written out: the data has to carry them implicitly.
# rate: mean purchases per week while alive; shape: gamma shape of the rate within the profile;
# drop: beta(a, b) of the dropout probability after each purchase; sat: mean of a latent satisfaction.
# weekly: Mon..Sun intensity; chan: 门店/小程序/外卖/电商; cat: 咖啡/茶饮/烘焙/轻食/周边;
# disc: probability of a discount on ordinary / promotion days; promo: intensity on promotion days;
# tilt: beta(a, b) over the menu (higher a = pricier items); items: extra items per order (Poisson mean).
# age: 18-24/25-34/35-44/45-54/55+; acq: 门店/小程序/转介绍/广告/外卖平台.
PROFILES = {
    "captive": dict(share=0.09, rate=2.0, shape=2.5, drop=(1.0, 300.0), sat=-1.4, app=0.85, member=0.15,
                    weekly=[1.3, 1.3, 1.3, 1.3, 1.25, 0.4, 0.3], chan=[0.72, 0.26, 0.02, 0.00],
                    cat=[0.74, 0.06, 0.12, 0.08, 0.00], disc=(0.08, 0.25), promo=1.05, tilt=(1.5, 1.8),
                    items=0.12, age=[0.08, 0.55, 0.30, 0.06, 0.01], female=0.5, acq=[0.7, 0.25, 0.02, 0.02, 0.01]),
    "loyal": dict(share=0.10, rate=1.1, shape=2.0, drop=(1.0, 250.0), sat=1.8, app=0.9, member=0.55,
                  weekly=[1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95], chan=[0.5, 0.4, 0.07, 0.03],
                  cat=[0.55, 0.15, 0.17, 0.10, 0.03], disc=(0.12, 0.4), promo=1.15, tilt=(1.8, 1.5),
                  items=0.45, age=[0.10, 0.42, 0.32, 0.12, 0.04], female=0.56, acq=[0.45, 0.35, 0.12, 0.05, 0.03]),
    "mercenary": dict(share=0.10, rate=0.35, shape=1.5, drop=(2.0, 8.0), sat=1.6, app=0.6, member=0.2,
                      weekly=[1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95], chan=[0.55, 0.3, 0.12, 0.03],
                      cat=[0.45, 0.22, 0.15, 0.14, 0.04], disc=(0.15, 0.45), promo=1.2, tilt=(1.6, 1.6),
                      items=0.4, age=[0.2, 0.4, 0.25, 0.1, 0.05], female=0.55, acq=[0.5, 0.25, 0.05, 0.15, 0.05]),
    "price": dict(share=0.14, rate=0.55, shape=1.3, drop=(1.3, 60.0), sat=0.1, app=0.8, member=0.25,
                  weekly=[0.95, 1.1, 0.95, 0.95, 1.0, 1.05, 1.0], chan=[0.3, 0.38, 0.3, 0.02],
                  cat=[0.4, 0.35, 0.15, 0.09, 0.01], disc=(0.72, 0.95), promo=3.5, tilt=(1.0, 3.0),
                  items=0.15, age=[0.45, 0.35, 0.12, 0.06, 0.02], female=0.6, acq=[0.3, 0.35, 0.08, 0.12, 0.15]),
    "quality": dict(share=0.10, rate=0.6, shape=1.6, drop=(1.0, 75.0), sat=1.0, app=0.6, member=0.2,
                    weekly=[0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.0], chan=[0.75, 0.15, 0.03, 0.07],
                    cat=[0.5, 0.05, 0.18, 0.2, 0.07], disc=(0.03, 0.1), promo=1.0, tilt=(3.5, 1.2),
                    items=0.7, age=[0.04, 0.3, 0.38, 0.2, 0.08], female=0.5, acq=[0.65, 0.15, 0.1, 0.08, 0.02]),
    "social": dict(share=0.06, rate=0.8, shape=1.8, drop=(1.0, 250.0), sat=1.9, app=0.97, member=1.0,
                   weekly=[0.95, 0.95, 0.95, 1.0, 1.1, 1.1, 0.95], chan=[0.45, 0.45, 0.06, 0.04],
                   cat=[0.42, 0.3, 0.15, 0.08, 0.05], disc=(0.2, 0.55), promo=1.3, tilt=(1.7, 1.5),
                   items=0.6, age=[0.35, 0.45, 0.14, 0.05, 0.01], female=0.64, acq=[0.25, 0.35, 0.3, 0.08, 0.02]),
    "casual": dict(share=0.31, rate=0.28, shape=1.3, drop=(1.5, 4.0), sat=0.3, app=0.45, member=0.1,
                   weekly=[1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95], chan=[0.6, 0.2, 0.17, 0.03],
                   cat=[0.45, 0.25, 0.15, 0.12, 0.03], disc=(0.12, 0.45), promo=1.2, tilt=(1.5, 1.7),
                   items=0.35, age=[0.25, 0.35, 0.22, 0.12, 0.06], female=0.54, acq=[0.45, 0.2, 0.08, 0.17, 0.1]),
    "family": dict(share=0.10, rate=0.4, shape=1.7, drop=(1.2, 60.0), sat=0.8, app=0.55, member=0.2,
                   weekly=[0.8, 0.8, 0.8, 0.8, 0.9, 1.55, 1.45], chan=[0.55, 0.2, 0.2, 0.05],
                   cat=[0.3, 0.2, 0.3, 0.17, 0.03], disc=(0.15, 0.45), promo=1.3, tilt=(1.5, 1.6),
                   items=1.5, age=[0.02, 0.18, 0.5, 0.22, 0.08], female=0.58, acq=[0.55, 0.2, 0.1, 0.08, 0.07]),
}
PROFILE_NAMES = list(PROFILES)

# Hour-of-day profiles over 7..21 (opening hours 07:00-21:59).
HOURS = np.arange(7, 22)
HOUR_PROFILES = np.array([
    [.16, .26, .14, .05, .05, .09, .07, .05, .04, .03, .02, .02, .01, .005, .005],  # commuter weekday
    [.07, .13, .11, .08, .08, .11, .09, .09, .08, .06, .04, .03, .025, .02, .015],  # general
    [.02, .05, .08, .11, .10, .10, .09, .12, .12, .09, .06, .03, .015, .01, .005],  # weekend / family
    [.01, .04, .05, .06, .14, .17, .10, .12, .12, .07, .04, .035, .025, .01, .005],  # delivery
])
HOUR_PROFILES = HOUR_PROFILES / HOUR_PROFILES.sum(axis=1, keepdims=True)

# Value-gap survey: attribute, layer, importance, expectation, performance, competitor (means on 1-7),
# and Kano category probabilities (M, O, A, I, R, Q) where the attribute was asked in Kano form.
SURVEY_ATTRIBUTES = [
    ("咖啡口味", "基础价值", 6.5, 6.2, 5.9, 5.5, (0.55, 0.24, 0.05, 0.13, 0.01, 0.02)),
    ("价格", "基础价值", 6.0, 5.5, 4.7, 5.3, (0.50, 0.28, 0.05, 0.14, 0.02, 0.01)),
    ("出餐速度", "附加价值", 6.3, 6.0, 4.2, 5.4, (0.28, 0.46, 0.08, 0.16, 0.01, 0.01)),
    ("门店环境", "附加价值", 4.0, 4.6, 6.1, 5.0, None),
    ("小程序便捷", "附加价值", 5.8, 5.8, 4.2, 5.6, None),
    ("会员权益", "附加价值", 5.0, 5.0, 4.4, 4.9, (0.12, 0.50, 0.15, 0.20, 0.02, 0.01)),
    ("员工服务", "附加价值", 5.2, 5.3, 5.5, 5.1, None),
    ("外卖包装", "附加价值", 4.4, 4.9, 4.4, 4.6, None),
    ("品牌形象", "差异化价值", 4.6, 4.8, 5.6, 5.8, None),
    ("新品创新", "差异化价值", 4.3, 4.2, 4.9, 5.3, (0.05, 0.15, 0.52, 0.25, 0.02, 0.01)),
    ("社群活动", "差异化价值", 3.2, 3.3, 3.9, 3.4, (0.02, 0.08, 0.46, 0.39, 0.04, 0.01)),
    ("可持续/环保", "差异化价值", 3.8, 4.0, 3.6, 4.0, None),
]
# The overall-satisfaction question (总体满意度), asked once per respondent as a 13th row (performance only):
# it depends on the attributes' performance with these weights, which the derived-importance view should
# recover. Staff service drives it more, and price less, than respondents say (stated vs derived).
OVERALL_ATTRIBUTE = "总体满意度"
OVERALL_WEIGHTS = {"出餐速度": 0.30, "咖啡口味": 0.25, "员工服务": 0.25, "小程序便捷": 0.15, "会员权益": 0.08,
                   "品牌形象": 0.05, "新品创新": 0.06, "社群活动": 0.05}
SURVEY_SEGMENTS = ["白领通勤", "学生", "家庭", "商务"]
# Per-segment importance shifts: segment -> {attribute: delta}.
SEGMENT_IMPORTANCE = {
    "白领通勤": {"出餐速度": 0.5, "小程序便捷": 0.4, "门店环境": -0.4},
    "学生": {"价格": 0.7, "社群活动": 0.8, "新品创新": 0.5, "品牌形象": 0.3, "咖啡口味": -0.3},
    "家庭": {"外卖包装": 0.6, "门店环境": 0.4, "价格": 0.3, "出餐速度": -0.3},
    "商务": {"门店环境": 0.8, "员工服务": 0.6, "价格": -0.9, "品牌形象": 0.4},
}

REFUND_RATE = 0.005
RATE_SCALE = 0.62  # calibrates the total to about 19 orders per customer


def _day_index(dates: list[str]) -> np.ndarray:
    return (np.array(dates, dtype="datetime64[D]") - START).astype(int)


def _calendar() -> dict[str, np.ndarray]:
    """Per-day calendar features over the window."""
    days = START + np.arange(N_DAYS)
    dow = ((days - np.datetime64("1970-01-05")).astype(int)) % 7  # 0 = Monday
    years = days.astype("datetime64[Y]").astype(int) + 1970
    months = days.astype("datetime64[M]").astype(int) % 12 + 1
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    mday = (days - days.astype("datetime64[M]")).astype(int) + 1

    # Yearly: summer peak (iced drinks) and a smaller winter bump; December holidays; golden week dip.
    yearly = 1.0 + 0.10 * np.cos(2 * np.pi * (doy - 200) / 365.25) + 0.04 * np.cos(4 * np.pi * (doy - 15) / 365.25)
    yearly = yearly * np.where((months == 12) & (mday >= 20), 1.15, 1.0)
    yearly = yearly * np.where((months == 10) & (mday <= 7), 0.8, 1.0)
    # Spring Festival: big cities empty out for about ten days.
    sf = np.ones(N_DAYS)
    for d in _day_index(SPRING_FESTIVAL):
        lo, hi = max(d - 4, 0), min(d + 8, N_DAYS)
        sf[lo:hi] = 0.45
        sf[max(d - 10, 0):lo] = 0.85
    # 双11 (Nov 1-11, peaking on the 11th) and 618: extra demand, mostly on e-commerce.
    d11 = (months == 11) & (mday <= 11)
    ecom_peak = np.where(d11, 1.0 + 0.25 * mday, 1.0) * np.where((months == 11) & (mday == 11), 2.5, 1.0)
    ecom_peak = ecom_peak * np.where((months == 6) & (mday <= 18), 2.5, 1.0)
    shopping = np.where(d11, 1.0 + 0.02 * mday, 1.0) * np.where((months == 11) & (mday == 11), 1.35, 1.0)
    # Promotion days: member Tuesdays (from March 2024), 520, 618, 双11, 双12, New Year's Eve/Day.
    promo = ((dow == 1) & (days >= np.datetime64("2024-03-01")))
    promo |= (months == 5) & (mday == 20)
    promo |= (months == 6) & (mday >= 16) & (mday <= 18)
    promo |= d11 & (mday >= 9)
    promo |= (months == 12) & ((mday == 12) | (mday == 31))
    promo |= (months == 1) & (mday == 1)
    return dict(days=days, dow=dow, years=years, months=months, mday=mday, yearly=yearly * sf * shopping,
                promo=promo, ecom_peak=ecom_peak)


def _choice_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Draw one index per row of a (n, k) weight matrix (rows need not be normalised)."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), weights.shape[1] - 1)


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    width = max(width, len(str(n)))
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width))


def _gz_csv(df: pd.DataFrame, path: Path) -> None:
    data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _customers(rng: np.random.Generator, n: int, cal: dict) -> dict[str, np.ndarray]:
    """Hidden profile, arrival day and descriptive attributes of every customer."""
    shares = np.array([p["share"] for p in PROFILES.values()])
    prof = rng.choice(len(PROFILES), size=n, p=shares / shares.sum())
    # Arrivals: growing over time; an ad-campaign cohort in June-July 2025 of mostly casual / deal customers.
    t = np.arange(N_DAYS) / N_DAYS
    w = (0.55 + 1.45 * t) * np.where(cal["dow"] >= 5, 1.15, 1.0) * np.sqrt(cal["yearly"])
    signup = rng.choice(N_DAYS, size=n, p=w / w.sum())
    # The membership programme launched on 2023-11-01: existing guests registered in the first two months.
    launch = rng.random(n) < 0.10
    signup[launch] = np.minimum(rng.exponential(18.0, launch.sum()).astype(int), 60)
    campaign = rng.random(n) < 0.10
    c_lo, c_hi = _day_index(["2025-06-01", "2025-08-01"])
    signup[campaign] = rng.integers(c_lo, c_hi, campaign.sum())
    prof[campaign] = rng.choice([PROFILE_NAMES.index("casual"), PROFILE_NAMES.index("price"),
                                 PROFILE_NAMES.index("mercenary")], size=campaign.sum(), p=[0.6, 0.3, 0.1])
    # Some register in the mini-program a few days before their first purchase.
    lag = np.where(rng.random(n) < 0.15, rng.integers(1, 12, n), 0)
    first = np.minimum(signup + lag, N_DAYS - 1)

    g = prof
    P = [PROFILES[k] for k in PROFILE_NAMES]
    age = _choice_rows(rng, np.array([p["age"] for p in P])[g])
    female = rng.random(n) < np.array([p["female"] for p in P])[g]
    city = rng.choice(len(CITIES), size=n, p=np.array(CITY_W) / sum(CITY_W))
    acq = _choice_rows(rng, np.array([p["acq"] for p in P])[g])
    acq[campaign] = np.where(rng.random(campaign.sum()) < 0.8, ACQ.index("广告"), acq[campaign])
    app = rng.random(n) < np.array([p["app"] for p in P])[g]
    app |= acq == ACQ.index("小程序")
    member = app & (rng.random(n) < np.array([p["member"] for p in P])[g] / np.array([p["app"] for p in P])[g])
    # Price-sensitive customers split into store/app bargain hunters and delivery deal hunters with tiny baskets.
    delivery_deal = (g == PROFILE_NAMES.index("price")) & (rng.random(n) < 0.45)
    acq[delivery_deal & (rng.random(n) < 0.6)] = ACQ.index("外卖平台")
    return dict(prof=prof, signup=signup, first=first, age=age, female=female, city=city, acq=acq, app=app,
                member=member, campaign=campaign, delivery_deal=delivery_deal)


def _purchase_days(rng, cust, cal):
    """BG/NBD purchases on a seasonal clock: returns (customer index, day) of every purchase and alive flags."""
    n = len(cust["prof"])
    g = cust["prof"]
    G = len(PROFILES)
    # Daily intensity per profile: yearly season x weekday profile x promotion pull, mean 1 over the window.
    m = np.empty((G, N_DAYS))
    for k, p in enumerate(PROFILES.values()):
        m[k] = cal["yearly"] * np.array(p["weekly"])[cal["dow"]] * np.where(cal["promo"], p["promo"], 1.0)
        m[k] /= m[k].mean()
    C = np.cumsum(m, axis=1)
    offset = np.arange(G) * (N_DAYS * 10.0)
    flat = (C + offset[:, None]).ravel()

    mean_rate = np.array([p["rate"] for p in PROFILES.values()])[g] / 7.0
    shape = np.array([p["shape"] for p in PROFILES.values()])[g]
    lam = np.minimum(RATE_SCALE * mean_rate * rng.gamma(shape, 1.0 / shape), 0.7)
    lam = np.where(cust["campaign"], lam * 0.7, lam)
    a = np.array([p["drop"][0] for p in PROFILES.values()])[g]
    b = np.array([p["drop"][1] for p in PROFILES.values()])[g]
    b = np.where(cust["campaign"], b * 0.5, b)
    pdrop = rng.beta(a, b)

    L0 = C[g, cust["first"]]
    T = C[g, -1] - L0
    N = rng.poisson(lam * T)  # repeat-purchase opportunities while alive over the remaining window
    K = rng.geometric(np.clip(pdrop, 1e-4, 1.0))  # transactions (incl. the first) before dropping out
    reps = np.minimum(K - 1, N)
    alive = (K - 1) > N
    # First `reps` order statistics of N uniforms on (0, T): exponential spacings S_k / S_{N+1}.
    owner = np.repeat(np.arange(n), reps)
    e = rng.exponential(1.0, owner.size)
    cs = np.cumsum(e)
    start = np.concatenate([[0], np.cumsum(reps)[:-1]])
    seg_start = np.repeat(start, reps)
    base = cs[seg_start] - e[seg_start]
    S = cs - base
    S_m = np.zeros(n)
    has = reps > 0
    S_m[has] = S[np.cumsum(reps)[has] - 1]
    total = S_m + rng.gamma(np.maximum(N - reps + 1, 1).astype(float))
    x = L0[owner] + T[owner] * S / total[owner]
    day = np.searchsorted(flat, x + offset[g[owner]], side="left") - g[owner] * N_DAYS
    day = np.clip(day, 0, N_DAYS - 1)
    cust_idx = np.concatenate([np.arange(n), owner])
    days = np.concatenate([cust["first"], day])
    is_first = np.concatenate([np.ones(n, bool), np.zeros(owner.size, bool)])
    return cust_idx, days, is_first, alive


def _orders(rng, cust, cal):
    """Every purchase with its time, channel, city, category, gross price and discount; then refunds."""
    g_all = cust["prof"]
    P = [PROFILES[k] for k in PROFILE_NAMES]
    ci, day, is_first, alive = _purchase_days(rng, cust, cal)

    # Recent churn signals: some long-standing live customers fade from mid-July 2026.
    n = len(g_all)
    risk_p = np.array([0.28, 0.25, 0.08, 0.25, 0.18, 0.18, 0.14, 0.18])[g_all]
    at_risk = alive & (cust["first"] < _day_index(["2026-01-01"])[0]) & (rng.random(n) < risk_p)
    d1, d2 = _day_index(["2026-07-15", "2026-08-20"])
    keep_p = np.where(day < d1, 1.0, np.where(day < d2, 0.5, 0.12))
    keep = ~at_risk[ci] | is_first | (rng.random(ci.size) < keep_p)
    ci, day, is_first = ci[keep], day[keep], is_first[keep]
    g = g_all[ci]
    k = ci.size

    # Channel: customer preference (Dirichlet around the profile) x calendar (e-commerce festivals,
    # delivery in hot summer and cold winter). Non-app users never order on the mini-program.
    cw = np.array([p["chan"] for p in P])[g_all] + 1e-3
    cw = rng.gamma(cw * 6.0, 1.0)
    cw[:, 1] *= cust["app"]
    cw[cust["delivery_deal"]] = cw[cust["delivery_deal"]] * [0.35, 0.6, 3.0, 0.2]
    cw = cw / cw.sum(axis=1, keepdims=True)
    ow = cw[ci].copy()
    ow[:, 3] *= cal["ecom_peak"][day]
    months = cal["months"][day]
    ow[:, 2] *= np.where(np.isin(months, [6, 7, 8, 12, 1, 2]), 1.3, 1.0)
    chan = _choice_rows(rng, ow)

    # City: home city, 4% of in-person orders while travelling.
    city = cust["city"][ci].copy()
    travel = (rng.random(k) < 0.04) & (chan != 3)
    city[travel] = rng.choice(len(CITIES), size=travel.sum(), p=np.array(CITY_W) / sum(CITY_W))

    # Category: profile taste x season (iced tea in summer, coffee in winter) x channel.
    catw = np.array([p["cat"] for p in P])[g] + 0.005
    catw[:, 1] *= np.where(np.isin(months, [6, 7, 8]), 1.8, np.where(np.isin(months, [5, 9]), 1.3, 1.0))
    catw[:, 0] *= np.where(np.isin(months, [11, 12, 1, 2]), 1.15, 1.0)
    ecom = chan == 3
    catw[ecom] = [0.5, 0.02, 0.08, 0.0, 0.4]
    catw[chan == 2, 4] = 0.0
    cat = _choice_rows(rng, catw)

    # Price: a menu item (tilted to the customer's taste) x basket size x yearly price drift.
    ta = np.array([p["tilt"][0] for p in P])[g]
    tb = np.array([p["tilt"][1] for p in P])[g]
    pos = rng.beta(ta, tb)
    unit = np.zeros(k)
    for j, name in enumerate(CATEGORIES):
        sel = cat == j
        menu = np.array(MENU[name], float)
        idx = np.minimum((pos[sel] * len(menu)).astype(int), len(menu) - 1)
        unit[sel] = menu[idx]
    beans = ecom & (cat == 0)
    idx = np.minimum((pos[beans] * len(BEANS)).astype(int), len(BEANS) - 1)
    unit[beans] = np.array(BEANS, float)[idx]
    items_mu = np.array([p["items"] for p in P])[g]
    items_mu = np.where(cust["delivery_deal"][ci], 0.03, items_mu)
    items_mu = np.where(ecom, 0.4, items_mu)
    items_mu = np.where(cat == CATEGORIES.index("周边"), 0.15, items_mu)  # one mug, not six
    items = 1 + rng.poisson(items_mu)
    drift = 1.0 + 0.03 * day / 365.25
    gross = np.round(unit * items * drift * rng.uniform(0.95, 1.05, k))
    gross += np.where(chan == 2, 2.0, 0.0)  # delivery packaging fee
    gross = np.maximum(gross, 8.0)

    # Discounts: profile habit, promotion days, new-customer coupons.
    promo = cal["promo"][day] | (cal["ecom_peak"][day] > 1.0) & ecom
    dp = np.where(promo, np.array([p["disc"][1] for p in P])[g], np.array([p["disc"][0] for p in P])[g])
    dp = np.where(is_first, np.maximum(dp, 0.5), dp)
    has_disc = rng.random(k) < dp
    pct = rng.choice([0.1, 0.15, 0.2, 0.3, 0.5], size=k, p=[0.2, 0.25, 0.25, 0.2, 0.1])
    coupon = rng.choice([3.0, 5.0, 8.0, 10.0, 15.0, 20.0], size=k, p=[0.2, 0.3, 0.2, 0.15, 0.1, 0.05])
    deal_customer = np.isin(g, [PROFILE_NAMES.index("price")])
    pct = np.where(deal_customer, np.maximum(pct, 0.2), pct)
    disc = np.where(rng.random(k) < 0.55, np.round(gross * pct, 2), np.minimum(coupon, np.floor(gross * 0.5)))
    disc = np.where(has_disc, disc, 0.0)
    amount = np.round(gross - disc, 2)

    # Time of day: commuters' weekday mornings, weekend afternoons, delivery lunch peaks.
    dow = cal["dow"][day]
    hp = np.full(k, 1)
    hp[(dow >= 5)] = 2
    hp[(g == PROFILE_NAMES.index("captive")) & (dow < 5)] = 0
    hp[(g == PROFILE_NAMES.index("family"))] = 2
    hp[(g != PROFILE_NAMES.index("family")) & (dow < 5) & (rng.random(k) < 0.25)] = 0
    hp[chan == 2] = 3
    hour = HOURS[_choice_rows(rng, HOUR_PROFILES[hp])]
    sec = hour * 3600 + rng.integers(0, 3600, k)

    # Refunds: about 0.5% of purchases are refunded in full a few hours to two days later.
    eligible = np.flatnonzero(day < N_DAYS - 3)
    nref = int(round(REFUND_RATE * k))
    ref = np.sort(rng.choice(eligible, size=nref, replace=False))
    rday = day[ref] + rng.integers(0, 3, nref)
    rsec = rng.integers(7 * 3600, 22 * 3600, nref)
    same_day_early = (rday == day[ref]) & (rsec <= sec[ref])
    rday = np.where(same_day_early, rday + 1, rday)

    frame = dict(
        ci=np.concatenate([ci, ci[ref]]),
        day=np.concatenate([day, rday]),
        sec=np.concatenate([sec, rsec]),
        amount=np.concatenate([amount, -amount[ref]]),
        discount=np.concatenate([disc, np.zeros(nref)]),
        chan=np.concatenate([chan, chan[ref]]),
        city=np.concatenate([city, city[ref]]),
        cat=np.concatenate([cat, cat[ref]]),
    )
    return frame, at_risk


def _customer_table(rng, cust, orders, at_risk, ids):
    """Survey scores, app usage, community activity, referrals and cost to serve per customer."""
    n = len(cust["prof"])
    g = cust["prof"]
    P = [PROFILES[k] for k in PROFILE_NAMES]
    ci = orders["ci"]
    day = orders["day"]
    amount = orders["amount"]
    chan = orders["chan"]
    last = np.full(n, -1)
    np.maximum.at(last, ci, day)
    n_orders = np.bincount(ci[amount > 0], minlength=n)

    # Satisfaction: a latent score by profile; at-risk customers and lapsed ones lean negative
    # (mercenaries stay satisfied even when gone: satisfied but not loyal).
    lapsed = last < N_DAYS - 120
    merc = g == PROFILE_NAMES.index("mercenary")
    u = np.array([p["sat"] for p in P])[g] + rng.normal(0, 0.8, n)
    u = u - 1.6 * at_risk - 0.4 * (lapsed & ~merc)
    surveyed = rng.random(n) < np.clip(0.30 + 0.02 * np.minimum(n_orders, 10), 0, 0.6)
    nps = np.clip(np.round(7.4 + 1.5 * u + rng.normal(0, 1.0, n)), 0, 10)
    csat = np.clip(np.round(3.5 + 0.65 * u + rng.normal(0, 0.45, n)), 1, 5)
    ces = np.clip(np.round(4.6 + 0.9 * u + rng.normal(0, 0.8, n)), 1, 7)  # CES 2.0 agreement: 7 = very easy

    # Core-feature usage of the mini-program (app users only).
    fa = np.array([6.0, 6.0, 3.0, 4.0, 3.0, 7.0, 2.5, 3.0])[g]
    fb = np.array([3.5, 3.0, 3.0, 3.0, 3.0, 2.5, 3.5, 3.0])[g]
    fa = np.where(at_risk, 1.3, np.where(lapsed, fa * 0.6, fa))
    fb = np.where(at_risk, 4.5, fb)
    feature = rng.beta(fa, fb)

    # Community interactions in the previous (May-Jul) and recent (Aug-Oct 2026) 90-day windows.
    w_recent = N_DAYS - 90
    w_prev = N_DAYS - 180
    base = np.array([4.0, 10.0, 4.0, 5.0, 4.0, 28.0, 3.0, 5.0])[g] * rng.gamma(2.0, 0.5, n)
    exp_prev = np.clip((w_recent - np.maximum(cust["signup"], w_prev)) / 90, 0, 1)
    exp_recent = np.clip((N_DAYS - np.maximum(cust["signup"], w_recent)) / 90, 0, 1)
    act_prev = np.where(last >= w_prev - 30, 1.0, 0.08)
    act_recent = np.where(last >= w_recent - 30, 1.0, 0.05)
    act_recent = np.where(at_risk, 0.1, act_recent)
    drift = rng.lognormal(0, 0.25, n)
    c_prev = rng.poisson(base * exp_prev * act_prev)
    c_recent = rng.poisson(base * exp_recent * act_recent * drift)

    social = g == PROFILE_NAMES.index("social")
    ref_mu = np.where(social, 2.5, np.where(g == PROFILE_NAMES.index("loyal"), 0.5, 0.08))
    referrals = rng.poisson(ref_mu) + np.where(social, 2, 0)

    # Cost to serve (CNY / year, excludes product cost): delivery commission and rider subsidy, packaging,
    # e-commerce shipping, payment fees, coupon funding, refund handling, CRM / app / community running costs,
    # annualised over the customer's tenure in the window.
    var = np.where(chan == 2, 0.18 * np.abs(amount) + 4.0 + 1.5, 0.0)
    var += np.where(chan == 3, 10.0 + 1.5 + 0.03 * np.abs(amount), 0.0)
    var += np.where(chan == 1, 0.2, 0.0) + 0.006 * np.abs(amount)
    var += 0.35 * orders["discount"] + np.where(amount < 0, 6.0, 0.0)
    var_sum = np.bincount(ci, weights=var, minlength=n)
    tenure = np.maximum((N_DAYS - cust["signup"]) / 365.25, 0.25)
    recent = last >= N_DAYS - 180
    fixed = 1.0 + 3.0 * cust["app"] + 6.0 * (cust["member"] & recent)
    cts = np.round(var_sum / tenure + fixed + rng.normal(0, 0.5, n).clip(-1, 1), 2)

    signup_date = (START + cust["signup"]).astype(str)
    df = pd.DataFrame({
        "customer_id": ids,
        "signup_date": signup_date,
        "city": np.array(CITIES)[cust["city"]],
        "age_band": np.array(AGE_BANDS)[cust["age"]],
        "gender": np.where(cust["female"], "女", "男"),
        "nps": pd.array(np.where(surveyed, nps, np.nan), dtype="Int64"),
        "csat": pd.array(np.where(surveyed, csat, np.nan), dtype="Int64"),
        "ces": pd.array(np.where(surveyed, ces, np.nan), dtype="Int64"),
        "feature_usage": np.where(cust["app"], np.round(feature, 2), np.nan),
        "community_prev": pd.array(np.where(cust["member"], c_prev, np.nan), dtype="Int64"),
        "community_recent": pd.array(np.where(cust["member"], c_recent, np.nan), dtype="Int64"),
        "referrals": referrals.astype(int),
        "acquisition_channel": np.array(ACQ)[cust["acq"]],
        "cost_to_serve": cts,
    })
    return df[CUSTOMER_COLUMNS], surveyed, csat


def _kano_pair(rng, cat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A (functional, dysfunctional) answer pair that the standard Kano table maps to ``cat``.

    Categories: 0 M must-be, 1 O performance, 2 A attractive, 3 I indifferent, 4 R reverse, 5 Q questionable.
    Answers: 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.
    """
    k = cat.size
    mid_f = rng.choice([2, 3, 4], size=k, p=[0.35, 0.45, 0.2])
    mid_d = rng.choice([2, 3, 4], size=k, p=[0.2, 0.5, 0.3])
    f = np.select([cat == 0, cat == 1, cat == 2, cat == 3, cat == 4], [mid_f, 1, 1, mid_f, mid_f], 1)
    d = np.select([cat == 0, cat == 1, cat == 2, cat == 3, cat == 4], [5, 5, mid_d, mid_d, 1], 1)
    return f, d


def _survey(rng, n_customers, cust, ids, surveyed, csat):
    n_resp = min(600, max(30, n_customers * 3 // 40))
    n_linked = int(round(n_resp * 2 / 3))
    pool = np.flatnonzero(surveyed)
    if pool.size < n_linked:
        pool = np.arange(n_customers)
    linked = np.sort(rng.choice(pool, size=min(n_linked, pool.size), replace=False))
    n_linked = linked.size
    # Segment of linked respondents follows their (hidden) profile and age; others are drawn at random.
    g = cust["prof"][linked]
    young = cust["age"][linked] == 0
    seg = np.where(young, 1, np.select(
        [np.isin(g, [PROFILE_NAMES.index("captive"), PROFILE_NAMES.index("loyal")]),
         g == PROFILE_NAMES.index("family"), g == PROFILE_NAMES.index("quality")], [0, 2, 3],
        rng.choice([0, 2, 3], size=n_linked, p=[0.7, 0.2, 0.1])))
    seg = np.concatenate([seg, rng.choice(4, size=n_resp - n_linked, p=[0.4, 0.25, 0.2, 0.15])])
    bias = rng.normal(0, 0.35, n_resp)  # how generously each respondent uses the scale
    sat = np.zeros(n_resp)
    sat[:n_linked] = (csat[linked] - 3.5) * 0.3
    order = rng.permutation(n_resp)  # interleave linked and anonymous respondents
    seg, bias, sat = seg[order], bias[order], sat[order]
    cid = np.concatenate([ids[linked], np.full(n_resp - n_linked, "")])[order]

    A = len(SURVEY_ATTRIBUTES)
    r = np.repeat(np.arange(n_resp), A)
    a = np.tile(np.arange(A), n_resp)
    imp_mu = np.array([x[2] for x in SURVEY_ATTRIBUTES])[a]
    shift = np.array([[SEGMENT_IMPORTANCE[s].get(x[0], 0.0) for x in SURVEY_ATTRIBUTES] for s in SURVEY_SEGMENTS])
    imp_mu = imp_mu + shift[seg[r], a]
    exp_mu = np.array([x[3] for x in SURVEY_ATTRIBUTES])[a] + 0.5 * shift[seg[r], a]
    perf_mu = np.array([x[4] for x in SURVEY_ATTRIBUTES])[a] + sat[r]
    comp_mu = np.array([x[5] for x in SURVEY_ATTRIBUTES])[a]

    def rate(mu, sd):
        return np.clip(np.round(mu + bias[r] + rng.normal(0, sd, r.size)), 1, 7).astype(int)

    imp, expc, perf, comp = rate(imp_mu, 0.8), rate(exp_mu, 0.8), rate(perf_mu, 0.9), rate(comp_mu, 0.9)

    kf = np.full(r.size, np.nan)
    kd = np.full(r.size, np.nan)
    for j, x in enumerate(SURVEY_ATTRIBUTES):
        if x[6] is None:
            continue
        sel = np.flatnonzero(a == j)
        probs = np.array(x[6], float)
        cat = rng.choice(6, size=sel.size, p=probs / probs.sum())
        if x[0] == "社群活动":  # students are keener on community events
            stud = seg[r[sel]] == 1
            cat[stud] = rng.choice(6, size=stud.sum(), p=[0.02, 0.1, 0.6, 0.25, 0.02, 0.01])
        f, d = _kano_pair(rng, cat)
        kf[sel], kd[sel] = f, d

    # Overall satisfaction: the weighted attribute performances, the respondent's own scale use and noise.
    names = [x[0] for x in SURVEY_ATTRIBUTES]
    w = np.array([OVERALL_WEIGHTS.get(name, 0.0) for name in names])
    perf_dev = (perf - np.array([x[4] for x in SURVEY_ATTRIBUTES])[a]).reshape(n_resp, A)
    overall = np.clip(np.round(5.0 + 1.6 * perf_dev @ w + 0.5 * bias + rng.normal(0, 0.45, n_resp)), 1, 7)
    nan = np.full(n_resp, np.nan)
    df = pd.DataFrame({
        "respondent_id": _ids("R", n_resp, 4)[r],
        "customer_id": cid[r],
        "segment": np.array(SURVEY_SEGMENTS)[seg[r]],
        "attribute": np.array([x[0] for x in SURVEY_ATTRIBUTES])[a],
        "layer": np.array([x[1] for x in SURVEY_ATTRIBUTES])[a],
        "importance": imp,
        "expectation": expc,
        "performance": perf,
        "competitor": comp,
        "kano_functional": pd.array(kf, dtype="Int64"),
        "kano_dysfunctional": pd.array(kd, dtype="Int64"),
    })
    rid = _ids("R", n_resp, 4)
    extra = pd.DataFrame({
        "respondent_id": rid, "customer_id": cid, "segment": np.array(SURVEY_SEGMENTS)[seg],
        "attribute": OVERALL_ATTRIBUTE, "layer": "", "importance": nan, "expectation": nan,
        "performance": overall.astype(int), "competitor": nan,
        "kano_functional": pd.array(nan, dtype="Int64"), "kano_dysfunctional": pd.array(nan, dtype="Int64"),
    })
    df = pd.concat([df, extra], ignore_index=True)
    df["_order"] = np.concatenate([np.tile(np.arange(A), n_resp), np.full(n_resp, A)])
    df = df.sort_values(["respondent_id", "_order"], kind="stable").drop(columns="_order")
    for col in ("importance", "expectation", "competitor"):
        df[col] = pd.array(df[col], dtype="Int64")
    return df[SURVEY_COLUMNS].reset_index(drop=True)


def generate(out_dir: str | Path, n_customers: int = 8000, seed: int = 20261126) -> dict[str, Path]:
    """Write ``orders.csv.gz``, ``customers.csv`` and ``survey.csv`` into ``out_dir``.

    Parameters
    ----------
    out_dir : folder to write into (created if missing).
    n_customers : number of customers; orders scale with it (about 19 per customer).
    seed : seed of the numpy Generator; the same seed gives byte-identical files.

    Returns
    -------
    dict mapping ``"orders"``, ``"customers"``, ``"survey"`` to the written paths.
    """
    if n_customers < 10:
        raise ValueError("n_customers must be at least 10")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    cal = _calendar()
    cust = _customers(rng, n_customers, cal)
    orders, at_risk = _orders(rng, cust, cal)
    ids = _ids("C", n_customers, 5)
    customers, surveyed, csat = _customer_table(rng, cust, orders, at_risk, ids)
    survey = _survey(rng, n_customers, cust, ids, surveyed, csat)

    # Orders sorted by time; ids follow that order.
    ts_sec = orders["day"].astype(np.int64) * 86400 + orders["sec"]
    o = np.lexsort((orders["ci"], ts_sec))
    ts = (START.astype("datetime64[s]") + ts_sec[o]).astype(str)
    ts = np.char.replace(ts, "T", " ")
    odf = pd.DataFrame({
        "order_id": _ids("O", o.size, 7),
        "customer_id": ids[orders["ci"][o]],
        "order_ts": ts,
        "amount": orders["amount"][o],
        "channel": np.array(CHANNELS)[orders["chan"][o]],
        "city": np.array(CITIES)[orders["city"][o]],
        "category": np.array(CATEGORIES)[orders["cat"][o]],
        "discount": orders["discount"][o],
    })[ORDER_COLUMNS]

    paths = {"orders": out / "orders.csv.gz", "customers": out / "customers.csv", "survey": out / "survey.csv"}
    odf["amount"] = odf["amount"].map("{:.2f}".format)
    odf["discount"] = odf["discount"].map("{:.2f}".format)
    _gz_csv(odf, paths["orders"])
    customers.to_csv(paths["customers"], index=False, lineterminator="\n", float_format="%.2f")
    survey.to_csv(paths["survey"], index=False, lineterminator="\n")
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Generate the coffee-chain demo dataset.")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent), help="output folder")
    ap.add_argument("--customers", type=int, default=8000, help="number of customers (default 8000)")
    ap.add_argument("--seed", type=int, default=20261126, help="random seed (default 20261126)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.out, args.customers, args.seed)
    dt = time.perf_counter() - t0
    for name, p in paths.items():
        print(f"{name:10s} {p}  {p.stat().st_size / 1e6:.2f} MB")
    print(f"done in {dt:.1f} s")


if __name__ == "__main__":
    main()
