from django.urls import path

from dastan.stories import views

app_name = "stories"
urlpatterns = [
    path("tag/<uslug:slug>/timeline/", views.tag_timeline, name="timeline"),
]
