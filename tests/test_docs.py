"""Every command and option of `claims` is documented in the README."""
import re

from typer.main import get_command

from claimledger.cli import app

from conftest import ROOT


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    for name, command in group.commands.items():
        assert re.search(rf"claims {name}\b", readme), f"command {name} is not documented"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"option {opt} of {name} is not documented"
