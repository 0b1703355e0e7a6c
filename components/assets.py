"""The components' assets: werkatelier/static, served by Streamlit for each component that asks."""

from __future__ import annotations

from pathlib import Path

import werkatelier

#: Every component of the project serves its scripts, the vendored bundle and the font from here.
ASSET_DIR = "static"


def ensure_served(component: str) -> None:
    """Register werkatelier/static as ``component``'s asset dir ("werkatelier.canvas") if
    Streamlit's discovery missed it.

    Streamlit finds the manifest in pyproject.toml for a source or editable install; a wheel
    ships no pyproject.toml, so there the same declaration is made here.
    """
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    manager = Runtime.instance().bidi_component_registry
    if manager.get_component_path(component) is not None:
        return
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

    project, name = component.split(".")
    manager.register_from_manifest(
        ComponentManifest(name=project, version="0", components=[ComponentConfig(name, ASSET_DIR)]),
        Path(werkatelier.__file__).parent)
