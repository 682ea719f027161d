"""setup.cfg pointed at src/ as a maintainer edits it (modfirst.adopt.setup_cfg)."""

from __future__ import annotations

from modfirst.adopt import setup_cfg

CONFIG = """\
[metadata]
name = greeter
version = attr: greeter.__version__

[options]
packages = find:
include_package_data = True

[options.package_data]
greeter = *.json
"""


def test_find_gets_where_src_and_options_get_package_dir_every_other_line_kept() -> None:
    edit = setup_cfg.to_src(CONFIG, "greeter", single=False)
    assert edit.problem == ""
    assert (
        edit.text
        == CONFIG.replace(
            "include_package_data = True\n",
            "include_package_data = True\npackage_dir =\n    =src\n",
        )
        + "\n[options.packages.find]\nwhere = src\n"
    )
    assert edit.changes == [
        "setup.cfg: [options.packages.find] where = src",
        "setup.cfg: [options] package_dir = =src",
    ]


def test_a_published_module_becomes_the_listed_package() -> None:
    edit = setup_cfg.to_src("[options]\r\npy_modules = tool\r\n", "tool", single=True)
    assert edit.text == "[options]\r\npackages = tool\r\npackage_dir =\r\n    =src\r\n"


def test_a_folder_given_already_is_a_problem_not_a_guess() -> None:
    placed = CONFIG + "\n[options.packages.find]\nwhere = lib\n"
    assert setup_cfg.to_src(placed, "greeter", False).problem
    assert setup_cfg.to_src("[options]\npackage_dir =\n  =lib\n", "x", False).problem
    assert setup_cfg.places_packages(CONFIG) and not setup_cfg.places_packages("[metadata]\n")
