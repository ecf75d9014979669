"""Packaged data: the jieba user dictionary and the sample report."""
