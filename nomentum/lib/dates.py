"""Date arithmetic inside SQL, the same on SQLite and PostgreSQL."""

from typing import Any

from django.db.models import DateField, Func, IntegerField


class AddDays(Func):
    """date + a number of days, which may be a column (the owner's silence rule).

    Only SQLite and PostgreSQL, the two databases Nomentum runs on, have SQL here.
    """

    output_field = DateField()
    arity = 2

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        date, days = self.get_source_expressions()
        date_sql, date_params = compiler.compile(date)
        days_sql, days_params = compiler.compile(days)
        return date_sql, days_sql, [*date_params, *days_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # SQLite keeps dates as ISO text. Adding to the day number and turning it back
        # into 'YYYY-MM-DD' text with date() is cheaper than a '+N days' modifier built
        # as a string for every row, and it takes negative days as PostgreSQL does
        # ('+-1 days' is no modifier). A NULL on either side gives NULL.
        date_sql, days_sql, params = self._parts(compiler, connection)
        return f"date(julianday({date_sql}) + ({days_sql}))", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # date + integer is a date in PostgreSQL.
        date_sql, days_sql, params = self._parts(compiler, connection)
        return f"({date_sql} + ({days_sql}))", params


class DaysBetween(Func):
    """The whole number of days from one date to another (later minus earlier: may be negative).

    Only SQLite and PostgreSQL, as for AddDays.
    """

    output_field = IntegerField()
    arity = 2

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, list[Any]]:
        """Return both sides' SQL, and their parameters in the order the SQL uses: end first."""
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        return start_sql, end_sql, [*end_params, *start_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # julianday() of two ISO dates differs by a whole number, stored as a float.
        start_sql, end_sql, params = self._parts(compiler, connection)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # date - date is an integer number of days in PostgreSQL.
        start_sql, end_sql, params = self._parts(compiler, connection)
        return f"({end_sql} - {start_sql})", params
