from django.apps import AppConfig

from thidua.core.periodic import Periodic


class PortalConfig(AppConfig):
    name = "thidua.portal"
    verbose_name = "Cổng thông tin"
    demo_loader = "thidua.portal.demo.load"
    hooks = {
        "public_content_changed": "thidua.portal.hooks.public_content_changed",
        "todo_items": "thidua.portal.todo.todo_items",
    }
    # Editors reach the editing pages; everybody else the public site.
    nav_items = [
        ("Biên tập cổng thông tin", "portal:editor_home", "thidua.portal.permissions.is_portal_editor"),
        ("Cổng thông tin", "portal:home", "thidua.portal.permissions.is_not_portal_editor"),
    ]

    # Where rows name files (manage.py check_files, thidua.core.files).
    file_stores = ["thidua.portal.images.file_stores"]

    # Run by the workers (manage.py run_worker): each host's spooled view counts are flushed every
    # few seconds; scheduled publications are recorded every minute.
    periodic_tasks = [
        Periodic(
            "portal.flush_views",
            task="thidua.portal.tasks.flush_views",
            every_setting="PORTAL_FLUSH_INTERVAL",
            per_host=True,
        ),
        Periodic("portal.publish_scheduled", task="thidua.portal.tasks.publish_scheduled", every=60),
    ]
