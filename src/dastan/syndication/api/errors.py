"""Errors the API answers with 400 and a JSON body, never a 500."""


class BadRequest(Exception):
    """The request's parameters cannot be answered: unknown filter value, impossible range, page."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail
