from django.urls import path

from dastan.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("tag/<uslug:slug>/", views.tag_detail, name="tag"),
]
