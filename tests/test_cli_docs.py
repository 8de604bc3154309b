"""Every CLI command has help text and a README entry (a command nobody can find does not exist)."""

from typer.main import get_command
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import PROJECT

COMMANDS = sorted(get_command(app).commands)


def test_the_commands_are_the_ones_of_the_contract() -> None:
    assert {"run", "extract", "timex", "query", "export"} <= set(COMMANDS)


def test_every_command_has_help_and_a_readme_entry() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert {"run", "extract", "timex", "query", "serve"} <= set(COMMANDS)
    for name in COMMANDS:
        command = get_command(app).commands[name]
        assert command.help and len(command.help) > 20, name
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
        assert f"`dateline {name}" in readme, f"README has no entry for `dateline {name}`"


def test_help_shows_the_default_warehouse() -> None:
    shown = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    assert "dateline.duckdb" in shown


def test_serve_without_a_reachable_api_says_so_in_one_line(tmp_path) -> None:
    done = CliRunner().invoke(
        app,
        ["serve", "--inbox", str(tmp_path), "--interval", "5"],
        env={"PREFECT_API_URL": "http://127.0.0.1:9/api", "COLUMNS": "300"},
    )
    assert done.exit_code == 1
    assert done.output.count("\n") == 1 and "no Prefect API answers at http://127.0.0.1:9/api" in done.output


def test_serve_needs_one_schedule_and_a_source(tmp_path) -> None:
    both = CliRunner().invoke(app, ["serve", "--inbox", str(tmp_path), "--interval", "5", "--cron", "* * * * *"])
    assert both.exit_code == 2 and "exactly one" in both.output
    nothing = CliRunner().invoke(app, ["serve", "--interval", "5"])
    assert nothing.exit_code == 2 and "--inbox" in nothing.output
