import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` on the production settings, made once per run
    (compressing every file takes most of a minute)."""
    from tests.site.test_security import production_env

    root = tmp_path_factory.mktemp("static")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=production_env(DJANGO_STATIC_ROOT=str(root)), check=True, timeout=300)  # fmt: skip
    return root
