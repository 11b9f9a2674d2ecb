"""The ripeness web app (Streamlit), started by ``ripeness app``.

The app is :data:`APP_PATH`; its logic lives in :mod:`ripeness.app.state` (no Streamlit needed
to import or test it).
"""

from __future__ import annotations

from pathlib import Path

#: The Streamlit script (``streamlit run APP_PATH``).
APP_PATH = Path(__file__).with_name("streamlit_app.py")

__all__ = ["APP_PATH"]
