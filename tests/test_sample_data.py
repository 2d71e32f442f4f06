"""Tests of the demo dataset generator (sample_data/generate.py) and of the committed demo files."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"

ORDER_COLUMNS = ["order_id", "customer_id", "order_ts", "amount", "channel", "city", "category", "discount"]
CUSTOMER_COLUMNS = [
    "customer_id", "signup_date", "city", "age_band", "gender", "nps", "csat", "ces", "feature_usage",
    "community_prev", "community_recent", "referrals", "acquisition_channel", "cost_to_serve",
]
SURVEY_COLUMNS = [
    "respondent_id", "customer_id", "segment", "attribute", "layer", "importance", "expectation",
    "performance", "competitor", "kano_functional", "kano_dysfunctional",
]
CITIES = {"上海", "北京", "杭州", "深圳", "成都", "广州", "南京", "武汉"}


def _load_generator():
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE_DIR / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gen = _load_generator()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    paths = gen.generate(out, n_customers=400, seed=7)
    orders = pd.read_csv(paths["orders"], dtype={"order_id": str, "customer_id": str, "order_ts": str})
    customers = pd.read_csv(paths["customers"], dtype={"customer_id": str, "signup_date": str})
    survey = pd.read_csv(paths["survey"], dtype={"respondent_id": str, "customer_id": str})
    return paths, orders, customers, survey


def test_returns_the_three_files(small):
    paths = small[0]
    assert set(paths) == {"orders", "customers", "survey"}
    assert paths["orders"].name == "orders.csv.gz"
    assert all(p.exists() for p in paths.values())


def test_same_seed_gives_identical_bytes(tmp_path):
    a = gen.generate(tmp_path / "a", n_customers=400, seed=7)
    b = gen.generate(tmp_path / "b", n_customers=400, seed=7)
    c = gen.generate(tmp_path / "c", n_customers=400, seed=8)
    for key in a:
        assert a[key].read_bytes() == b[key].read_bytes(), key
    assert a["orders"].read_bytes() != c["orders"].read_bytes()


def test_exact_column_names(small):
    _, orders, customers, survey = small
    assert list(orders.columns) == ORDER_COLUMNS
    assert list(customers.columns) == CUSTOMER_COLUMNS
    assert list(survey.columns) == SURVEY_COLUMNS


def test_files_are_utf8_without_bom(small):
    paths = small[0]
    for key in ("customers", "survey"):
        raw = paths[key].read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")
    import gzip

    assert gzip.decompress(paths["orders"].read_bytes()).decode("utf-8").startswith("order_id,")


def test_orders_values(small):
    _, orders, customers, _ = small
    assert orders["order_id"].is_unique
    assert orders["order_id"].str.fullmatch(r"O\d{7}").all()
    assert set(orders["customer_id"]) <= set(customers["customer_id"])
    assert set(orders["channel"]) <= {"门店", "小程序", "外卖", "电商"}
    assert set(orders["city"]) <= CITIES
    assert set(orders["category"]) <= {"咖啡", "茶饮", "烘焙", "轻食", "周边"}
    assert orders["order_ts"].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}").all()
    ts = pd.to_datetime(orders["order_ts"], format="%Y-%m-%d %H:%M:%S")
    assert ts.min() >= pd.Timestamp("2023-11-01")
    assert ts.max() < pd.Timestamp("2026-11-01")
    assert ts.dt.hour.between(7, 21).all()
    # amounts and discounts carry at most two decimals
    assert np.allclose(orders["amount"], orders["amount"].round(2))
    assert (orders["discount"] >= 0).all()
    assert np.allclose(orders["discount"], orders["discount"].round(2))
    assert (orders["amount"] != 0).all()


def test_refunds_reference_a_purchase(small):
    orders = small[1]
    refunds = orders[orders["amount"] < 0]
    share = len(refunds) / len(orders)
    assert 0.002 < share < 0.01
    purchases = orders[orders["amount"] > 0]
    keys = set(zip(purchases["customer_id"], purchases["amount"].round(2)))
    for cid, amt in zip(refunds["customer_id"], refunds["amount"].round(2)):
        assert (cid, -amt) in keys


def test_customers_values(small):
    _, orders, customers, _ = small
    assert customers["customer_id"].is_unique
    assert customers["customer_id"].str.fullmatch(r"C\d{5}").all()
    signup = pd.to_datetime(customers["signup_date"], format="%Y-%m-%d")
    assert signup.between(pd.Timestamp("2023-11-01"), pd.Timestamp("2026-10-31")).all()
    assert set(customers["city"]) <= CITIES
    assert set(customers["age_band"]) <= {"18-24", "25-34", "35-44", "45-54", "55+"}
    assert set(customers["gender"]) <= {"男", "女"}
    assert set(customers["acquisition_channel"]) <= {"门店", "小程序", "转介绍", "广告", "外卖平台"}
    for col, lo, hi in [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)]:
        v = customers[col].dropna()
        assert v.between(lo, hi).all() and (v == v.round()).all(), col
    # the same customers answer the satisfaction survey; most were not surveyed
    assert customers[["nps", "csat", "ces"]].isna().nunique(axis=1).eq(1).all()
    assert 0.4 < customers["nps"].isna().mean() < 0.8
    fu = customers["feature_usage"].dropna()
    assert fu.between(0, 1).all() and 0 < customers["feature_usage"].isna().mean() < 0.6
    for col in ("community_prev", "community_recent"):
        v = customers[col].dropna()
        assert (v >= 0).all() and (v == v.round()).all()
    assert (customers["community_prev"].isna() == customers["community_recent"].isna()).all()
    assert (customers["referrals"] >= 0).all() and customers["referrals"].dtype.kind == "i"
    assert (customers["cost_to_serve"] >= 0).all()
    # no ground-truth label leaks into the data
    assert not any("segment" in c or "label" in c for c in customers.columns)
    # every customer bought at least once, on or after signing up
    first = pd.to_datetime(orders.groupby("customer_id")["order_ts"].min())
    assert set(first.index) == set(customers["customer_id"])
    su = pd.Series(signup.values, index=customers["customer_id"])
    assert (first.dt.normalize() >= su.reindex(first.index)).all()


def test_survey_values(small):
    _, _, customers, survey = small
    n_attr = survey["attribute"].nunique()
    assert 10 <= n_attr <= 14
    assert survey.groupby("respondent_id").size().eq(n_attr).all()
    overall = survey["attribute"] == "总体满意度"
    assert overall.sum() == survey["respondent_id"].nunique()  # one overall-satisfaction answer each
    assert survey.loc[overall, ["layer", "importance", "expectation", "competitor"]].isna().all().all()
    assert survey.loc[overall, "performance"].between(1, 7).all()
    assert set(survey.loc[~overall, "layer"]) == {"基础价值", "附加价值", "差异化价值"}
    assert set(survey["segment"]) <= {"白领通勤", "学生", "家庭", "商务"}
    for col in ("importance", "expectation", "performance", "competitor"):
        assert survey.loc[~overall, col].between(1, 7).all(), col
    kano = survey[["kano_functional", "kano_dysfunctional"]]
    answered = kano.dropna().to_numpy()
    assert answered.size > 0 and np.isin(answered, [1, 2, 3, 4, 5]).all()
    assert (kano["kano_functional"].isna() == kano["kano_dysfunctional"].isna()).all()
    asked = survey.dropna(subset=["kano_functional"])["attribute"].nunique()
    assert 0.3 <= asked / n_attr <= 0.7
    linked = survey.drop_duplicates("respondent_id")["customer_id"]
    assert 0.5 < linked.notna().mean() < 0.8
    assert set(linked.dropna()) <= set(customers["customer_id"])


# --- the committed full-size demo -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed():
    path = SAMPLE_DIR / "orders.csv.gz"
    assert path.exists(), "sample_data/orders.csv.gz is committed; regenerate it with sample_data/generate.py"
    orders = pd.read_csv(path, usecols=["customer_id", "order_ts", "amount", "channel", "category", "discount"])
    customers = pd.read_csv(SAMPLE_DIR / "customers.csv")
    survey = pd.read_csv(SAMPLE_DIR / "survey.csv")
    return orders, customers, survey


def test_committed_sizes(committed):
    orders, customers, survey = committed
    assert 7000 <= len(customers) <= 9000
    assert 120_000 <= len(orders) <= 180_000
    assert 500 <= survey["respondent_id"].nunique() <= 700
    assert (SAMPLE_DIR / "orders.csv.gz").stat().st_size < 6_000_000


def test_committed_top20_revenue_share(committed):
    orders, customers, _ = committed
    rev = orders.groupby("customer_id")["amount"].sum().reindex(customers["customer_id"], fill_value=0)
    rev = rev.sort_values(ascending=False)
    share = rev.iloc[: len(rev) // 5].sum() / rev.sum()
    assert 0.65 <= share <= 0.80


def test_committed_structure(committed):
    orders, customers, survey = committed
    ts = pd.to_datetime(orders["order_ts"])
    purchases = orders["amount"] > 0
    # one-time buyers exist but are a minority
    n = orders[purchases].groupby("customer_id").size()
    assert 0.08 < (n == 1).mean() < 0.4
    # morning peak and summer iced drinks
    hours = ts.dt.hour.value_counts(normalize=True)
    assert hours.idxmax() in (8, 9)
    tea_share = orders["category"].eq("茶饮").groupby(ts.dt.month).mean()
    assert tea_share[[6, 7, 8]].mean() > tea_share[[12, 1, 2]].mean() * 1.3
    # 双11 lifts e-commerce
    ecom = orders[orders["channel"] == "电商"]
    ets = pd.to_datetime(ecom["order_ts"])
    on_11 = (ets.dt.month == 11) & (ets.dt.day == 11)
    assert on_11.sum() / 3 > 3 * len(ecom) / 1096
    # value gaps: speed and mini-program under-deliver, store environment over-delivers
    g = survey.groupby("attribute")[["importance", "expectation", "performance", "competitor"]].mean()
    gap = g["performance"] - g["expectation"]
    assert gap.idxmin() in ("出餐速度", "小程序便捷")
    assert gap.idxmax() == "门店环境"
    # overall satisfaction moves with the attributes it was built from (service speed most)
    wide = survey.pivot(index="respondent_id", columns="attribute", values="performance")
    r = wide.corr()["总体满意度"].drop("总体满意度")
    assert r["出餐速度"] > r["品牌形象"] and r["员工服务"] > r["价格"]
    assert (g.loc[["出餐速度", "小程序便捷"], "competitor"] > g.loc[["出餐速度", "小程序便捷"], "performance"]).all()


def test_committed_files_match_the_generator(tmp_path, committed):
    t0 = time.perf_counter()
    paths = gen.generate(tmp_path)
    assert time.perf_counter() - t0 < 30
    for path in paths.values():
        assert path.read_bytes() == (SAMPLE_DIR / path.name).read_bytes(), f"{path.name} is stale: regenerate"
