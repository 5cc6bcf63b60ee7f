from django.urls import path

from dastan.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<uslug:slug>/", views.article_detail, name="article"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("author/<uslug:slug>/", views.author_detail, name="author"),
    path("archive/<int:year>/", views.archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.archive, name="archive-day"),
]
