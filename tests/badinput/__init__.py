"""The bad-input corpus: an inbox folder, written at test time, in which every kind of broken input
a feed can bring sits beside good documents, each with the stage and reason it must be quarantined
with. Large files (a 50 MB document, a 5 MB JSONL line) are generated here, never committed.

`build(root)` writes `root/inbox` (and `root/outside`, where some of its links lead) and returns
what reading the inbox must give: every bad item, every good document, and the exact repeats.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import stat
from dataclasses import dataclass, field
from pathlib import Path

GOOD_TEXT = "Ukraine and Poland held talks in Warsaw on Monday, officials said."


@dataclass(frozen=True)
class Bad:
    kind: str             # what is wrong with it
    path: Path            # the path its quarantine item names
    stage: str
    words: str            # the reason contains these words
    line: int | None = None
    hashed: bool = True   # has bytes, so the item carries their sha256 (not a link loop or a FIFO)


@dataclass(frozen=True)
class Good:
    kind: str
    words: str            # the document's text contains these words
    doc_id: str | None = None


@dataclass
class Corpus:
    inbox: Path
    outside: Path
    bad: list[Bad] = field(default_factory=list)
    good: list[Good] = field(default_factory=list)
    repeats: int = 0

    @property
    def inputs(self) -> int:
        """Every input item: each is loaded, quarantined or counted as a repeat."""
        return len(self.bad) + len(self.good) + self.repeats

    def kinds(self) -> set[str]:
        return {b.kind for b in self.bad}


def _line(record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


def build(root: Path, *, huge_bytes: int = 50_000_000) -> Corpus:
    inbox, outside = root / "inbox", root / "outside"
    (inbox / "sub" / "deeper").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET OUTSIDE TEXT: Russia and Ukraine exchanged prisoners.\n")
    c = Corpus(inbox, outside)
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()

    def bad(kind: str, name: str | Path, stage: str, words: str, line: int | None = None, hashed: bool = True) -> None:
        c.bad.append(Bad(kind, inbox / name, stage, words, line, hashed))

    def good(kind: str, words: str, doc_id: str | None = None) -> None:
        c.good.append(Good(kind, words, doc_id))

    # ---- whole files -----------------------------------------------------------------------------
    (inbox / "talks.txt").write_text(GOOD_TEXT + "\n")
    good("plain text file", "talks in Warsaw")
    (inbox / "sub" / "deeper" / "nested.txt").write_text("Protesters gathered in Minsk on Sunday.\n")
    good("file in a nested folder", "gathered in Minsk")
    (inbox / "sub" / "again.txt").symlink_to(inbox / "talks.txt")
    c.repeats += 1                                           # the same document through a link
    (inbox / "control.txt").write_bytes(b"Turkey \x07hosted\x1b talks\x0b with Iran in Ankara.\n")
    good("control characters in the text", "hosted  talks")
    (Path(os.fsdecode(os.fsencode(inbox) + b"/caf\xe9.txt"))).write_text("Egypt mediated between Israel and Hamas.\n")
    good("file name that is not UTF-8", "Egypt mediated")
    noise = random.Random(7)
    words = ["".join(noise.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(noise.randint(2, 9))) for _ in range(3000)]
    (inbox / "run_on.txt").write_text(" ".join(noise.choice(words) for _ in range(3500)) + " Kenya sent troops")
    good("a 20 KB sentence without punctuation", "Kenya sent troops")

    (inbox / "latin1.txt").write_bytes("Caf\xe9 owners protested in Lyon.".encode("latin-1"))
    bad("not UTF-8", "latin1.txt", "read", "not UTF-8")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 16)
    bad("binary", "binary.txt", "read", "binary data")
    (inbox / "empty.txt").write_bytes(b"")
    bad("empty file", "empty.txt", "read", "empty file")
    (inbox / "blank.txt").write_bytes(b"   \n\t\r\n  \n")
    bad("whitespace only", "blank.txt", "validate", "text is empty")
    (inbox / "utf16.txt").write_bytes(GOOD_TEXT.encode("utf-16"))
    bad("UTF-16 with a byte-order mark", "utf16.txt", "read", "UTF-16")
    with (inbox / "huge.txt").open("wb") as out:
        block = (b"Officials met in Geneva. " * 40_000)[:1_000_000]
        for _ in range(huge_bytes // len(block) + 1):
            out.write(block)
    bad("a 50 MB document", "huge.txt", "read", "larger than")
    (inbox / "one_sentence.txt").write_text(("war " * 250_000).strip())
    bad("a 1 MB sentence without punctuation", "one_sentence.txt", "validate", "longer than")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    bad("unsupported file type", "scan.pdf", "discover", "unsupported file type .pdf")
    (inbox / "README").write_text("What this folder is for.\n")
    bad("file without a suffix", "README", "discover", "unsupported file type (none)")
    Path(os.fsdecode(os.fsencode(inbox) + b"/r\xe9sum\xe9.doc")).write_bytes(b"\xd0\xcf\x11\xe0")
    bad("unsupported file with a name that is not UTF-8", "r\\xe9sum\\xe9.doc", "discover", "unsupported")
    os.mkfifo(inbox / "feed.jsonl")
    bad("a FIFO named like a feed", "feed.jsonl", "discover", "FIFO", hashed=False)
    os.mknod(inbox / "listener.txt", stat.S_IFSOCK | 0o644)
    bad("a socket", "listener.txt", "discover", "socket", hashed=False)
    (inbox / "sub" / "back").symlink_to(inbox, target_is_directory=True)
    bad("a folder link that loops", Path("sub") / "back", "discover", "link loop", hashed=False)
    (inbox / "me.txt").symlink_to("me.txt")
    bad("a file link to itself", "me.txt", "discover", "link loop", hashed=False)
    (inbox / "secret.txt").symlink_to(outside / "secret.txt")
    bad("a file link out of the folder", "secret.txt", "discover", "outside", hashed=False)
    (inbox / "elsewhere").symlink_to(outside, target_is_directory=True)
    bad("a folder link out of the folder", "elsewhere", "discover", "outside", hashed=False)
    (inbox / "gone.txt").symlink_to(inbox / "never-written.txt")
    bad("a broken link", "gone.txt", "discover", "broken link", hashed=False)
    if os.geteuid() != 0:  # root reads anything: tests/test_reliability_inputs.py covers that case apart
        (inbox / "locked.txt").write_text(GOOD_TEXT)
        (inbox / "locked.txt").chmod(0)
        bad("unreadable file", "locked.txt", "read", "Permission denied", hashed=False)

    # ---- JSON lines --------------------------------------------------------------------------------
    lines = [
        _line({"doc_id": "lines-1", "text": "Russia imposed sanctions on Britain on 3 March 2025.",
               "published_at": "2025-03-04"}),
        b'{"doc_id": "lines-2", "text": ',
        b"[1, 2, 3]",
        b'"just a string"',
        _line({"doc_id": "lines-5", "text": 12345}),
        _line({"doc_id": "lines-6", "title": "A title and no body"}),
        _line({"doc_id": {"id": 7}, "text": "An object as doc_id."}),
        _line({"doc_id": "lines-8", "text": "Talks resumed.", "published_at": "next Tuesday"}),
        _line({"doc_id": "lines-9", "text": "Talks resumed.", "published_at": "2999-01-01"}),
        _line({"doc_id": "lines-10", "text": "Talks resumed.", "published_at": 1741046400}),
        _line({"doc_id": "lines-11", "text": "Talks resumed.", "published_at": "1850-06-01"}),
        b'{"doc_id": "lines-12", "text": "a\x00b"}',
        b'{"doc_id": "lines-13", "text": "Caf\xe9"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"doc_id": "lines-15", "text": "x", "n": ' + b"9" * 5000 + b"}",
        b'{"doc_id": "lines-16", "text": "broken \\ud83d emoji"}',
        _line({"doc_id": "lines-17", "text": "\u0001\u0002\u0003"}),
        _line({"doc_id": "lines-1", "text": "Other text under a doc_id read before."}),
        _line({"doc_id": "lines-1", "text": "Russia imposed sanctions on Britain on 3 March 2025.",
               "published_at": "2025-03-04"}),
        _line({"doc_id": "x" * 1001, "text": "An id too long to be an id."}),
        _line({"doc_id": 42, "text": "Japan pledged aid to the Philippines.", "published_at": tomorrow}),
        _line({"doc_id": "lines-22", "text": "Chad closed its border with Sudan.", "extra": [1, {"a": None}]}),
        b'{"doc_id": "lines-23", "te',
    ]
    (inbox / "lines.jsonl").write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n"
                                                 for line in lines[:-1]) + lines[-1])
    good("JSONL line", "sanctions on Britain", "lines-1")
    for number, kind, stage, words in [
        (2, "malformed JSON line", "parse", "malformed JSON"),
        (3, "a JSON line that is an array", "parse", "an array"),
        (4, "a JSON line that is a string", "parse", "a string"),
        (5, "a text that is a number", "parse", "text must be a string"),
        (6, "missing text", "validate", "Field required"),
        (7, "an object as doc_id", "parse", "doc_id must be"),
        (8, "unparseable published_at", "validate", "not YYYY-MM-DD"),
        (9, "future published_at", "validate", "in the future"),
        (10, "a number as published_at", "parse", "published_at must be a string"),
        (11, "published_at before 1900", "validate", "before 1900"),
        (12, "NUL bytes in a line", "read", "binary data"),
        (13, "a line that is not UTF-8", "read", "not UTF-8"),
        (14, "JSON nested 100,000 deep", "parse", "nested too deeply"),
        (15, "a 5,000-digit number", "parse", "refuses"),
        (16, "a lone surrogate", "parse", "not valid Unicode"),
        (17, "text of control characters only", "validate", "text is empty"),
        (18, "a doc_id read before with other text", "validate", "duplicate doc_id"),
        (20, "a doc_id of 1,001 characters", "validate", "doc_id of"),
        (23, "a truncated last line", "parse", "malformed JSON"),
    ]:
        bad(kind, "lines.jsonl", stage, words, number)
    c.repeats += 1                                           # line 19 repeats line 1 exactly
    good("a number as doc_id, published tomorrow", "Japan pledged aid", "42")
    good("unknown fields", "Chad closed its border", "lines-22")

    (inbox / "bom_crlf.jsonl").write_bytes(
        b"\xef\xbb\xbf" + _line({"doc_id": "bom-1", "text": "Iran and Iraq signed a trade deal."})[:-1] + b"\r\n"
        + b"\r\n" + _line({"doc_id": "bom-2", "text": "Mali expelled the French ambassador."})[:-1] + b"\r\n")
    good("BOM and CRLF in JSONL", "Iran and Iraq", "bom-1")
    good("CRLF and a blank line in JSONL", "Mali expelled", "bom-2")
    (inbox / "big_line.jsonl").write_bytes(
        _line({"doc_id": "big-1", "text": "Ghana recalled its envoy."})
        + b'{"doc_id": "big-2", "text": "' + b"a" * 5_000_000 + b'"}\n'
        + _line({"doc_id": "big-3", "text": "Peru declared a state of emergency."}))
    good("line before a huge line", "Ghana recalled", "big-1")
    bad("a 5 MB JSONL line", "big_line.jsonl", "read", "larger than", 2)
    good("line after a huge line", "Peru declared", "big-3")
    (inbox / "blank_lines.jsonl").write_bytes(b"\n   \n\r\n")
    bad("JSONL with only blank lines", "blank_lines.jsonl", "read", "no documents")

    # ---- CSV ---------------------------------------------------------------------------------------
    (inbox / "good.csv").write_bytes(
        b'\xef\xbb\xbfdoc_id,text,published_at\r\n'
        b'csv-1,"Chile and Peru agreed to\r\nshare water data.",2025-02-01\r\n'
        b'csv-2,"Nepal asked India for help.",2025-02-02,an extra cell\r\n')
    good("CSV with BOM, CRLF and a quoted line break", "Chile and Peru", "csv-1")
    good("CSV row with an extra cell", "Nepal asked India", "csv-2")
    (inbox / "rows.csv").write_text("doc_id,text,published_at\n"
                                    "rows-1,,2025-01-01\n"
                                    "rows-2,Kenya hosted peace talks.,31/12/2024\n"
                                    "rows-3,Ghana opened an embassy in Seoul.,2025-01-03\n")
    bad("CSV row without text", "rows.csv", "validate", "Field required", 2)
    bad("CSV row with an unparseable date", "rows.csv", "validate", "not YYYY-MM-DD", 3)
    good("CSV row", "Ghana opened an embassy", "rows-3")
    (inbox / "notext.csv").write_text("title,body\nA,B\n")
    bad("CSV without a text column", "notext.csv", "parse", "no 'text' column")
    (inbox / "header_only.csv").write_text("doc_id,text\n")
    bad("CSV with a header and no rows", "header_only.csv", "read", "no rows")
    (inbox / "bigfield.csv").write_bytes(b"doc_id,text\nbf-1,Fiji joined the pact.\nbf-2," + b"w " * 1_000_000 + b"\n")
    good("CSV row before a 2 MB field", "Fiji joined", "bf-1")
    bad("a CSV field of 2 MB", "bigfield.csv", "parse", "field larger than field limit")
    (inbox / "utf16.csv").write_bytes("doc_id,text\nu-1,Hello\n".encode("utf-16"))
    bad("UTF-16 CSV", "utf16.csv", "read", "UTF-16")
    return c
