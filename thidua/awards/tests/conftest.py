from thidua.core.tests.backends import background_tasks  # noqa: F401 - a fixture for the browser tests
