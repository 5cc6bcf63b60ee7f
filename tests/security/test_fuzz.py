"""Hostile input finds no 500: every public URL's query string and path, and the admin forms.

The public URLs are read from the URL resolver, so pages added later are fuzzed without editing
this file. Each test is bounded (a fixed number of examples, no shrinking deadline).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from dastan.publishing.models import Article
from dastan.publishing.roles import EDITOR
from tests import builders

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=10, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Parts of the URL map that are not public reader pages.
PRIVATE = {"admin", "preview", "media", "static"}


def public_routes() -> list[tuple[str, str, dict]]:
    """Return (id, route template, converters) for every public URL pattern, however it is mounted."""
    found = []

    def walk(patterns, prefix, converters, private):
        for entry in patterns:
            pattern = entry.pattern
            if isinstance(pattern, RoutePattern):
                piece, more = str(pattern), dict(pattern.converters)
            elif isinstance(pattern, RegexPattern):
                regex = pattern.regex.pattern.lstrip("^").rstrip("$")
                if regex.startswith("media/") or "(?P<" in regex:
                    continue  # uploaded files and raw regexes: not reader pages with a route
                piece, more = regex.replace("\\", ""), {}
            else:  # the edition prefix (/en/) from i18n_patterns
                piece, more = "en/", {}
            name = getattr(entry, "name", None) or getattr(entry, "namespace", None) or ""
            is_private = private or any(word in (name or "") for word in PRIVATE) or piece.startswith("admin")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + piece, {**converters, **more}, is_private)
            elif isinstance(entry, URLPattern) and not is_private:
                route = prefix + piece
                found.append((route or "/", route, {**converters, **more}))

    walk(get_resolver().url_patterns, "", {}, False)
    return found


ROUTES = public_routes()
NASTY = st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999999", "NaN", "None", "[]", "{}",
                         "%00", "\x00", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --",
                         "é", "𝕏", " ", "2026-13-45", "last", "1.5", "0x10", "\u202e", "a" * 3000])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUE = st.one_of(NASTY, TEXT, st.integers(min_value=-(2**70), max_value=2**70).map(str))
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(["page", "q", "tag", "section", "year", "month", "sort", "order", "edition",
                               "format", "limit", "offset", "cursor", "lang", "from", "to", "type"]), TEXT),
    st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=4)


def test_the_resolver_lists_the_reader_pages():
    """Guard: if this enumeration broke, the fuzzing below would silently test nothing."""
    routes = {route for _id, route, _conv in ROUTES}
    assert {"en/", "en/articles/<uslug:slug>/", "en/tag/<uslug:slug>/"} <= routes
    assert not any(route.startswith("admin") or "preview" in route for route in routes)


@pytest.fixture
def site(db):
    tag, section, author = builders.tag(slug="economy"), builders.section(slug="politics"), builders.author(
        slug="aida")
    article = builders.article(slug="budget", tags=[tag], section=section, authors=[author])
    return {"slug": ["budget", "economy", "politics", "aida"], "year": [article.published_at.year],
            "month": [article.published_at.month], "day": [article.published_at.day]}


def path_values(name, converter, site):
    known = site.get(name) or site["slug"]
    if converter.regex == "[0-9]+":
        return st.one_of(st.sampled_from(site.get(name) or [1]), st.integers(min_value=0, max_value=10**25))
    return st.one_of(st.sampled_from([str(v) for v in known]), TEXT.filter(lambda s: "/" not in s and s))


def fill(route: str, values: dict) -> str:
    from urllib.parse import quote

    def replace(match):
        return quote(str(values[match.group(2)]), safe="")
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


@pytest.mark.parametrize("route_id,route,converters", ROUTES, ids=[r[0] for r in ROUTES])
def test_public_url_never_answers_500(site, route_id, route, converters):
    client = Client(raise_request_exception=False)
    path_strategy = st.fixed_dictionaries(
        {name: path_values(name, conv, site) for name, conv in converters.items()})

    @FUZZ
    @given(path=path_strategy, params=PARAMS)
    def check(path, params):
        url = fill(route, path)
        response = client.get(url, params)
        assert response.status_code < 500, (url, params, response.status_code)

    check()


def form_fields(content: bytes) -> dict[str, list[str]]:
    """Return each field of the admin change form and the values a select offers."""
    doc = html.fromstring(content.decode())
    fields = {}
    for element in doc.xpath("//form[@id]//*[self::input or self::select or self::textarea][@name]"):
        name = element.get("name")
        if name in {"csrfmiddlewaretoken"} or element.get("type") in {"submit", "file"}:
            continue
        fields[name] = [o.get("value") for o in element.xpath(".//option") if o.get("value")]
    return fields


ADMIN_FORMS = ["/admin/publishing/article/add/", "/admin/publishing/section/add/",
               "/admin/publishing/author/add/", "/admin/taxonomy/tag/add/", "/admin/auth/user/add/",
               "CHANGE_ARTICLE"]


@pytest.mark.parametrize("url", ADMIN_FORMS)
def test_admin_forms_posted_with_random_values_never_answer_500(site, url):
    user = builders.user(EDITOR)
    if "auth/user" in url:
        user.groups.add(Group.objects.get(name="Administrator"))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if url == "CHANGE_ARTICLE":
        url = f"/admin/publishing/article/{Article.objects.get(slug='budget').pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page.content)
    assert len(fields) >= 3, fields
    strategies = {name: st.one_of(st.sampled_from(options), VALUE) if options else VALUE
                  for name, options in fields.items()}

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional=strategies))
    def check(data):
        response = client.post(url, data)
        assert response.status_code in {200, 302, 403}, (data, response.status_code)

    check()


@pytest.mark.parametrize("field", ["authors", "tags"])
@pytest.mark.parametrize("value", ["99999999999999999999999", "-99999999999999999999999", "1e9", "x"])
def test_article_form_with_an_impossible_id_is_a_form_error(site, field, value):
    """An id past 64 bits made SQLite raise OverflowError while Django checked the choices."""
    client = Client(raise_request_exception=False)
    client.force_login(builders.user(EDITOR))
    response = client.post("/admin/publishing/article/add/",
                           {"edition": "en", "headline": "H", "slug": "h", "status": "draft", field: value})
    assert response.status_code == 200
    page = html.fromstring(response.content)
    errors = page.xpath(f"//*[contains(@class, 'field-{field}')]//ul[@class='errorlist']")
    assert errors, response.content[:2000]
