import pytest

from thidua.portal import cache


@pytest.fixture(autouse=True)
def portal_spool(settings, tmp_path):
    """Each test gets its own spool folder and an empty page cache."""
    settings.PORTAL_SPOOL_DIR = tmp_path / "spool"
    cache.clear()
    yield settings.PORTAL_SPOOL_DIR
    cache.clear()
