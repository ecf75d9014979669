"""Loading: the YAML files of `rules/`, read safely, overlaid and validated into one Rules.

`load_rules()` resolves the rules directory (argument, then $PLANTOOL_RULES, then the packaged
rules), overlays user files on the packaged ones key by key, and reports every problem at once
as `FILE: key.path: message`. A rule set is loaded once per resolved directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import yaml
from pydantic import ValidationError

from plantool.errors import PlantoolError
from plantool.rules.schema import (
    MODELS,
    RULE_FILES,
    BasisRules,
    ComparatorRules,
    ExclusionRules,
    HeadingRules,
    KindRules,
    MilestoneRules,
    NormalizeRules,
    NumeralRules,
    RoleRules,
    RuleFile,
    SectionRules,
    StrengthRules,
    TrackRules,
    UnitRules,
    alternation,
)
from plantool.rules.tokenizer import Vocabulary

if TYPE_CHECKING:  # jieba is imported only when a clause is segmented
    import jieba

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Rules:
    """A validated rule set, with the jieba tokenizer it owns and what is derived from it."""

    normalize: NormalizeRules
    headings: HeadingRules
    sections: SectionRules
    roles: RoleRules
    numerals: NumeralRules
    units: UnitRules
    comparators: ComparatorRules
    kinds: KindRules
    strength: StrengthRules
    exclusions: ExclusionRules
    milestones: MilestoneRules
    track: TrackRules
    basis: BasisRules
    vocabulary: Vocabulary = field(repr=False)
    _derived: dict[Callable[[Rules], Any], Any] = field(default_factory=dict, init=False, repr=False)

    def derived(self, build: Callable[[Rules], T]) -> T:
        """What `build` makes of these rules (compiled patterns, word sets), made once per rule set."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]

    def tokenizer(self, text: str) -> jieba.Tokenizer:
        """The rule set's tokenizer, ready to segment `text` (see Vocabulary.tokenizer)."""
        return self.vocabulary.tokenizer(text)

    def words(self, stretch: str) -> tuple[tuple[str, int, int], ...]:
        """jieba's words of `stretch` with their offsets, without its HMM (see Vocabulary.words)."""
        return self.vocabulary.words(stretch)

    def word_tag(self, word: str) -> str | None:
        """A word's part of speech (v, n, vn …); None for a word not in the dictionary."""
        return self.vocabulary.tag(word)

    def load_vocabulary(self) -> None:
        """Load the whole dictionary now (before forking workers, which then share it)."""
        self.vocabulary.load_all()


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely, rejecting duplicate keys; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlantoolError(f"{path}: cannot read: {exc}") from exc
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlantoolError(f"{path}{line}: invalid YAML: {problem}") from exc


def packaged_rules_dir() -> Path:
    return Path(str(resources.files("plantool._rules")))


def packaged_data_dir() -> Path:
    return Path(str(resources.files("plantool._data")))


def key_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a path: units[3].unit."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def load_rules(rules_dir: str | os.PathLike[str] | None = None) -> Rules:
    """Load the packaged rules, overlaid by the files of `rules_dir` or $PLANTOOL_RULES."""
    chosen = rules_dir if rules_dir is not None else os.environ.get("PLANTOOL_RULES") or None
    overlay = Path(chosen).resolve() if chosen is not None else None
    return _load_rules_cached(overlay)


@lru_cache(maxsize=8)
def _load_rules_cached(overlay: Path | None) -> Rules:
    base = packaged_rules_dir()
    overrides: dict[str, Path] = {}
    problems: list[str] = []
    if overlay is not None:
        if overlay.is_file():
            raise PlantoolError(f"{overlay}: is a file, not a directory of rules files (from --rules or $PLANTOOL_RULES)")
        if not overlay.is_dir():
            raise PlantoolError(f"{overlay}: rules directory not found (from --rules or $PLANTOOL_RULES)")
        for path in sorted(overlay.glob("*.y*ml")):
            if path.stem not in MODELS:
                problems.append(f"{path}: unknown rules file; expected one of {', '.join(RULE_FILES)}")
            else:
                overrides[path.stem] = path
    raw: dict[str, tuple[Path, Any]] = {}
    for name in MODELS:
        data = read_yaml(base / f"{name}.yaml")
        shown = base / f"{name}.yaml"
        if name in overrides:
            shown = overrides[name]
            user = read_yaml(shown)
            if not isinstance(user, dict):
                problems.append(f"{shown}: must be a mapping of keys")
                continue
            data = {**data, **user}
        raw[name] = (shown, data)
    macros = {
        PERIOD: _period_pattern(raw["roles"][1] if "roles" in raw else None),
        REGION_UNIT: _region_unit_pattern(raw["headings"][1] if "headings" in raw else None),
        YEAR: _group(raw["numerals"][1] if "numerals" in raw else None, "year"),
        PER_BASE: _group(raw["units"][1] if "units" in raw else None, "per_base"),
    }
    loaded: dict[str, RuleFile] = {}
    for name, (shown, data) in raw.items():
        try:
            loaded[name] = MODELS[name].model_validate(_written_out(data, macros))
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(f"{shown}: {key_path(err['loc'])}: {err['msg']}")
    if problems:
        raise PlantoolError("invalid rules: " + "; ".join(problems))
    kinds = cast(KindRules, loaded["kinds"])
    strength = cast(StrengthRules, loaded["strength"])
    comparators = cast(ComparatorRules, loaded["comparators"])
    # the tokenizer keeps every word that holds a word of these rules, so that trimming an
    # indicator's ends sees the words it would see with jieba's whole dictionary
    keep = {*kinds.verb_kind, *kinds.fillers, *kinds.name_verbs, *strength.word_strength, *comparators.before}
    vocabulary = Vocabulary(packaged_data_dir() / "userdict.txt", sorted(keep), kinds.dictionary_min_freq)
    return Rules(vocabulary=vocabulary, **loaded)  # type: ignore[arg-type]


PERIOD = "{period}"  # in a rule's text: any plan period of `roles.periods`, longest first
REGION_UNIT = "{region_unit}"  # in a rule's text: any unit of `headings.region_units` (省, 市, 县), longest first
YEAR = "{year}"  # in a rule's text: a year as `numerals.year` writes it (2025, 一九五九)
PER_BASE = "{per_base}"  # in a rule's text: the amount a price is per, as `units.per_base` writes it (每50公斤)


def _period_pattern(roles: Any) -> str:
    """The alternation {period} stands for: the names of `roles.periods`, longest first, a name that
    is not bare only beside its guards (“十五”, 十五计划, but not 十五个)."""
    periods = roles.get("periods") if isinstance(roles, dict) else None
    if not isinstance(periods, list) or not periods:
        return "(?!)"
    before, after = roles.get("guard_before", "(?!)"), roles.get("guard_after", "(?!)")
    named = [p for p in periods if isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"]]
    bare = [p["name"] for p in named if p.get("bare")]
    guarded = alternation([p["name"] for p in named if not p.get("bare")])
    # the guards once around all the guarded names, not around each: a tenth of the pattern to compile
    written = ([alternation(bare)] if bare else []) + (
        [f"(?<={before})(?:{guarded})", f"(?:{guarded})(?={after})"] if guarded else []
    )
    return f"(?:{'|'.join(written)})" if written else "(?!)"


def _region_unit_pattern(headings: Any) -> str:
    """The alternation {region_unit} stands for: `headings.region_units`, longest first."""
    units = headings.get("region_units") if isinstance(headings, dict) else None
    if not isinstance(units, list) or not all(isinstance(u, str) and u for u in units):
        return "(?!)"
    return f"(?:{alternation(units)})"


def _group(data: Any, key: str) -> str:
    """The group a macro written in one rule stands for ({year}: `numerals.year`)."""
    pattern = data.get(key) if isinstance(data, dict) else None
    return f"(?:{pattern})" if isinstance(pattern, str) and pattern else "(?!)"


def _written_out(data: Any, macros: dict[str, str]) -> Any:
    """The rule data with each macro ({period}, {region_unit}, {year}, {per_base}) written out as its alternation, so
    that the periods and region units are listed once and every pattern follows them."""
    if isinstance(data, str):
        for macro, pattern in macros.items():
            data = data.replace(macro, pattern)
        return data
    if isinstance(data, list):
        return [_written_out(x, macros) for x in data]
    if isinstance(data, dict):
        return {k: _written_out(v, macros) for k, v in data.items()}
    return data
