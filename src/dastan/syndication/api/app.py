"""The API object: ETags and CORS on every answer, 400 with a JSON body for every bad input."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, set_response_etag
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger

from dastan.syndication.api.errors import BadRequest
from dastan.syndication.api.routes import router


class PublicAPI(NinjaAPI):
    """A read-only NinjaAPI whose GET answers carry an ETag and may be read from any origin."""

    def create_response(self, request: HttpRequest, data, *, status: int | None = None,
                        temporal_response: HttpResponse | None = None) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        # Public, read-only data: any site may read it from a browser; the ETag lets it revalidate.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            set_response_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        return response


class LocalSwagger(Swagger):
    """Swagger UI from the site's own static files (ninja's template; ninja is not an installed app,
    which would make ninja fetch Swagger UI from a CDN: see settings.NINJA_DIR)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": False}
        return render(request, self.template, context)


api = PublicAPI(
    docs=LocalSwagger(),
    title="Dastan public API",
    version="1",
    description="Read-only access to published articles, sections, tags and authors. "
                "Every list is paginated by page number; bad input is a 400 with a JSON body.",
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Answer a malformed parameter with 400 (not ninja's 422), naming each field at fault."""
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid parameters.", "errors": errors}, status=400)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    return api.create_response(request, {"detail": exc.detail, "errors": []}, status=400)


api.add_router("", router)
