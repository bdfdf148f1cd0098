import os
import sys

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thidua.portal"
    verbose_name = "Cổng thông tin"
    demo_loader = "thidua.portal.demo.load"
    hooks = {"public_content_changed": "thidua.portal.hooks.public_content_changed"}
    nav_items = [("Cổng thông tin", "portal:editor_home")]

    def ready(self):
        # The development server flushes view counts in the background like gunicorn workers do
        # (deploy/gunicorn.conf.py starts the flusher in each worker).
        if "runserver" in sys.argv and os.environ.get("RUN_MAIN") == "true":
            from thidua.portal.counting import start_flusher

            start_flusher()
