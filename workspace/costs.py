"""Cost as data: what each vendor would cost, and the currency an engagement states it in.

Per vendor: the licence per user per year, the number of users, the one-off implementation
and the horizon in years, each missing until someone gives it (a missing figure is said,
never filled). One currency per engagement (an ISO 4217 code, EUR until set); nothing is
converted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd

from workspace.db import now, write
from workspace.engagements import get_engagement
from workspace.errors import InvalidInput
from workspace.vendors import check_vendor_in
from workspace.store import Store

DEFAULT_CURRENCY = "EUR"
# Sane maxima: far above any real platform deal, low enough to catch a slipped key.
LICENCE_MAX = 100_000.0          # per user per year
USERS_MAX = 10_000_000
IMPLEMENTATION_MAX = 1_000_000_000.0
HORIZON_MAX = 30                 # years
COST_COLUMNS = ("licence", "users", "implementation", "horizon")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class VendorCost:
    """One vendor's cost inputs, None where not given."""
    licence: float | None = None
    users: int | None = None
    implementation: float | None = None
    horizon: int | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.licence, self.users, self.implementation, self.horizon)


def _number(value: Any, what: str, high: float, whole: bool) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a number, not {value!r}.")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            raise InvalidInput(f"{what} must be a number, not “{value.strip()[:40]}”.") \
                from None
    if not isinstance(value, Real):
        raise InvalidInput(f"{what} must be a number.")
    number = float(value)
    if math.isnan(number):
        return None
    if not math.isfinite(number) or number < 0:
        raise InvalidInput(f"{what} cannot be negative or infinite ({number:g}).")
    if number > high:
        raise InvalidInput(f"{what} is {number:,.0f}; the most this app accepts is {high:,.0f}.")
    if whole:
        if number != int(number):
            raise InvalidInput(f"{what} must be a whole number, not {number:g}.")
        return int(number)
    return number


def check_cost(licence: Any = None, users: Any = None, implementation: Any = None,
               horizon: Any = None) -> VendorCost:
    """The cost inputs as stored: empty means not given.

    Raises:
        InvalidInput: a value that is not a number, negative, above its maximum, a
            fractional number of users or years, or a horizon of 0 years.
    """
    cost = VendorCost(_number(licence, "The licence per user per year", LICENCE_MAX, False),
                      _number(users, "The number of users", USERS_MAX, True),
                      _number(implementation, "The one-off implementation cost",
                              IMPLEMENTATION_MAX, False),
                      _number(horizon, "The horizon", HORIZON_MAX, True))
    if cost.horizon == 0:
        raise InvalidInput("The horizon must be at least 1 year.")
    return cost


def check_currency(code: Any) -> str:
    """An ISO 4217 currency code, upper-cased.

    Raises:
        InvalidInput: not three letters A-Z.
    """
    text = str(code or "").strip().upper()
    if not _CURRENCY.fullmatch(text):
        raise InvalidInput(f"The currency must be a three-letter ISO code such as EUR, USD or "
                           f"GBP, not “{str(code or '')[:20]}”.")
    return text


def save_cost(db: Store, engagement_id: int, vendor_id: int,
              cost: VendorCost) -> VendorCost:
    """Store a vendor's cost inputs as given (checked by :func:`check_cost`).

    Raises:
        NotFound: no such vendor in this engagement. InvalidInput: see :func:`check_cost`.
    """
    check_vendor_in(db, engagement_id, vendor_id)
    cost = check_cost(cost.licence, cost.users, cost.implementation, cost.horizon)
    with write(db):
        db.execute(
            "INSERT INTO vendor_costs (vendor_id, licence_per_user_year, users, implementation, "
            "horizon_years, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (vendor_id) DO "
            "UPDATE SET licence_per_user_year = excluded.licence_per_user_year, users = "
            "excluded.users, implementation = excluded.implementation, horizon_years = "
            "excluded.horizon_years, updated_at = excluded.updated_at",
            [vendor_id, cost.licence, cost.users, cost.implementation, cost.horizon, now()])
    return cost


def vendor_costs(db: Store, engagement_id: int,
                 include_archived: bool = False) -> pd.DataFrame:
    """The cost inputs of the engagement's vendors: indexed by vendor name (in the order
    added), columns :data:`COST_COLUMNS`, NaN where not given (every vendor has a row)."""
    where = "" if include_archived else " AND v.archived = 0"
    rows = list(db.query(
        "SELECT v.name, c.licence_per_user_year AS licence, c.users, c.implementation, "
        "c.horizon_years AS horizon FROM vendors v LEFT JOIN vendor_costs c "
        f"ON c.vendor_id = v.id WHERE v.engagement_id = ?{where} ORDER BY v.id",
        [engagement_id]))
    frame = pd.DataFrame(rows, columns=["name", *COST_COLUMNS]).set_index("name")
    frame.index.name = "vendor"
    return frame.astype(float)


def get_cost(db: Store, vendor_id: int) -> VendorCost:
    """One vendor's cost inputs (all None when nothing was given)."""
    rows = list(db.query("SELECT * FROM vendor_costs WHERE vendor_id = ?", [vendor_id]))
    if not rows:
        return VendorCost()
    row = rows[0]
    return VendorCost(row["licence_per_user_year"], row["users"], row["implementation"],
                      row["horizon_years"])


def get_currency(db: Store, engagement_id: int) -> str:
    """The engagement's currency (EUR until set)."""
    rows = list(db.query("SELECT currency FROM engagement_currency WHERE engagement_id = ?",
                         [engagement_id]))
    return rows[0]["currency"] if rows else DEFAULT_CURRENCY


def set_currency(db: Store, engagement_id: int, code: str) -> str:
    """Set the engagement's currency; the amounts stay as they are (nothing is converted).

    Raises:
        NotFound: no such engagement. InvalidInput: see :func:`check_currency`.
    """
    get_engagement(db, engagement_id)
    currency = check_currency(code)
    with write(db):
        db.execute("INSERT INTO engagement_currency (engagement_id, currency) VALUES (?, ?) "
                   "ON CONFLICT (engagement_id) DO UPDATE SET currency = excluded.currency",
                   [engagement_id, currency])
    return currency
