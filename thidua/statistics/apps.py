from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "thidua.statistics"
    label = "statistics"
    verbose_name = "Thống kê"
    demo_loader = "thidua.statistics.demo.load"  # the emulation councils and the office's staff
    # The statutory statistics: the office, and a unit's officer for their own unit's report.
    nav_items = [
        ("Báo cáo thống kê", "statistics:index", "thidua.statistics.permissions.can_view_statistics")
    ]
