"""The production settings plus one minimal view for bench/portal's same-run baseline."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.portal_support.urls"
