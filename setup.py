"""The package list, computed so that a new package under kg/ ships without editing a list; the
rest of the packaging (metadata, the bundled folders' mapping, package data) is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

BUNDLED = ("grammars", "ontology", "queries", "data")   # top-level folders shipped as kg.<folder>

setup(packages=find_namespace_packages(include=["kg", "kg.*"]) + [f"kg.{folder}" for folder in BUNDLED])
