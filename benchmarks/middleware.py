"""Benchmark-only middleware (enabled by benchmarks/settings.py, never by the project's settings)."""

from django.db import connection


class QueryCount:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    """Add ``X-SQL-Queries``: how many SQL statements the server ran to answer this request.

    It counts in the gunicorn worker that answered, so the figure is the real
    server's (a page cache hit should say 0). The cost is one function call per
    statement, paid by every row of the benchmark alike, the baseline included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCount()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-SQL-Queries"] = str(counter.count)
        return response
