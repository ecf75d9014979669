"""Output: documents and analyses written for tools and people (YAML/JSON, tables, exports, pages)."""
