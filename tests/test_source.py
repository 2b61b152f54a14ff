"""Reading YAML: syntax, duplicate keys, encodings and hostile shapes, each with a location."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource_cli.errors import InputError
from outsource_cli.questionnaire import source


def problems(tmp_path: Path, content: bytes | str, name: str = "f.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(InputError) as info:
        source.load(path)
    return [str(p) for p in info.value.problems]


def test_parses_and_locates(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a:\n  b:\n    - x\n    - y: 1\n")
    doc = source.load(path)
    assert doc.data == {"a": {"b": ["x", {"y": 1}]}}
    assert doc.locate(["a", "b", 1, "y"]) == (4, 10)
    assert doc.locate(["a", "b", 1, "y"], key=True) == (4, 7)
    assert doc.locate(["a", "missing"]) == (2, 3)  # the deepest node reached


def test_duplicate_keys_are_errors_with_both_lines(tmp_path: Path) -> None:
    found = problems(tmp_path, "id: a\ntitle: x\nid: b\n")
    assert found == [f"{tmp_path}/f.yaml:3:1: Y002 duplicate key 'id' (first defined on line 1)"]


def test_nested_duplicates_all_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, "a:\n  x: 1\n  x: 2\nb:\n  - y: 1\n    y: 2\n")
    assert [p.split(": ", 1)[0].rsplit(":", 2)[1:] for p in found] == [["3", "3"], ["6", "5"]]


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert found.startswith(f"{tmp_path}/f.yaml:3:")
    assert "Y001 YAML syntax error" in found


def test_tab_indentation_says_so(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "a:\n  x: 1\n \tb: 1\n")
    assert found == f"{tmp_path}/f.yaml:3:2: Y007 a tab in the indentation: indent with spaces"


@pytest.mark.parametrize("content", ["", "   \n# only a comment\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    assert problems(tmp_path, content) == [f"{tmp_path}/f.yaml: Y003 is empty"]


def test_binary_and_bad_utf8(tmp_path: Path) -> None:
    assert problems(tmp_path, b"\x00\x01\x02") == [
        f"{tmp_path}/f.yaml: Y005 is binary data, not a text file"
    ]
    assert problems(tmp_path, b"a: 1\nb: \xff\xfe\n") == [
        f"{tmp_path}/f.yaml:2:4: Y005 is not valid UTF-8 text"
    ]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        source.load(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        source.load(tmp_path)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (found,) = problems(tmp_path, "\n".join(lines) + "\n")
    assert "too many aliases" in found


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested deeper than 64 levels" in found


def test_what_the_tool_writes_reads_back_the_same(tmp_path: Path) -> None:
    """A fingerprint like 123456e78901 is a text: written bare it would read back as a number."""
    from outsource_cli.questionnaire import source

    data = {"questions": {"a.b": "123456e78901", "a.c": "1e3", "a.d": "abc"}, "n": 1e3}
    path = tmp_path / "x.yaml"
    path.write_text(source.dump(data))
    assert source.load(path).data == data
