app_name = "cpd"

urlpatterns: list = []
