"""Gather every wheel a seat needs, so students install with no network and no uv.

The requirements come from the seats' own pyproject.toml (`--kit`, or `--project`), or from
the template rendered with the kit's answers (`--data`, as for the kit): the build backend
(`[build-system] requires`), the dependencies (the CLI framework's, and theirs) and pytest
(`--dev`: the whole `dev` group). They are
downloaded as wheels with `pip download`, once for every Python from the projects'
requires-python to the newest copier.yml offers, so a student's Python finds its own. Then,
in a seat, with the student's venv active:

    python -m pip install --no-index --find-links DIR . pytest
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import processes
from ..copier_cli import CopierError, render
from ..template_files import Template, files
from . import options
from .records import seat_folders

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: the copy pip carries
    from pip._vendor import tomli as tomllib  # type: ignore[no-redef]

RENDER_TIMEOUT = 300


def requirements_of(pyproject: Path, whole_dev_group: bool = False) -> tuple[list[str], str]:
    """(build requirements + dependencies + pytest, requires-python) of one pyproject.toml.

    pytest comes from the `dev` dependency group: a seat's own tests and exercise 5 run
    `python -m pytest`. The rest of the group (ruff, mypy) only with `whole_dev_group`.
    """
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    build = data.get("build-system", {}).get("requires", [])
    project = data.get("project", {})
    requirements = [*build, *project.get("dependencies", []), *tools_of(data, whole_dev_group)]
    return requirements, str(project.get("requires-python", ""))


def tools_of(pyproject: dict[str, Any], whole_dev_group: bool) -> list[str]:
    """The `dev` group's requirements gathered besides the project's own: pytest, or all."""
    group = pyproject.get("dependency-groups", {}).get("dev", [])
    dev = [r for r in group if isinstance(r, str)]
    return dev if whole_dev_group else [r for r in dev if re.match(r"pytest\b", r)]


def tool_names(pyprojects: list[Path], whole_dev_group: bool) -> list[str]:
    """The tools' distribution names, for the install line (`... . pytest`)."""
    names = set()
    for path in pyprojects:
        for requirement in tools_of(tomllib.loads(path.read_text("utf-8")), whole_dev_group):
            found = re.match(r"[A-Za-z0-9._-]+", requirement)
            names |= {found.group(0)} if found else set()
    return sorted(names)


def rendered_pyproject(template: Template, data: dict[str, str], temp: Path) -> Path:
    """Render the template with these answers (no tasks run) and return its pyproject.toml."""
    return render(template, data, temp / "project", timeout=RENDER_TIMEOUT) / "pyproject.toml"


def python_versions(requires: list[str]) -> list[str]:
    """Every 3.X from the lowest requires-python minimum to the newest CPython release listed
    in includes/python_releases.yml (the table copier.yml's python_min is made from): this
    clone's, or the copy shipped with the modfirst command, as for the name rules."""
    releases = files() / "includes" / "python_releases.yml"
    table = yaml.safe_load(releases.read_text("utf-8"))
    offered = [int(str(release["version"]).split(".")[1]) for release in table]
    running = sys.version_info[1]
    minimums = [int(m) for spec in requires for m in re.findall(r">=\s*3\.(\d+)", spec)]
    low = min(minimums or offered)
    return [f"3.{minor}" for minor in range(low, max(*offered, running) + 1)]


def download(
    requirements: list[str], folder: Path, version: str, platform: str | None
) -> processes.Completed:
    """`pip download` of the wheels for one Python (and platform), run from the wheel folder
    with -P, so no project's own modules come into it."""
    folder = folder.resolve()  # pip runs from the folder: a relative --dest would nest in it
    argv = processes.python_argv("-m", "pip", "download", "--only-binary=:all:", "--quiet")
    argv += ["--python-version", version, "--dest", str(folder), "--disable-pip-version-check"]
    argv += ["--platform", platform] if platform else []
    return processes.attempt([*argv, *requirements], cwd=folder, timeout="pip")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="where the wheels go (created if missing)")
    parser.add_argument("--kit", type=Path, help="read every seat's pyproject.toml in this kit")
    parser.add_argument(
        "--project", type=Path, action="append", default=[], help="a project (repeatable)"
    )
    options.add_data(parser, "render the template with these answers, as the kit does")
    options.add_template(parser, "the template to render")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="the whole `dev` dependency group (ruff, mypy), not only pytest",
    )
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        metavar="3.X",
        help="a Python the students have (repeatable; default: all the projects support)",
    )
    parser.add_argument(
        "--platform",
        action="append",
        default=[],
        help="a pip platform tag besides this machine's, e.g. win_amd64, macosx_11_0_arm64 "
        "(for wheels that are not pure Python, such as uv_build)",
    )


@dataclass(frozen=True)
class Options:
    """What the wheelhouse was asked, read once from the command line."""

    folder: Path
    kit: Path | None
    projects: list[Path]
    template: Template  # rendered with `data` when neither --kit nor --project is given
    data: dict[str, str]
    dev: bool
    pythons: list[str]
    platforms: list[str]


def options_of(args: argparse.Namespace) -> Options:
    return Options(
        args.folder,
        args.kit,
        list(args.project),
        options.template_of(args),
        dict(args.data),
        args.dev,
        list(args.python),
        list(args.platform),
    )


def pyprojects(opts: Options, temp: Path) -> list[Path]:
    found = [p / "pyproject.toml" if p.is_dir() else p for p in opts.projects]
    if opts.kit:
        seats = seat_folders(opts.kit)
        found += [seat / "pyproject.toml" for seat in seats if (seat / "pyproject.toml").is_file()]
    if not found:
        found.append(rendered_pyproject(opts.template, opts.data, temp))
    return found


def run(args: argparse.Namespace) -> int:
    opts = options_of(args)
    with tempfile.TemporaryDirectory(prefix="modfirst-wheelhouse-") as temp:
        try:
            sources = pyprojects(opts, Path(temp))
            read = [requirements_of(path, opts.dev) for path in sources]
            tools = tool_names(sources, opts.dev)
        except (OSError, ValueError, CopierError) as error:
            print(f"modfirst kit wheelhouse: cannot read the projects: {error}", file=sys.stderr)
            return 2
    requirements = sorted({req for reqs, _ in read for req in reqs})
    versions = opts.pythons or python_versions([spec for _, spec in read])
    opts.folder.mkdir(parents=True, exist_ok=True)
    print(f"wheelhouse: {', '.join(requirements) or 'nothing'} for Python {', '.join(versions)}")
    failed = []
    for version in versions:
        for platform in [None, *opts.platforms]:
            result = download(requirements, opts.folder, version, platform)
            where = f"Python {version}" + (f" on {platform}" if platform else "")
            if result.returncode != 0:
                said = [line for line in result.errors.splitlines() if line.strip()]
                failed.append(f"{where}: {said[-1] if said else 'pip download failed'}")
    wheels = sorted(p.name for p in opts.folder.glob("*.whl"))
    # A wheel tagged for one platform (not ...-none-any) serves only students on that platform.
    binary = [name for name in wheels if not name.endswith("-none-any.whl")]
    record = {
        "requirements": requirements,
        "pythons": versions,
        "platforms": ["this machine's", *opts.platforms],
        "wheels": wheels,
        "platform_specific": binary,
    }
    (opts.folder / "wheelhouse.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    for line in failed:
        print(f"  not gathered for {line}", file=sys.stderr)
    if binary and not opts.platforms:
        print(
            f"Note: {', '.join(sorted({n.split('-')[0] for n in binary}))} wheels are built for "
            "this machine's platform only; for students on other systems add e.g. --platform "
            "win_amd64 --platform macosx_11_0_arm64 --platform macosx_10_12_x86_64."
        )
    print(
        f"{len(wheels)} wheels in {opts.folder}. In a seat, with the venv active:\n"
        f"    python -m pip install --no-index --find-links {opts.folder.resolve()} "
        + " ".join([".", *tools])
    )
    return 1 if failed else 0
