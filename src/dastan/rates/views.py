"""Reader pages and downloads: the rates page with charts and converter, JSON and CSV."""

import csv
import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dastan.rates import charts
from dastan.rates.formatting import quote_data, rate_text, ticker_data, units_text
from dastan.rates.forms import ConverterForm
from dastan.rates.models import CURRENCIES
from dastan.rates.services import history, latest_quotes

MAX_HISTORY_DAYS = 366 * 30
ERROR_UNKNOWN_CURRENCY = "Unknown currency {currency!r}: use one of KGS, KZT, TJS, UZS, TMT."
ERROR_BAD_DATE = "Parameter {name!r} must be a date as YYYY-MM-DD, not {value!r}."
ERROR_ORDER = "Parameter 'from' ({start}) must not be after 'to' ({end})."
ERROR_RANGE = f"Ask for at most {MAX_HISTORY_DAYS} days at a time."


def index(request):
    period = request.GET.get("period", charts.DEFAULT_PERIOD)
    if period not in charts.PERIODS:
        period = charts.DEFAULT_PERIOD  # an unknown period shows the default, it is not an error
    today = timezone.localdate()
    found = history(charts.period_start(period, today), today)
    chart_list = [(code, charts.chart(code, found[code])) for code in CURRENCIES]
    form = ConverterForm(request.GET if "amount" in request.GET else None)
    conversion = form.conversion() if form.is_bound and form.is_valid() else None
    return render(request, "rates/index.html", {
        "ticker": latest_quotes(),
        "charts": chart_list,
        "period": period,
        "periods": [(key, label) for key, (_days, label) in charts.PERIODS.items()],
        "form": form,
        "conversion": conversion,
    })


def latest_json(request):
    rates = [ticker_data(item) for item in latest_quotes()]
    return JsonResponse({"base": "USD", "rates": rates}, encoder=DjangoJSONEncoder)


def _history_request(request, currency: str):
    """Return (quotes, None) for a valid history request, or (None, (message, status))."""
    if currency not in CURRENCIES:
        return None, (ERROR_UNKNOWN_CURRENCY.format(currency=currency), 404)
    today = timezone.localdate()
    bounds = {}
    for name, default in (("to", today), ("from", None)):
        value = request.GET.get(name)
        if value in (None, ""):
            bounds[name] = default
            continue
        try:
            bounds[name] = datetime.datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            return None, (ERROR_BAD_DATE.format(name=name, value=value), 400)
    end = bounds["to"]
    start = bounds["from"]
    if start is None:
        try:
            start = end - datetime.timedelta(days=365)
        except OverflowError:  # to=0001-01-01
            start = datetime.date.min
    if start > end:
        return None, (ERROR_ORDER.format(start=start, end=end), 400)
    if (end - start).days > MAX_HISTORY_DAYS:
        return None, (ERROR_RANGE, 400)
    return history(start, end, [currency])[currency], None


def history_json(request, currency: str):
    quotes, error = _history_request(request, currency)
    if error:
        return JsonResponse({"error": error[0]}, status=error[1])
    return JsonResponse({"base": "USD", "currency": currency, "rates": [quote_data(q) for q in quotes]},
                        encoder=DjangoJSONEncoder)


def history_csv(request, currency: str):
    quotes, error = _history_request(request, currency)
    if error:
        return HttpResponse(error[0], status=error[1], content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{currency}-USD.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "currency", "units_per_usd", "usd_per_unit", "source", "is_demo"])
    for q in quotes:
        writer.writerow([q.date.isoformat(), q.currency, units_text(q.units_per_usd),
                         rate_text(q.usd_per_unit), q.source, "1" if q.is_demo else "0"])
    return response


def chart_svg(request, currency: str):
    if currency not in CURRENCIES:
        return HttpResponse(_("Unknown currency."), status=404, content_type="text/plain; charset=utf-8")
    period = request.GET.get("period", charts.DEFAULT_PERIOD)
    if period not in charts.PERIODS:
        return HttpResponse(_("Unknown period: use 30d, 1y or all."), status=400,
                            content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    found = history(charts.period_start(period, today), today, [currency])[currency]
    return render(request, "rates/chart.svg", {"chart": charts.chart(currency, found), "currency": currency,
                                               "standalone": True}, content_type="image/svg+xml")
