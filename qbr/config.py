"""Settings from `qbr.toml`, with the spec's defaults.

Stage: read once per command, before loading. Input: the data folder (the file is looked up there,
then in the working directory). Output: a frozen `Settings`. Unknown keys and wrong types are
located QbrErrors, since a typo in a threshold would otherwise silently change which customers
are key accounts.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from qbr.errors import QbrError

CONFIG_NAME = "qbr.toml"


@dataclass(frozen=True)
class Distributor:
    name: str = ""
    logo: str = ""  # our logo: an image path relative to qbr.toml's folder (qbr.data.media)


@dataclass(frozen=True)
class Report:
    language: str = "zh"
    currency: str = "¥"
    template: str = ""  # the customer's deck
    brief_template: str = ""  # the owner's brief
    output: str = "out"
    as_of: str = ""  # receivables as known on this date (ISO); blank = the data's newest date
    meeting_date: str = ""  # the cover's date (ISO); blank = qbr.context.build.meeting_date's default


@dataclass(frozen=True)
class KeyAccounts:
    modern_top: int = 5
    traditional_top_pct: float = 10
    fresh_top: int = 30
    special: str = "all"
    min_margin: float = 0.05
    min_growth: float = -0.20


@dataclass(frozen=True)
class Alerts:
    weekly_drop: float = 0.05  # flag a week whose sales fell by more than this vs its baseline
    baseline_weeks: int = 4  # baseline = mean of this many weeks before (1 = the week before)
    noise_k: float = 3.0  # and by more than noise_k x the account's usual wobble (0 = off)


@dataclass(frozen=True)
class Settings:
    distributor: Distributor = field(default_factory=Distributor)
    report: Report = field(default_factory=Report)
    key_accounts: KeyAccounts = field(default_factory=KeyAccounts)
    alerts: Alerts = field(default_factory=Alerts)
    columns: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # where the settings came from; None = defaults


def find_config(data_dir: Path | None) -> Path | None:
    """The qbr.toml of the data folder, else of the working directory, else None."""
    for folder in ([data_dir] if data_dir else []) + [Path.cwd()]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(data_dir: Path | None = None, path: Path | None = None) -> Settings:
    path = path or find_config(data_dir)
    if path is None:
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise QbrError.at("is not UTF-8 text", file=str(path), hint="save qbr.toml as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise QbrError.at(f"is not valid TOML: {exc}", file=str(path)) from None
    return parse_settings(raw, path)


def parse_settings(raw: dict[str, Any], path: Path) -> Settings:
    sections = {"distributor": Distributor, "report": Report, "key_accounts": KeyAccounts, "alerts": Alerts}
    where = str(path)
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "columns":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise QbrError.at('[columns] must map "ERP header" = "canonical column"', file=where)
            values["columns"] = {str(k): v for k, v in value.items()}
            continue
        if name not in sections:
            raise QbrError.at(
                f"unknown section [{name}]", file=where, hint="sections are " + ", ".join([*sections, "columns"])
            )
        if not isinstance(value, dict):
            raise QbrError.at(f"[{name}] must be a table of settings", file=where)
        values[name] = _section(sections[name], name, value, where)
    settings = Settings(**values, path=path)
    _check(settings, where)
    return settings


def _section(cls: type, name: str, raw: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise QbrError.at(f"unknown setting {name}.{key}", file=where, hint=f"[{name}] takes " + ", ".join(known))
        default = getattr(cls(), key)
        if isinstance(default, str):
            ok = isinstance(value, str)
        elif isinstance(default, int) and not isinstance(default, bool):
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not ok:
            kind = type(default).__name__.replace("str", "text").replace("float", "number")
            kind = kind.replace("int", "whole number")
            raise QbrError.at(f"{name}.{key} = {value!r} is not a {kind}", file=where)
        kwargs[key] = value
    return cls(**kwargs)


def _check(s: Settings, where: str) -> None:
    if s.report.language not in ("zh", "en"):
        raise QbrError.at(f'report.language = "{s.report.language}": expected "zh" or "en"', file=where)
    for key in ("as_of", "meeting_date"):
        value = getattr(s.report, key)
        if not value:
            continue
        try:
            date.fromisoformat(value)
        except ValueError:
            raise QbrError.at(f'report.{key} = "{value}": expected a date like 2024-01-15', file=where) from None
    ka = s.key_accounts
    for key in ("modern_top", "fresh_top"):
        if getattr(ka, key) < 0:
            raise QbrError.at(f"key_accounts.{key} must be 0 or more", file=where)
    if not 0 <= ka.traditional_top_pct <= 100:
        raise QbrError.at("key_accounts.traditional_top_pct must be between 0 and 100", file=where)
    if ka.special not in ("all", "none"):
        raise QbrError.at(f'key_accounts.special = "{ka.special}": expected "all" or "none"', file=where)
    if not 0 <= s.alerts.weekly_drop < 1:
        raise QbrError.at("alerts.weekly_drop must be a fraction between 0 and 1, e.g. 0.05", file=where)
    if not 1 <= s.alerts.baseline_weeks <= 13:
        raise QbrError.at("alerts.baseline_weeks must be a whole number of weeks from 1 to 13, e.g. 4", file=where)
    if s.alerts.noise_k < 0:
        raise QbrError.at("alerts.noise_k must be 0 (off) or more, e.g. 3", file=where)
