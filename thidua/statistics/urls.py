app_name = "statistics"

urlpatterns: list = []  # the statistics views are added here
