"""Every CLI command has help text and a README entry (a command nobody can find does not exist)."""
from typer.main import get_command
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import PROJECT

COMMANDS = sorted(get_command(app).commands)


def test_the_commands_are_the_ones_of_the_contract() -> None:
    assert {"run", "extract", "timex", "query"} <= set(COMMANDS)


def test_every_command_has_help_and_a_readme_entry() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for name in COMMANDS:
        command = get_command(app).commands[name]
        assert command.help and len(command.help) > 20, name
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
        assert f"`dateline {name}" in readme, f"README has no entry for `dateline {name}`"


def test_help_shows_the_default_warehouse() -> None:
    shown = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    assert "dateline.duckdb" in shown
