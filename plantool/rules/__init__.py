"""Rules are data: the YAML files of `rules/`, validated into typed, compiled rule sets.

`schema` holds one pydantic model per rule file, `load` reads and overlays the files into a
`Rules`, `tokenizer` is the rule set's own jieba tokenizer, `patterns` tells what a regex's
parsed form allows, `identity` what makes two indicator names the same thing.
"""

from plantool.rules.load import Rules, key_path, load_rules, packaged_data_dir, packaged_rules_dir, read_yaml
from plantool.rules.schema import (
    MODELS,
    RULE_FILES,
    KindRules,
    NumeralRules,
    PillarStyle,
    Tolerance,
    Unit,
    alternation,
)

__all__ = [
    "MODELS",
    "RULE_FILES",
    "KindRules",
    "NumeralRules",
    "PillarStyle",
    "Rules",
    "Tolerance",
    "Unit",
    "alternation",
    "key_path",
    "load_rules",
    "packaged_data_dir",
    "packaged_rules_dir",
    "read_yaml",
]
