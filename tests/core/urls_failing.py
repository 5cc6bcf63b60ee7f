from django.urls import path


def explode(request):
    raise RuntimeError("boom")


urlpatterns = [path("explode/", explode)]
handler500 = "dastan.core.views.server_error"
