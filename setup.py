"""Packaging glue that pyproject.toml alone cannot express.

The default theme sits at the repository root (`themes/`), where artists expect to find it, but it
must install inside the package so that `pip install .` ships it. setuptools' declarative
configuration cannot combine package discovery with a renamed directory, so it is done here.
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["generator", "generator.*"]) + ["generator.themes"],
    package_dir={"generator.themes": "themes"},
)
