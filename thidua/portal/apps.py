import os
import sys

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thidua.portal"
    verbose_name = "Cổng thông tin"
    demo_loader = "thidua.portal.demo.load"
    hooks = {"public_content_changed": "thidua.portal.hooks.public_content_changed"}
    # Editors reach the editing pages; everybody else the public site.
    nav_items = [
        ("Biên tập cổng thông tin", "portal:editor_home", "thidua.portal.permissions.is_portal_editor"),
        ("Cổng thông tin", "portal:home", "thidua.portal.permissions.is_not_portal_editor"),
    ]

    def ready(self):
        # The development server flushes view counts in the background like gunicorn workers do
        # (deploy/gunicorn.conf.py starts the flusher in each worker).
        if "runserver" in sys.argv and os.environ.get("RUN_MAIN") == "true":
            from thidua.portal.counting import start_flusher

            start_flusher()
