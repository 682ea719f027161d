"""Temporary: the names adopt used before template_files.py; removed once adopt imports that."""

from .template_files import Template
from .template_files import files as rules_folder

__all__ = ["Template", "rules_folder"]
