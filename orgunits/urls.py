app_name = "orgunits"
urlpatterns = []
