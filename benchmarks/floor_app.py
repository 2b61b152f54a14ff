"""The least any typer CLI of ours can cost: one command, yaml imported, one line printed."""

import typer
import yaml

app = typer.Typer(add_completion=False)


@app.command()
def main(name: str = "floor") -> None:
    """Print one line."""
    print(name, yaml.__version__)


if __name__ == "__main__":
    app()
