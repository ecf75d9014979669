"""The rule set's own jieba tokenizer: jieba's dictionary trimmed to what plans need, with the
user dictionary, built once into a cache file and loaded a first character at a time.

The library never touches jieba's global tokenizer; jieba itself is imported only when a clause
is first segmented.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import jieba


class Vocabulary:
    """A jieba tokenizer whose dictionary is jieba's without its rare words (keeping every word
    that holds one of `keep`), with the user dictionary and the words of `keep` jieba lacks;
    opened on first use."""

    RULE_WORD_FREQ: ClassVar[int] = 2000  # as the user dictionary's words: enough to keep one whole

    def __init__(self, user_dictionary: Path, keep: list[str], min_freq: int) -> None:
        self.user_dictionary = user_dictionary
        self.keep = sorted(set(keep))
        self.min_freq = min_freq
        self._parts: list[_Parts] = []

    def tokenizer(self, text: str) -> jieba.Tokenizer:
        """The tokenizer, ready to segment `text`: only the words that start with a character of
        `text` are loaded, which is all that jieba looks up when segmenting it, so the
        segmentation is the same as with the whole dictionary at a fraction of the loading."""
        parts = self._opened()
        parts.load(text)
        return parts.tokenizer

    def words(self, stretch: str) -> tuple[tuple[str, int, int], ...]:
        """jieba's words of `stretch` (without its HMM), with their offsets in it; remembered
        for the next time the same words come (plans repeat their phrases)."""
        parts = self._opened()
        found = parts.segmented.get(stretch)
        if found is None:
            parts.load(stretch)
            found = tuple(parts.tokenizer.tokenize(stretch, HMM=False))
            if len(parts.segmented) >= _Parts.REMEMBERED:
                parts.segmented.clear()
            parts.segmented[stretch] = found
        return found

    def tag(self, word: str) -> str | None:
        """A word's part of speech (v, n, vn …) as jieba.posseg reads it without its HMM; None
        for a word not in the dictionary."""
        return self._opened().tag(word)

    def load_all(self) -> None:
        """Load the whole dictionary now (before forking workers, which then share it)."""
        parts = self._opened()
        parts.load("".join(parts.shards))

    @property
    def opened(self) -> _Parts | None:
        """The loaded dictionary's parts, if the tokenizer was used."""
        return self._parts[0] if self._parts else None

    def _opened(self) -> _Parts:
        if not self._parts:
            jieba = _import_jieba()
            total, shards = marshal.loads(self._file(jieba).read_bytes())
            tokenizer = jieba.Tokenizer()
            # what Tokenizer.initialize sets from jieba's own cache; the words are loaded as needed
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = {}, total, True
            self._parts.append(_Parts(tokenizer, shards))
        return self._parts[0]

    def _file(self, jieba: Any) -> Path:
        """jieba's prefix dictionary, trimmed, and the words' tags in one marshal file, in parts
        by first character (the tags of a part kept apart, read only when asked for), with the
        total of the frequencies. Built once per rule set, jieba and Python version, in
        $PLANTOOL_CACHE, else the user's cache folder."""
        source = Path(jieba.__file__).parent / "dict.txt"
        user = self.user_dictionary.read_text(encoding="utf-8")
        versions = [jieba.__version__, str(source.stat().st_size), sys.version.split()[0], str(marshal.version)]
        key = hashlib.sha256(
            "\n".join([*versions, _Parts.FORMAT, str(self.min_freq), str(self.RULE_WORD_FREQ), user, *self.keep]).encode()
        ).hexdigest()[:16]
        target = cache_dir() / f"jieba-{key}.marshal"
        if target.is_file():
            return target
        keep_pattern = re.compile("|".join(re.escape(w) for w in sorted(self.keep, key=lambda w: (-len(w), w))))
        lines = [
            line
            for line in source.read_text(encoding="utf-8").splitlines()
            if int(line.split()[1]) >= self.min_freq or keep_pattern.search(line.split()[0])
        ]
        lines += [line.strip() for line in user.splitlines() if len(line.split()) == 3]
        # the rules' own words are words (施划, 配套建成), as often as the user dictionary's: one jieba
        # knows as rare (建好) would lose to its parts (高质量建好15个 → 建/好)
        known = {(fields := line.split())[0]: (int(fields[1]), fields[-1]) for line in lines}
        lines += [
            f"{w} {self.RULE_WORD_FREQ} {known[w][1] if w in known else 'x'}"
            for w in self.keep
            if len(w) > 1 and known.get(w, (0, ""))[0] < self.RULE_WORD_FREQ
        ]
        freq, total = jieba.Tokenizer.gen_pfdict(io.BytesIO("\n".join(lines).encode("utf-8")))
        tags = {w: tag for w, _, tag in (line.split() for line in lines)}
        parts: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
        for word, count in freq.items():
            part = parts.setdefault(word[0], ({}, {}))
            part[0][word] = count
            if word in tags:
                part[1][word] = tags[word]
        shards = {ch: marshal.dumps((words, marshal.dumps(tagged))) for ch, (words, tagged) in sorted(parts.items())}
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((total, shards)))
        os.replace(tmp, target)  # whole or absent, even with workers building it at once
        return target


@dataclass
class _Parts:
    """A tokenizer whose dictionary is filled a first character at a time, and the words' tags,
    read a first character at a time when one is asked for (few words ever are)."""

    FORMAT: ClassVar[str] = "prefix dictionary by first character, each part with its tags apart; rule words common"
    tokenizer: jieba.Tokenizer
    shards: dict[str, bytes]  # the parts not loaded yet
    tag_shards: dict[str, bytes] = field(default_factory=dict)  # loaded parts' tags, not read yet
    tags: dict[str, str] = field(default_factory=dict)
    segmented: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    REMEMBERED: ClassVar[int] = 20000  # stretches whose words are kept, a few MB

    def load(self, text: str) -> None:
        """Load the words that start with a character of `text`."""
        for ch in [ch for ch in set(text) if ch in self.shards]:
            freq, self.tag_shards[ch] = marshal.loads(self.shards.pop(ch))
            self.tokenizer.FREQ.update(freq)

    def tag(self, word: str) -> str | None:
        if word and word[0] in self.shards:
            self.load(word[0])
        if word and word[0] in self.tag_shards:
            self.tags.update(marshal.loads(self.tag_shards.pop(word[0])))
        return self.tags.get(word)


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba wants it only to find its own dictionary
    (and falls back to a plain path without it), yet importing it costs more than jieba."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def cache_dir() -> Path:
    """Where built files are kept between runs: $PLANTOOL_CACHE, else the user's cache folder,
    else the temporary folder when that cannot be written."""
    chosen = os.environ.get("PLANTOOL_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "plantool"
    )
    path = Path(chosen)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "plantool"
