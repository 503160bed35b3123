"""Headless Chromium for the HTML pages' tests, screenshots and benchmark: Debian's `chromium`
and `chromium-driver` (apt), driven by selenium. Nothing is downloaded: the browser and the
driver are the system's, and without them `missing()` says what to install."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# The flags that keep a browser on a closed network from waiting on connections it would make
# at start-up (updates, sync, field trials, QUIC).
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--allow-file-access-from-files",
)


def chromedriver() -> str | None:
    return shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )


def missing() -> str | None:
    """Why no browser can run here, or None when one can."""
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium (apt-get install chromium chromium-driver)"
    if chromedriver() is None:
        return "no chromedriver (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def start_browser(
    width: int = 1400, height: int = 900
) -> tuple[Any, tempfile.TemporaryDirectory[str]]:
    """A headless Chromium with a fresh profile (kept in the returned folder), logging network
    events so a test can tell whether the page made any request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.TemporaryDirectory(prefix="orgmodel-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile.name}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver()), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    return driver, profile
