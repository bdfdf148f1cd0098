import pytest


@pytest.fixture(autouse=True)
def inline_imports(settings):
    """Run award imports in the test's thread (a worker thread cannot see the test transaction)."""
    settings.AWARDS_IMPORT_INLINE = True
