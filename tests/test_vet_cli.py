"""`outsource vet` end to end (issue 26): the acceptance example, the output formats, bad and
hostile input (the corpus in tests/data/hostile/vetting/ and fuzzed provider files)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
DECISION = EXAMPLES / "decisions" / "payroll-manufacturer.json"
PROVIDERS = sorted(str(p) for p in (EXAMPLES / "vetting").iterdir())
HOSTILE = Path(__file__).parent / "data" / "hostile" / "vetting"


def vet(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["vet", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_example_ranks_two_excludes_one_and_prices_them() -> None:
    code, out, err = vet(str(DECISION), *PROVIDERS, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["provider"] for r in data["ranking"]] == [
        "Northbridge Payroll",
        "Alpine Payroll Partners",
    ]
    [out_] = data["excluded"]
    assert out_["provider"] == "Pacific Ledger Services"
    assert {k["requirement"] for k in out_["knocked_out"]} == {
        "delivery_location", "data_location", "subcontracting", "overlap_hours"
    }  # fmt: skip
    prices = {r["provider"]: r["price"] for r in data["ranking"]}
    assert (
        prices["Northbridge Payroll"]["clears"] and not prices["Alpine Payroll Partners"]["clears"]
    )
    assert data["business_case"]["break_even_saving"] == 17.48
    assert data["margin"] == pytest.approx(1.18, abs=0.01)
    assert data["swap"]["kind"] == "weight"
    assert data["disagreements"] and data["gaps"]["gaps"]


def test_the_terminal_scorecard_names_the_excluded_and_the_break_even() -> None:
    code, out, _ = vet(str(DECISION), *PROVIDERS)
    assert code == 0
    assert "Pacific Ledger Services: deliver from your region or closer" in " ".join(out.split())
    assert "break-even saving 17.5 %" in out and "Clears break-even" in out
    code, out, _ = vet(str(DECISION), *PROVIDERS, "--format", "json")
    assert code == 0 and json.loads(out)["currency"] == "EUR"


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "text"])
def test_every_format(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"vet.{fmt}"
    code, _, err = vet(str(DECISION), *PROVIDERS, "--format", fmt, "-o", str(target))
    assert code == 0, err
    text = target.read_text()
    assert "Northbridge Payroll" in text
    # every price carries the decision's currency, in each figure (issue 24, item 2)
    assert "EUR 905.0k" in text and "EUR 980.0k" in text and "EUR 720.0k" in text
    if fmt != "csv":
        words = " ".join(text.split())
        assert "In-house EUR 1,100.0k a year" in words and "NPV EUR +13k" in words
        assert " thousand" not in words
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:2] == ["measure", "Northbridge Payroll"]
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text


def test_without_a_decision_the_policy_gates_exclude() -> None:
    code, out, err = vet("--no-decision", *PROVIDERS, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["provider"] for r in data["excluded"]] == ["Pacific Ledger Services"]
    assert data["excluded"][0]["knocked_out"][0]["requirement"] == "opaque_subcontracting"
    assert data["business_case"] is None


def test_a_decision_without_a_key_vet_needs_is_refused_clearly(tmp_path: Path) -> None:
    data = json.loads(DECISION.read_text())
    del data["location"]
    data["stages"] = {"new": "keys are fine"}
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps(data))
    code, out, err = vet(str(bad), *PROVIDERS)
    assert code == 2 and out == ""
    assert (
        "is not a decision written by `outsource assess --format json`: it has no 'location'" in err
    )


def test_new_keys_in_the_decision_are_ignored(tmp_path: Path) -> None:
    data = json.loads(DECISION.read_text())
    data["stages"] = [{"stage": "strategy"}]
    data["conditions"] = ["an exit plan"]
    d = tmp_path / "d.json"
    d.write_text(json.dumps(data))
    assert vet(str(d), *PROVIDERS, "--format", "json")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(DECISION)], "give a decision and at least one provider"),
        ([str(EXAMPLES / "vetting"), PROVIDERS[0]], "the first path is the decision"),
        ([str(DECISION), PROVIDERS[0], PROVIDERS[0]], "is given twice"),
        ([str(DECISION), "nope.yaml"], "nope.yaml: no such file or folder"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    code, _, err = vet(*args)
    assert code == 2 and message in err and "Traceback" not in err


def test_vet_takes_the_options_every_command_shares(tmp_path: Path) -> None:
    """-q is --quiet here too (docs/commands.md), --questionnaires has no short flag, and
    --output is FILE, as for every other command (issue 27: the options are declared once)."""
    target = tmp_path / "vet.json"
    code, _, err = vet(str(DECISION), *PROVIDERS, "-f", "json", "-o", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    code, _, err = vet(str(DECISION), *PROVIDERS, "-f", "json", "-o", str(target), "--force", "-q")
    assert code == 0 and err == "" and json.loads(target.read_text())["ranking"]
    sets = str(EXAMPLES.parent / "questionnaires")
    code, _, err = vet("-q", sets, str(DECISION), PROVIDERS[0])
    assert code == 2 and "the first path is the decision" in err  # -q takes no folder
    _, out, _ = vet("--help")
    flat = " ".join(out.split())
    assert "Usage: outsource vet [OPTIONS] [DECISION] PROVIDER... " in flat
    assert "--output -o FILE" in flat and "--questionnaires DIR" in flat


def test_vet_never_writes_over_its_inputs_even_with_force(tmp_path: Path) -> None:
    provider = tmp_path / "northbridge.yaml"
    provider.write_text((EXAMPLES / "vetting" / "northbridge.yaml").read_text())
    before = provider.read_text()
    for option in ("-o", "--output"):
        code, out, err = vet(str(DECISION), str(provider), option, str(provider), "--force")
        assert code == 2 and out == ""
        assert f"error: {provider}: is an input of this command" in err
        assert provider.read_text() == before
    code, _, err = vet(str(DECISION), str(provider), "-o", f"{tmp_path}/new/", "--force")
    assert code == 2 and "ends with /, so it names a directory" in err


EXPECTED = {
    "python-tag-provider.yaml": "2:11: Y001 unsupported YAML tag",
    "decision-without-location.json": "it has no 'location'",
    "escape-and-inf.yaml": "A002 terms.annual_price: expected a finite number",
    "billion-laughs.yaml": "Y006 expands to more than 200,000 values",
}


def test_every_file_in_the_vetting_corpus_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_vetting_input(name: str) -> None:
    path = str(HOSTILE / name)
    args = [path, PROVIDERS[0]] if name.endswith(".json") else [str(DECISION), path]
    code, out, err = vet(*args)
    assert code == 2 and out == "", err
    assert EXPECTED[name] in err and "Traceback" not in err and "\x1b" not in err
    assert not Path("/tmp/outsource-pwned").exists()


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["version", "provider", "respondent", "answers", "function", "x"]),
        values,
        max_size=5,
    ),
    st.dictionaries(st.sampled_from(["delivery", "terms", "fit", "nope"]), values, max_size=3),
)
def test_fuzzed_provider_files_never_crash(top: dict[str, object], answers: object) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(yaml.safe_dump({**top, "answers": answers}))
        code, _out, err = vet(str(DECISION), str(path), PROVIDERS[0])
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_answers_are_shown_by_their_option_labels(fmt: str) -> None:
    """An evaluator's answer reads as the provider set words it (the option's label, a number
    with its unit), never as the option's value in the file ("one_sided", "CFO tight")."""
    code, out, err = vet(str(DECISION), *PROVIDERS, "--format", fmt)
    assert code == 0, err
    flat = " ".join(out.split())
    for raw in ("one_sided", "one\\_sided", "CFO tight", "answered offshore", "(sound)"):
        assert raw not in flat
    assert "CFO “One-sided in places”" in flat
    assert "CFO “Tight: thin margin or a large share of its revenue”" in flat
    assert "(Head of HR operations answered “In a distant country”)" in flat
    assert "(Head of HR operations answered 3 hours)" in flat  # a number, with its unit
    assert "(“Yes: the cost model holds and we would be one client among many”) alone" in flat
