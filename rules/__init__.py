"""The packaged rules: YAML data files, loaded by plantool.rules.load_rules."""
