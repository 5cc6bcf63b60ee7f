from django.urls import path, register_converter

from dastan.rates import views


class CurrencyConverter:
    regex = "[A-Z]{3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CurrencyConverter, "currency")

app_name = "rates"
urlpatterns = [
    path("rates/", views.index, name="index"),
    path("rates/latest.json", views.latest_json, name="latest-json"),
    path("rates/<currency:currency>/history.json", views.history_json, name="history-json"),
    path("rates/<currency:currency>/history.csv", views.history_csv, name="history-csv"),
    path("rates/<currency:currency>/chart.svg", views.chart_svg, name="chart-svg"),
]
