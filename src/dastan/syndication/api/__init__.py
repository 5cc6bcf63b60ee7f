"""The public read-only API under /api/ (django-ninja; OpenAPI 3 at /api/openapi.json)."""
