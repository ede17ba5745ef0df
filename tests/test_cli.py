"""Every command and sub-command of ``koen`` has help text and answers --help."""
import click
import typer.main
from typer.testing import CliRunner

from annotation.cli import app


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_has_help():
    root = typer.main.get_command(app)
    found = list(_commands(root))
    names = {" ".join(p) for p, _ in found}
    assert "ingest" in names
    runner = CliRunner()
    for path, cmd in found:
        assert (cmd.help or "").strip(), f"koen {' '.join(path)} has no help text"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output
        for param in cmd.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert (param.help or "").strip(), f"koen {' '.join(path)} option {param.name} has no help"
